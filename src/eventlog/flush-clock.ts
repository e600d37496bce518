/**
 * One timer for every event log's time-based commit. A timer per host woke the process flushMs apart for each host,
 * mostly to find nothing pending (each child sends one burst a second): with 10 hosts and 100 ms that was 100 wake-ups
 * a second. Here a log asks to be flushed when its first event becomes pending; the clock's one timer, armed only
 * while some log waits, commits every waiting log flushMs later. The promise is unchanged: a pending event is
 * committed within flushMs (or retried then, when the commit failed).
 */
export interface Flushable {
  /** Commits what is pending; returns whether something is still pending (the commit failed). */
  timedFlush(): boolean;
}

class FlushClock {
  private readonly waiting = new Set<Flushable>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly periodMs: number) {}

  schedule(log: Flushable): void {
    this.waiting.add(log);
    if (!this.timer) {
      this.timer = setTimeout(() => this.tick(), this.periodMs);
      this.timer.unref();
    }
  }

  cancel(log: Flushable): void {
    this.waiting.delete(log);
  }

  private tick(): void {
    this.timer = null;
    const due = [...this.waiting];
    this.waiting.clear();
    for (const log of due) if (log.timedFlush()) this.schedule(log);
  }
}

const clocks = new Map<number, FlushClock>();

/** The shared clock of a flush period (all logs of one parent share one period). */
export function flushClock(periodMs: number): FlushClock {
  let c = clocks.get(periodMs);
  if (!c) clocks.set(periodMs, (c = new FlushClock(periodMs)));
  return c;
}
