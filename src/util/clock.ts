/** Wall-clock time in microseconds since the epoch, with sub-millisecond resolution. */
export function nowUs(): number {
  return Math.floor((performance.timeOrigin + performance.now()) * 1000);
}

export function nowSec(): number {
  return Math.floor(Date.now() / 1000);
}
