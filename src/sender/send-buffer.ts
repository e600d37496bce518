/**
 * The bytes a sender holds for its parent, bounded by `buffer size bytes` (Netdata's circular buffer): text is added
 * whole or not at all, and taken out in chunks for the socket.
 */
const COMPACT_AFTER = 4096;

export class SendBuffer {
  private texts: string[] = [];
  private sizes: number[] = [];
  private head = 0;
  private bytes = 0;

  constructor(readonly maxBytes: number) {}

  get length(): number {
    return this.bytes;
  }

  /** False, and nothing added, when it would then hold more than maxBytes with `elsewhere` bytes (the socket's). */
  add(text: string, size: number, elsewhere: number): boolean {
    if (this.bytes + size + elsewhere > this.maxBytes) return false;
    this.texts.push(text);
    this.sizes.push(size);
    this.bytes += size;
    return true;
  }

  /** The oldest texts joined, up to about `chunkBytes` (at least one text); null when empty. */
  take(chunkBytes: number): { text: string; size: number } | null {
    if (this.head === this.texts.length) return null;
    let size = 0;
    const start = this.head;
    while (this.head < this.texts.length && (size === 0 || size + this.sizes[this.head] <= chunkBytes)) size += this.sizes[this.head++];
    const text = this.texts.slice(start, this.head).join('');
    this.bytes -= size;
    if (this.head === this.texts.length) this.reset();
    else if (this.head >= COMPACT_AFTER) this.compact();
    return { text, size };
  }

  /** Empties it; returns how many bytes were dropped. */
  clear(): number {
    const dropped = this.bytes;
    this.reset();
    this.bytes = 0;
    return dropped;
  }

  /** Drops the taken entries, so a buffer that never empties does not grow. */
  private compact(): void {
    this.texts = this.texts.slice(this.head);
    this.sizes = this.sizes.slice(this.head);
    this.head = 0;
  }

  private reset(): void {
    this.texts = [];
    this.sizes = [];
    this.head = 0;
  }
}
