/**
 * Which charts' live blocks go to a parent that negotiated REPLICATION, per connection. As a 1.37 child does, a chart
 * whose definition was sent (CHART_DEFINITION_END) streams only once the parent's REPLAY_CHART for it was answered
 * with start streaming true; its blocks arriving meanwhile are held. The answer is built from the projection, which
 * already holds those blocks, so they are dropped then, unless the chart keeps no collection state (memory mode
 * none), where they are the only copy and go after the answer. Held bytes are bounded by `maxHeldBytes`.
 */
export class ReplicationGate {
  private readonly streaming = new Set<string>();
  private readonly held = new Map<string, string[]>();
  private heldBytes = 0;
  /** Blocks dropped because the held bytes were at their bound. */
  dropped = 0;

  constructor(private readonly maxHeldBytes: number) {}

  /** The chart's definition was sent: its live blocks wait for its next answered REPLAY_CHART. */
  defined(chartId: string): void {
    this.streaming.delete(chartId);
  }

  /** A live block: true when it goes now; else it is held (or dropped at the bound). */
  admit(chartId: string, text: string): boolean {
    if (this.streaming.has(chartId)) return true;
    if (this.heldBytes + text.length > this.maxHeldBytes) {
      this.dropped++;
      return false;
    }
    let blocks = this.held.get(chartId);
    if (!blocks) this.held.set(chartId, (blocks = []));
    blocks.push(text);
    this.heldBytes += text.length;
    return false;
  }

  /** REPLAY_CHART answered with start streaming: the chart streams; returns its held blocks the answer did not cover. */
  release(chartId: string, answerCovered: boolean): string {
    this.streaming.add(chartId);
    const blocks = this.held.get(chartId) ?? [];
    this.held.delete(chartId);
    for (const b of blocks) this.heldBytes -= b.length;
    return answerCovered ? '' : blocks.join('');
  }

  /** A new connection: every chart waits again. */
  clear(): void {
    this.streaming.clear();
    this.held.clear();
    this.heldBytes = 0;
  }
}
