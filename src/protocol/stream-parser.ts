import type { Int64 } from '../model/types';
import { BACKSLASH, CR, DOUBLE_QUOTE, EQUALS, LF, MINUS, SPACE, ZERO } from './ascii';
import { str2ull, strtoll } from './c-numbers';
import { Int64Halves } from '../util/int64-halves';
import { nextScope, parseMetaCommand, type ParseScope } from './commands';
import { firstKeyword, PLUGINSD_MAX_WORDS, splitWords } from './tokenizer';
import type { DimensionOrder, StreamHandler } from './types';

/**
 * The receiving end of the plugins.d text stream: cuts the bytes of successive reads into lines and hands
 * each command to a StreamHandler, synchronously and in order.
 *
 * BEGIN/SET/END are the hot path: a line written the way Netdata writes it (`SET "id" = 123`,
 * `BEGIN "id" 1000000`, `END`) is read straight from the bytes, decoding only the id. Anything else goes
 * through the general path (decode, split into words as Netdata does, parse), which gives the same result
 * for the hot forms, so the fast path is only a shortcut.
 *
 * SET values follow Netdata's strtoll(value, NULL, 0): hex (0x..) and octal (0..) are accepted, conversion
 * stops at the first bad character, out of range saturates at the int64 limits. When Netdata would silently
 * store such a value, set() gets the same value and bad() is then called for the same line, so it is logged.
 * An empty or missing value gives set(id, null) (Netdata leaves the dimension unset).
 * The `line` given to meta() and bad() is the line without its '\n' and without a trailing '\r'.
 */

export class LineTooLongError extends Error {
  constructor(
    readonly lineBytes: number,
    readonly maxLineBytes: number,
  ) {
    super(`protocol line longer than ${maxLineBytes} bytes (${lineBytes} bytes without a newline)`);
    this.name = 'LineTooLongError';
  }
}

/** Up to 15 decimal digits always fit a double exactly (2^53 has 16). */
const SAFE_DIGITS = 15;

export class StreamParser {
  private readonly handler: StreamHandler;
  private readonly maxLineBytes: number;
  /** The unterminated tail of the stream, as copies of chunk tails: joined once, when its '\n' arrives. */
  private pending: Buffer[] = [];
  private pendingLength = 0;
  private lines = 0;
  private readonly scope: ParseScope = { chart: false, chartLabels: false };
  /** What the handler expects after the current BEGIN, and how many SETs came since. */
  private order: DimensionOrder | null = null;
  private setIndex = 0;
  private stopped = false;
  /** Values of more than SAFE_DIGITS digits are converted here. */
  private readonly wide = new Int64Halves();

  constructor(handler: StreamHandler, opts: { maxLineBytes: number }) {
    this.handler = handler;
    this.maxLineBytes = opts.maxLineBytes;
  }

  /** Complete lines seen so far (blank ones included). */
  get linesParsed(): number {
    return this.lines;
  }

  /** Bytes of the current unterminated line. */
  pendingBytes(): number {
    return this.pendingLength;
  }

  /** Lines not yet handed to the handler are dropped, including the rest of a chunk being parsed. */
  stop(): void {
    this.stopped = true;
    this.pending = [];
    this.pendingLength = 0;
  }

  /** Throws LineTooLongError when the current line exceeds maxLineBytes: the caller then closes the session. */
  push(chunk: Buffer): void {
    if (this.stopped) return;
    let start = 0;
    if (this.pendingLength > 0) {
      const nl = chunk.indexOf(LF);
      if (nl < 0) {
        this.keep(chunk, 0);
        return;
      }
      this.checkLength(this.pendingLength + nl);
      this.pending.push(chunk.subarray(0, nl));
      const line = Buffer.concat(this.pending, this.pendingLength + nl);
      this.pending = [];
      this.pendingLength = 0;
      this.line(line, 0, line.length);
      start = nl + 1;
    }
    const max = this.maxLineBytes;
    let nl: number;
    while (!this.stopped && (nl = chunk.indexOf(LF, start)) !== -1) {
      if (nl - start > max) this.checkLength(nl - start); // throws
      this.line(chunk, start, nl);
      start = nl + 1;
    }
    if (start < chunk.length && !this.stopped) this.keep(chunk, start);
  }

  private keep(chunk: Buffer, from: number): void {
    const length = this.pendingLength + chunk.length - from;
    this.checkLength(length);
    // a copy: the caller (a decompressor) may reuse its buffer
    this.pending.push(Buffer.from(chunk.subarray(from)));
    this.pendingLength = length;
  }

  private checkLength(length: number): void {
    if (length <= this.maxLineBytes) return;
    this.pending = [];
    this.pendingLength = 0;
    throw new LineTooLongError(length, this.maxLineBytes);
  }

  /** One line: buf[start, nl), nl being the position of its '\n' (or the end of a joined line). */
  private line(buf: Buffer, start: number, nl: number): void {
    this.lines++;
    const end = nl > start && buf[nl - 1] === CR ? nl - 1 : nl;
    const length = end - start;
    const c = buf[start];
    if (c === 0x53 /* S */ && length > 5 && buf[start + 1] === 0x45 && buf[start + 2] === 0x54 && buf[start + 3] === SPACE && buf[start + 4] === DOUBLE_QUOTE) {
      if (this.fastSet(buf, start + 5, end)) return;
    } else if (c === 0x42 /* B */ && length > 7 && buf[start + 1] === 0x45 && buf[start + 2] === 0x47 && buf[start + 3] === 0x49 && buf[start + 4] === 0x4e && buf[start + 5] === SPACE && buf[start + 6] === DOUBLE_QUOTE) {
      if (this.fastBegin(buf, start + 7, end)) return;
    } else if (c === 0x45 /* E */ && length === 3 && buf[start + 1] === 0x4e && buf[start + 2] === 0x44) {
      this.scope.chart = false;
      this.handler.end();
      return;
    }
    this.general(buf.toString('utf8', start, end));
  }

  /** Position of the quote closing an id that starts at `from`, or -1 when the general path must decide. */
  private static closingQuote(buf: Buffer, from: number, end: number): number {
    for (let i = from; i < end; i++) {
      const c = buf[i];
      if (c === DOUBLE_QUOTE) return i > from ? i : -1;
      if (c === BACKSLASH || c === 0) return -1; // escapes and NULs: the general path's business
    }
    return -1;
  }

  /** `SET "id" = [-]digits` (no leading zero, no sign '+'); false to let the general path handle the line. */
  private fastSet(buf: Buffer, idStart: number, end: number): boolean {
    const q = StreamParser.closingQuote(buf, idStart, end);
    if (q < 0 || q + 4 >= end || buf[q + 1] !== SPACE || buf[q + 2] !== EQUALS || buf[q + 3] !== SPACE) return false;
    let i = q + 4;
    const negative = buf[i] === MINUS;
    if (negative) i++;
    const digits = end - i;
    if (digits <= 0 || (buf[i] === ZERO && digits > 1)) return false;
    let v = 0;
    for (let j = i; j < end; j++) {
      const d = buf[j] - ZERO;
      if (d < 0 || d > 9) return false;
      v = v * 10 + d;
    }
    let value: Int64;
    if (digits <= SAFE_DIGITS) {
      value = negative && v !== 0 ? -v : v;
    } else {
      // beyond int64 the general path saturates it and reports the line, as strtoll's ERANGE
      if (!this.wide.fromDecimal(buf, i, end, negative)) return false;
      value = this.wide.value();
    }
    const k = this.setIndex++;
    if (this.spellsExpected(k, buf, idStart, q)) this.handler.set((this.order as DimensionOrder).ids[k], value, k);
    else this.handler.set(buf.toString('utf8', idStart, q), value, -1);
    return true;
  }

  /** Whether buf[start, end) spells the k-th id of the order BEGIN returned. */
  private spellsExpected(k: number, buf: Buffer, start: number, end: number): boolean {
    const want = this.order?.bytes[k];
    if (want === undefined || want.length !== end - start) return false;
    for (let i = 0; i < want.length; i++) if (want[i] !== buf[start + i]) return false;
    return true;
  }

  /** `BEGIN "id"` followed by up to two runs of digits; false to let the general path handle the line. */
  private fastBegin(buf: Buffer, idStart: number, end: number): boolean {
    const q = StreamParser.closingQuote(buf, idStart, end);
    if (q < 0) return false;
    // two numbers in locals: an array of them was an allocation per block
    let usec = 0;
    let t = 0;
    let i = q + 1;
    for (let k = 0; k < 2 && i < end; k++) {
      if (buf[i] !== SPACE || i + 1 >= end) return false;
      let n = 0;
      let j = i + 1;
      for (; j < end && buf[j] !== SPACE; j++) {
        const d = buf[j] - ZERO;
        if (d < 0 || d > 9) return false;
        n = n * 10 + d;
      }
      if (j === i + 1) return false;
      if (k === 0) usec = n;
      else t = n;
      i = j;
    }
    if (i < end) return false;
    this.scope.chart = true;
    this.order = this.handler.begin(buf.toString('utf8', idStart, q), usec, t) || null;
    this.setIndex = 0;
    return true;
  }

  /** Any line, the way Netdata's parser_action() reads it. */
  private general(line: string): void {
    const keyword = firstKeyword(line);
    if (keyword === '') return;
    const words = splitWords(line, PLUGINSD_MAX_WORDS);
    switch (keyword) {
      case 'SET':
        return this.set(words, line);
      case 'BEGIN':
        if (!words[1]) return this.handler.bad('BEGIN without a chart id', line);
        this.scope.chart = true;
        this.order = this.handler.begin(words[1], str2ull(words[2] ?? ''), str2ull(words[3] ?? '')) || null;
        this.setIndex = 0;
        return;
      case 'END':
        this.scope.chart = false;
        return this.handler.end();
    }
    const parsed = parseMetaCommand(keyword, words, this.scope);
    if (!parsed.ok) return this.handler.bad(parsed.reason, line);
    nextScope(this.scope, parsed.command);
    this.handler.meta(parsed.command, line);
  }

  private set(words: string[], line: string): void {
    const dim = words[1];
    if (!dim) return this.handler.bad('SET without a dimension', line);
    const text = words[2];
    if (!text) return this.handler.set(dim, null, -1);
    const parsed = strtoll(text);
    this.handler.set(dim, parsed.value, -1);
    if (parsed.overflow) this.handler.bad(`SET value ${text} out of int64 range, stored as ${parsed.value}`, line);
    else if (!parsed.complete) this.handler.bad(`SET value ${text} is not an integer, stored as ${parsed.value}`, line);
  }
}
