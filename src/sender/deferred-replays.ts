/** How often held requests are looked at again. */
const RECHECK_MS = 200;

/**
 * A parent's REPLAY_CHART requests, answered only once their chart is not being replicated from this proxy's own child.
 * Answered earlier, the answer would miss the points still to come from below, and the parent, streaming the chart live
 * after it, would never ask for them again. (Netdata marks such a chart RRDSET_FLAG_RECEIVER_REPLICATION_IN_PROGRESS.) A
 * held request is looked at again every RECHECK_MS. One request is
 * held per chart (a parent asks for the next step only after the answer to the previous one), the newest kept.
 */
export class DeferredReplays<T> {
  private readonly held = new Map<string, T>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    /** True while the chart is still being replicated from below; a child that disconnected replicates nothing. */
    private readonly replicatingFromBelow: (chartId: string) => boolean,
    private readonly answer: (chartId: string, request: T) => void,
  ) {}

  get size(): number {
    return this.held.size;
  }

  /** Answers the request now, or holds it until its chart's replication from below is over. */
  submit(chartId: string, request: T): void {
    if (!this.held.has(chartId) && !this.replicatingFromBelow(chartId)) return this.answer(chartId, request);
    this.held.set(chartId, request);
    this.arm();
  }

  /** A new or lost connection: the held requests were the old connection's. */
  clear(): void {
    this.held.clear();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private arm(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => this.recheck(), RECHECK_MS);
    this.timer.unref();
  }

  /** Answers, in the order they came, the held requests whose chart is done replicating from below. */
  private recheck(): void {
    this.timer = null;
    for (const [chartId, request] of [...this.held]) {
      if (this.replicatingFromBelow(chartId)) continue;
      this.held.delete(chartId);
      this.answer(chartId, request);
    }
    if (this.held.size) this.arm();
  }
}
