/**
 * Polls a process's `GET /ready` until it answers 200: how `npm start` and
 * `npm run bench` know a process they started can take requests.
 */
export async function waitUntilReady(label: string, readyUrl: string, timeoutMs: number, options: { cancelled?: () => boolean } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (options.cancelled?.()) return;
    try {
      if ((await fetch(readyUrl, { signal: AbortSignal.timeout(1_000) })).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${label} was not ready at ${readyUrl} within ${timeoutMs / 1000} s`);
}
