/**
 * A fair FIFO mutex. PGlite has exactly one connection, so every query and every
 * transaction must hold it; waiting callers queue in arrival order.
 */
export class Mutex {
  #locked = false;
  #waiters: Array<() => void> = [];

  /** Resolves when the caller owns the lock; call the returned function to release it. */
  async lock(): Promise<() => void> {
    if (this.#locked) {
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    } else {
      this.#locked = true;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiters.shift();
      if (next) next();
      else this.#locked = false;
    };
  }
}
