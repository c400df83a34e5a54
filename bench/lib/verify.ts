/**
 * Before anything is timed: every configuration must answer every request of
 * a workload with the same `data` as the product, without errors, or the
 * comparison would time a wrong answer. The same sequential requests give the
 * SQL statements each costs (nothing else runs meanwhile).
 */
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { SIGNATURE_HEADER, signSubgraphRequest, type RequestSigningSettings } from '#identity';
import { PURPOSE_HEADER } from '#identity';
import { sqlStatementsOf } from '#test-kit';
import { bodyOf, type Workload, type WorkloadRequest } from '#test-kit';

export interface Answer {
  status: number;
  data?: unknown;
  errors?: { message: string; path?: unknown[]; extensions?: { code?: unknown } }[];
}

export async function send(url: string, request: WorkloadRequest, signing?: RequestSigningSettings, requestId?: string): Promise<Answer> {
  const headers: Record<string, string> = { ...request.headers };
  if (requestId) headers['x-request-id'] = requestId;
  if (signing) {
    headers[SIGNATURE_HEADER] = signSubgraphRequest({
      secret: signing.secret,
      body: request.body,
      authorization: headers.authorization,
      purpose: headers[PURPOSE_HEADER],
    });
  }
  const response = await fetch(url, { method: 'POST', headers, body: request.body });
  const text = await response.text();
  try {
    return { status: response.status, ...(JSON.parse(text) as Omit<Answer, 'status'>) };
  } catch {
    return { status: response.status, errors: [{ message: `not JSON: ${text.slice(0, 200)}` }] };
  }
}

/** The first path at which two JSON values differ, for a loud failure. */
export function firstDifference(a: unknown, b: unknown, at = '$'): string | null {
  if (isDeepStrictEqual(a, b)) return null;
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const found = firstDifference((a as any)[key], (b as any)[key], `${at}.${key}`);
      if (found) return found;
    }
  }
  return `${at}: ${JSON.stringify(a)?.slice(0, 160)} vs ${JSON.stringify(b)?.slice(0, 160)}`;
}

export interface Verified {
  /** Rows the workload's requests answer, one entry per request. */
  rows: number[];
  /** SQL statements per request (mean over the workload's requests), per subgraph, with the total. */
  sqlPerRequest: { total: number; perSubgraph: Record<string, number> };
}

/**
 * Sends each request of the workload once to `url`, checks the answer (HTTP
 * 200, no errors, the workload's own check, and the same data as `reference`
 * gave, when given) and counts the SQL statements each request cost on the
 * subgraphs at `subgraphUrls` (by its request id, which every gateway
 * forwards). Throws on the first wrong answer.
 */
export async function verifyConfiguration(options: {
  workload: Workload;
  label: string;
  url: string;
  signing?: RequestSigningSettings;
  subgraphUrls: Record<string, string>;
  reference?: Map<string, unknown>;
}): Promise<Verified & { answers: Map<string, unknown> }> {
  const { workload, label } = options;
  const answers = new Map<string, unknown>();
  const rows: number[] = [];
  const totals: Record<string, number> = {};
  const keptByGroup = new Map<string | undefined, Record<string, unknown>>();
  for (const request of workload.requests) {
    const requestId = randomUUID();
    const kept = keptByGroup.get(request.group) ?? {};
    keptByGroup.set(request.group, kept);
    const answer = await send(options.url, { ...request, body: bodyOf(request, kept) }, options.signing, requestId);
    const { perSubgraph } = await sqlStatementsOf(options.subgraphUrls, requestId);
    for (const [name, statements] of Object.entries(perSubgraph)) totals[name] = (totals[name] ?? 0) + statements;
    const where = `${workload.name} "${request.label}" through ${label}`;
    if (answer.status !== 200 || answer.errors?.length) {
      throw new Error(
        `${where}: HTTP ${answer.status}, errors ${JSON.stringify(answer.errors?.slice(0, 3).map((e) => ({ message: e.message, code: e.extensions?.code, path: e.path?.join('.') })))}`,
      );
    }
    rows.push(workload.check(answer.data, request).rows);
    request.keep?.(answer.data, kept);
    const expected = options.reference?.get(request.label);
    if (options.reference) {
      const difference = firstDifference(answer.data, expected);
      if (difference) throw new Error(`${where}: answers other data than the product, first at ${difference}`);
    }
    answers.set(request.label, answer.data);
  }
  const n = workload.requests.length;
  const perSubgraph = Object.fromEntries(Object.entries(totals).map(([name, total]) => [name, Math.round((total / n) * 10) / 10]));
  return {
    answers,
    rows,
    sqlPerRequest: { total: Math.round((Object.values(totals).reduce((a, b) => a + b, 0) / n) * 10) / 10, perSubgraph },
  };
}
