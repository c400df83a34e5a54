/** A minimal GraphQL-over-HTTP client for tests: real requests, no mocking. */

export interface GraphQLResponse<TData = any> {
  status: number;
  data?: TData | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export interface GraphQLRequestOptions {
  variables?: Record<string, unknown>;
  token?: string;
  headers?: Record<string, string>;
  requestId?: string;
}

export async function graphql<TData = any>(
  url: string,
  query: string,
  options: GraphQLRequestOptions = {},
): Promise<GraphQLResponse<TData>> {
  const { headers: _, ...answer } = await graphqlWithHeaders<TData>(url, query, options);
  return answer;
}

/** {@link graphql}, with the answer's HTTP headers beside its status and body (`Retry-After`, `Allow`, ...). */
export async function graphqlWithHeaders<TData = any>(
  url: string,
  query: string,
  options: GraphQLRequestOptions = {},
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
    body: JSON.stringify({ query, variables: options.variables }),
  });
  const body = (await response.json()) as Omit<GraphQLResponse<TData>, 'status'>;
  return { status: response.status, headers: response.headers, ...body };
}
