import type { TokenRefusalReason } from './entra-token.verifier';

/**
 * Counts refused tokens by reason and hands the counts to `flush` at most once per
 * interval, so refusals are audited without letting a flood of bad tokens write to the
 * database per request. Nothing of the token itself is kept.
 */
export class TokenRefusalRecorder {
  private counts = new Map<TokenRefusalReason, number>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly flush: (counts: Partial<Record<TokenRefusalReason, number>>) => Promise<void>,
    private readonly intervalMs = 10_000,
  ) {}

  record(reason: TokenRefusalReason): void {
    this.counts.set(reason, (this.counts.get(reason) ?? 0) + 1);
    if (!this.timer) {
      this.timer = setTimeout(() => void this.drain(), this.intervalMs);
      this.timer.unref();
    }
  }

  /** Writes what has been counted so far; also called at shutdown. */
  async drain(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.counts.size === 0) return;
    const counts = Object.fromEntries(this.counts);
    this.counts = new Map();
    await this.flush(counts);
  }
}
