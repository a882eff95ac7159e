/** Nonces seen on signed calls: each may be used once [AUTHSVC] [KC-18]. Bounded so a hostile client cannot grow it without limit. */
export class NonceRegistry {
  private readonly seen = new Set<string>();

  constructor(private readonly capacity = 100_000) {}

  /** True the first time a nonce is presented, false on any reuse. */
  use(nonce: string): boolean {
    if (this.seen.has(nonce)) return false;
    if (this.seen.size >= this.capacity) {
      const oldest = this.seen.values().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
    this.seen.add(nonce);
    return true;
  }
}
