/**
 * The one in-memory TTL cache (no maintained small one is installed): platform look-ups an adapter
 * may repeat for a while (Slack profiles and memberships, Discord's "not a member there"). Only
 * for what is cheap to lose: durable state goes to `AdapterState`. Time comes in so tests can
 * move it; at `maxEntries` it starts over rather than grow without bound.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; expires: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number,
    private readonly maxEntries = 5_000,
  ) {}

  /** The cached value, or `load()`'s, which is then kept for the TTL. */
  async get(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.peek(key);
    if (hit) return hit.value;
    const value = await load();
    this.set(key, value);
    return value;
  }

  /** The live entry for `key`, if any (wrapped, so a cached `undefined` is still a hit). */
  peek(key: string): { value: V } | undefined {
    const hit = this.entries.get(key);
    return hit && hit.expires > this.now() ? { value: hit.value } : undefined;
  }

  set(key: string, value: V): void {
    if (this.entries.size >= this.maxEntries) this.entries.clear();
    this.entries.set(key, { value, expires: this.now() + this.ttlMs });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
