/**
 * Load at fixed concurrency for a fixed time, with autocannon: every
 * connection sends a workload's requests in turn, back to back. Latency is
 * taken from every response (autocannon's own histogram keeps whole
 * milliseconds and only 2xx); an error is a connection error or timeout, a
 * non-2xx answer, or a 2xx answer whose body carries GraphQL `errors`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import autocannon, { type Request } from 'autocannon';
import { SIGNATURE_HEADER, signSubgraphRequest, type RequestSigningSettings } from '#identity';
import { PURPOSE_HEADER } from '#identity';
import { bodyOf, groupsOf, type WorkloadRequest } from '#test-kit';
import { round, summarize, type LatencySummary } from './stats.ts';

export interface LoadOptions {
  url: string;
  connections: number;
  seconds: number;
  requests: readonly WorkloadRequest[];
  /** Sign each request as the gateway would (a subgraph as shipped, asked directly). */
  signing?: RequestSigningSettings;
}

export interface LoadResult {
  seconds: number;
  responses: number;
  requestsPerSecond: number;
  latencyMs: LatencySummary;
  errors: { total: number; connection: number; timeouts: number; non2xx: number; graphql: number };
  statusCodes: Record<string, number>;
}

export async function drive(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  let graphqlErrors = 0;
  let non2xx = 0;
  const target = new URL(options.url);
  const { signing } = options;
  const requests: Request[] = options.requests.map((request) => ({
    method: 'POST',
    path: target.pathname,
    headers: request.headers,
    body: request.body,
    // The body its group's earlier answers make (a write on what the one before created); signed as it is sent: a signature is good for 60 seconds.
    ...(signing || request.bodyFrom
      ? {
          setupRequest: (sent: Request, kept: object) => {
            const body = bodyOf(request, kept as Record<string, unknown>);
            return {
              ...sent,
              body,
              headers: signing ? { ...sent.headers, [SIGNATURE_HEADER]: signatureFor(signing, request, body) } : sent.headers,
            };
          },
        }
      : {}),
    onResponse: (status: number, body: string, kept: object) => {
      if (status < 200 || status > 299) non2xx++;
      // A write answered with userErrors wrote nothing: as much an error as a refusal.
      else if (body.includes('"errors":') || body.includes('"userErrors":[{')) graphqlErrors++;
      else if (request.keep) request.keep(JSON.parse(body).data, kept as Record<string, unknown>);
    },
  }));
  let clients = 0;
  const groups = groupsOf(options.requests);
  const instance = autocannon({
    url: target.origin,
    connections: options.connections,
    duration: options.seconds,
    timeout: 30,
    requests,
    // Each connection is one caller (or a few) with requests of its own: connection i sends requests i, i + C, i + 2C, ...
    // Where there are fewer requests than connections (the anonymous directory), connections share them.
    // Where requests come in groups (one person's steps), connection i sends group i's, in order.
    setupClient: (client) => {
      const index = clients++;
      const own =
        groups.length > 0
          ? requests.filter((_, k) => options.requests[k]!.group === groups[index % groups.length])
          : requests.filter((_, k) => k % options.connections === index % options.connections);
      client.setRequests(own.length > 0 ? own : [requests[index % requests.length]!]);
    },
  });
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => void latencies.push(responseTime));
  const result = await instance;
  const errors = { connection: result.errors - result.timeouts, timeouts: result.timeouts, non2xx, graphql: graphqlErrors };
  return {
    seconds: result.duration,
    responses: latencies.length,
    requestsPerSecond: round(latencies.length / result.duration, 1),
    latencyMs: summarize(latencies),
    errors: { total: errors.connection + errors.timeouts + errors.non2xx + errors.graphql, ...errors },
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, Number(count)])),
  };
}

function signatureFor(signing: RequestSigningSettings, request: WorkloadRequest, body: string): string {
  return signSubgraphRequest({
    secret: signing.secret,
    body,
    authorization: request.headers.authorization,
    purpose: request.headers[PURPOSE_HEADER],
  });
}

/** Clock ticks per second of /proc's CPU times (USER_HZ: 100 on every Linux build that matters here). */
const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used so far; null where /proc is not there. */
export function cpuSecondsOf(pid: number): number | null {
  try {
    // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** The whole machine's busy and total CPU seconds so far (every core), from /proc/stat. */
export function machineCpuSeconds(): { busy: number; total: number } | null {
  try {
    const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
    const [user, nice, system, idle, iowait, irq, softirq, steal] = values.map(Number) as number[];
    const busy = user! + nice! + system! + irq! + softirq! + steal!;
    return { busy: busy / TICKS_PER_SECOND, total: (busy + idle! + iowait!) / TICKS_PER_SECOND };
  } catch {
    return null;
  }
}

/** CPU seconds so far and process title of every PostgreSQL server process, by pid. */
export type PostgresSnapshot = Map<number, { cpu: number; title: string }>;

export function postgresSnapshot(): PostgresSnapshot {
  const snapshot: PostgresSnapshot = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const title = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      if (title.startsWith('postgres:')) snapshot.set(Number(entry), { cpu: cpuSecondsOf(Number(entry)) ?? 0, title });
    } catch {
      // gone meanwhile
    }
  }
  return snapshot;
}

/**
 * CPU seconds the PostgreSQL server spent for a database between two
 * snapshots: its client backends (whose titles name the database), the
 * parallel workers of those, and the server's own background processes (WAL
 * writer, checkpointer, ...), not the backends of other databases (other
 * work on a shared machine). A process that started meanwhile counts in full;
 * one that ended meanwhile is lost (its last seconds with it).
 */
export function postgresCpuSecondsBetween(before: PostgresSnapshot, after: PostgresSnapshot, database: string): number {
  const isBackend = (title: string) => /\(\d+\)|\[local\]/.test(title);
  const forDatabase = (pid: number): boolean => {
    const title = after.get(pid)?.title ?? before.get(pid)?.title ?? '';
    const leader = /parallel worker for PID (\d+)/.exec(title);
    if (leader) return leader[1] !== String(pid) && forDatabase(Number(leader[1]));
    return !isBackend(title) || title.split(' ').includes(database);
  };
  let total = 0;
  for (const [pid, { cpu }] of after) if (forDatabase(pid)) total += cpu - (before.get(pid)?.cpu ?? 0);
  return total;
}
