import { setTimeoutAt, type WallTimer } from './wall-timer';

/** A timer that fires once per period, just after each wall-clock multiple of it. */
export interface Heartbeat {
  stop(): void;
}

/**
 * Calls `fn(now)` (whole seconds) just after each wall-clock multiple of `periodS`. setInterval reschedules from
 * when its callback ran, so its phase drifts a little every time and, crossing a second's boundary, skips a second
 * or runs one twice; aligning each run to the clock keeps one run per period (Netdata's heartbeat does the same).
 */
export function startHeartbeat(periodS: number, fn: (now: number) => void, offsetMs = 10): Heartbeat {
  const periodMs = Math.max(1, periodS) * 1000;
  let timer: WallTimer;
  const schedule = (): void => {
    const at = (Math.floor(Date.now() / periodMs) + 1) * periodMs + offsetMs;
    timer = setTimeoutAt(at, () => {
      schedule();
      fn(Math.floor(Date.now() / 1000));
    }, { unref: true });
  };
  schedule();
  return { stop: () => timer.cancel() };
}
