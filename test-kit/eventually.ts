/**
 * Polls until `read` answers something truthy, and answers it; fails naming
 * `what` after `timeoutMs`: for what another process does in its own time
 * (an event delivered, a relay's retry counted).
 */
export async function eventually<T>(read: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
