/** One round's formatted batch, waiting to be sent. */
export interface Batch {
  body: Buffer;
  metrics: number;
  /** The round's end (seconds), for messages. */
  before: number;
}

/**
 * The batches not sent yet, oldest first, at most `buffer on failures` of them (Netdata's ring of buffers): a new
 * batch that finds the ring full pushes the oldest out, and that batch is lost.
 */
export class BatchRing {
  private readonly batches: Batch[] = [];

  constructor(readonly capacity: number) {}

  /** Adds a batch; returns the batch dropped to make room for it, if any. */
  push(b: Batch): Batch | null {
    const dropped = this.batches.length >= this.capacity ? this.batches.shift()! : null;
    this.batches.push(b);
    return dropped;
  }

  oldest(): Batch | undefined {
    return this.batches[0];
  }

  /** The oldest batch was sent (or refused for good): it leaves the ring, unless it was dropped meanwhile. */
  remove(b: Batch): void {
    if (this.batches[0] === b) this.batches.shift();
  }

  get size(): number {
    return this.batches.length;
  }

  metrics(): number {
    return this.batches.reduce((n, b) => n + b.metrics, 0);
  }

  bytes(): number {
    return this.batches.reduce((n, b) => n + b.body.length, 0);
  }
}
