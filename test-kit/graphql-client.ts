/** A minimal GraphQL-over-HTTP client for tests: real requests, no mocking. */

export interface GraphQLResponse<TData = any> {
  status: number;
  data?: TData | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export async function graphql<TData = any>(
  url: string,
  query: string,
  options: { variables?: Record<string, unknown>; token?: string; headers?: Record<string, string>; requestId?: string } = {},
): Promise<GraphQLResponse<TData>> {
  const { headers: _, ...answer } = await postGraphQL<TData>(url, { query, variables: options.variables }, options);
  return answer;
}

/**
 * A GraphQL-over-HTTP POST of a body as given (a text, an id, both, or neither),
 * answered with the response's headers too.
 */
export async function postGraphQL<TData = any>(
  url: string,
  body: Record<string, unknown>,
  options: { token?: string; headers?: Record<string, string>; requestId?: string } = {},
): Promise<GraphQLResponse<TData> & { headers: Headers }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      // Followed by the gateway into every subgraph it asks (sqlStatementsDuring counts by it).
      ...(options.requestId ? { 'x-request-id': options.requestId } : {}),
      ...options.headers,
    },
    body: JSON.stringify(body),
  });
  const answer = (await response.json()) as Omit<GraphQLResponse<TData>, 'status'>;
  return { status: response.status, headers: response.headers, ...answer };
}
