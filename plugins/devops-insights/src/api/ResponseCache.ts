/**
 * Shared GET responses of the client, keyed by request URL: the tabs, the
 * tables' pages and a window changed back and forth ask the same questions,
 * and concurrent identical requests share one fetch. A window is part of the
 * key, so a new window never reads an old one's answers; entries expire after
 * `ttlMs` and the oldest go first beyond `maxEntries`. Failures are not kept,
 * so a retry asks again.
 */
export class ResponseCache {
  private readonly entries = new Map<
    string,
    { at: number; value: Promise<unknown> }
  >();

  constructor(
    private readonly options: {
      maxEntries: number;
      ttlMs: number;
      now?: () => number;
    },
  ) {}

  get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const now = (this.options.now ?? Date.now)();
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.options.ttlMs) {
      // Re-inserted so that the Map's order stays least recently used first.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value as Promise<T>;
    }
    const value = load();
    this.entries.set(key, { at: now, value });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    while (this.entries.size > this.options.maxEntries) {
      this.entries.delete(this.entries.keys().next().value!);
    }
    return value;
  }

  clear() {
    this.entries.clear();
  }
}
