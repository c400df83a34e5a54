/**
 * Figures computed once per section and year and kept: the protected counts
 * of a year are the same for every dashboard of that year, and computing them
 * (and the year's statistics) takes far longer than reading them. Once older
 * than the TTL, the figures kept are still served while they are computed
 * again in the background, so only the first request for a year waits. Concurrent requests share one computation; a
 * failed first computation is not kept, and a failed refresh keeps the figures
 * it would have replaced. A TTL of 0 keeps nothing once computed (every
 * request computes, but requests at the same moment share one computation).
 */
export class FiguresCache {
  private readonly entries = new Map<string, { at: number; figures: Promise<unknown>; refreshing: boolean }>();
  private readonly ttlMs: number;

  constructor(ttlMs: number) {
    this.ttlMs = ttlMs;
  }

  get<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const entry = this.entries.get(key);
    if (entry) {
      if (this.ttlMs > 0 && Date.now() - entry.at >= this.ttlMs && !entry.refreshing) this.refresh(key, entry, compute);
      return entry.figures as Promise<T>;
    }
    const figures = compute();
    this.entries.set(key, { at: Date.now(), figures, refreshing: false });
    // Without a TTL the figures are shared only while they are being computed.
    const forget = () => {
      if (this.entries.get(key)?.figures === figures) this.entries.delete(key);
    };
    figures.then(() => this.ttlMs <= 0 && forget(), forget);
    return figures;
  }

  private refresh(key: string, entry: { refreshing: boolean }, compute: () => Promise<unknown>): void {
    entry.refreshing = true;
    compute().then(
      (figures) => this.entries.set(key, { at: Date.now(), figures: Promise.resolve(figures), refreshing: false }),
      () => {
        entry.refreshing = false;
      },
    );
  }
}
