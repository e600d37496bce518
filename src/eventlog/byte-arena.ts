/**
 * An append-only byte buffer that grows by doubling; encoders write at `length` after reserve(). Views taken of it
 * (subarray) stay valid across growth: they keep the old buffer alive.
 */
export class ByteArena {
  buf: Buffer;
  length = 0;

  constructor(initialBytes = 1 << 16) {
    this.buf = Buffer.allocUnsafe(initialBytes);
  }

  reset(): void {
    this.length = 0;
  }

  /** Makes room for `bytes` more after `length`. */
  reserve(bytes: number): void {
    if (this.length + bytes <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + bytes) size *= 2;
    const bigger = Buffer.allocUnsafe(size);
    this.buf.copy(bigger, 0, 0, this.length);
    this.buf = bigger;
  }
}
