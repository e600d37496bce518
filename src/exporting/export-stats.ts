/**
 * What an instance did since its last report, as the counters behind Netdata's exporting charts: metrics and bytes
 * buffered (waiting to be sent at the end of the round), lost (dropped), sent and received, and its operations.
 * The per-round counters are zeroed after each report; `buffered` is a level, not a count.
 */
export class ExportStats {
  bufferedMetrics = 0;
  bufferedBytes = 0;
  lostMetrics = 0;
  lostBytes = 0;
  sentMetrics = 0;
  sentBytes = 0;
  receivedBytes = 0;
  writes = 0;
  discards = 0;
  reconnects = 0;
  failures = 0;
  reads = 0;
  /** Since start, never reset: what the API reports about the instance. */
  readonly total = { sentMetrics: 0, sentBytes: 0, lostMetrics: 0, lostBytes: 0, failures: 0 };

  sent(metrics: number, bytes: number): void {
    this.sentMetrics += metrics;
    this.sentBytes += bytes;
    this.total.sentMetrics += metrics;
    this.total.sentBytes += bytes;
    this.writes++;
  }

  lost(metrics: number, bytes: number): void {
    this.lostMetrics += metrics;
    this.lostBytes += bytes;
    this.total.lostMetrics += metrics;
    this.total.lostBytes += bytes;
  }

  failed(): void {
    this.failures++;
    this.total.failures++;
  }

  /** Zeroes the per-round counters after the charts took them. */
  reset(): void {
    this.lostMetrics = this.lostBytes = this.sentMetrics = this.sentBytes = this.receivedBytes = 0;
    this.writes = this.discards = this.reconnects = this.failures = this.reads = 0;
  }
}
