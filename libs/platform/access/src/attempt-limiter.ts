/**
 * Counts failed attempts per client (e.g. opening visitor links that do not work) in a
 * sliding window, so guessing links is slow: past `limit` failures in `windowMs` the
 * client is refused until old failures age out. In-process; each API replica counts its own.
 */
export class AttemptLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  isBlocked(client: string): boolean {
    return this.recent(client).length >= this.limit;
  }

  recordFailure(client: string): void {
    const times = this.recent(client);
    times.push(this.now());
    this.failures.set(client, times);
    if (this.failures.size > 50_000) this.prune();
  }

  private recent(client: string): number[] {
    const since = this.now() - this.windowMs;
    const times = (this.failures.get(client) ?? []).filter((t) => t > since);
    if (times.length) this.failures.set(client, times);
    else this.failures.delete(client);
    return times;
  }

  private prune(): void {
    for (const client of [...this.failures.keys()]) this.recent(client);
  }
}
