/**
 * Login throttling: after `maxFailures` failed attempts for one username (or from one
 * address) within `windowMs`, further attempts are refused until the window has passed.
 * Counting failures only means a user who types correctly is never slowed down.
 */
export class LoginLimiter {
  readonly #failures = new Map<string, number[]>();
  constructor(
    readonly maxFailures = 5,
    readonly windowMs = 15 * 60_000,
    readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds until the key may try again, or 0 when it may try now. */
  retryAfter(keys: string[]): number {
    const t = this.now();
    let wait = 0;
    for (const key of keys) {
      const list = this.#recent(key, t);
      if (list.length >= this.maxFailures) wait = Math.max(wait, list[0]! + this.windowMs - t);
    }
    return wait;
  }

  fail(keys: string[]): void {
    const t = this.now();
    for (const key of keys) {
      const list = this.#recent(key, t);
      list.push(t);
      this.#failures.set(key, list);
    }
  }

  succeed(keys: string[]): void {
    for (const key of keys) this.#failures.delete(key);
  }

  #recent(key: string, t: number): number[] {
    return (this.#failures.get(key) ?? []).filter((x) => t - x < this.windowMs);
  }
}
