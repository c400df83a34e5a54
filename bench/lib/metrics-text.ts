/**
 * Reads a service's `GET /metrics` (Prometheus text) for `npm run
 * bench:events`: the sum of a metric's samples whose labels include the given
 * ones (a counter across event types, say).
 */
export async function metricSum(serviceUrl: string, name: string, labels: Record<string, string> = {}): Promise<number> {
  const response = await fetch(new URL('/metrics', serviceUrl));
  if (!response.ok) throw new Error(`${new URL('/metrics', serviceUrl).href} answered HTTP ${response.status}`);
  return sumOf(await response.text(), name, labels);
}

/** The sum over one metric's samples in a Prometheus text exposition, of those whose labels include `labels`. */
export function sumOf(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!sample || sample[1] !== name) continue;
    const own = Object.fromEntries(
      [...(sample[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (Object.entries(labels).every(([key, value]) => own[key] === value)) sum += Number(sample[3]);
  }
  return sum;
}
