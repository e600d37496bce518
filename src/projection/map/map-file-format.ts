import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';

/**
 * A map-mode chart file (docs/save-map-formats.md), all little-endian:
 *
 *   header  magic "SLMP", u32 version, u32 update_every, u32 entries, u32 dims, u32 id bytes, the chart id (UTF-8)
 *           padded to 4 bytes, u32 CRC32 of the header before it
 *   rows    `entries` rows from the end of the header, row s holding slot s: u32 slot time t, dims x u32 words
 *           (storage number XOR SN_EMPTY_SLOT, 0 = empty), u32 CRC32 of the row before it
 *
 * A row is valid when its CRC matches and t falls on slot s; an all-zero row (never written) never is.
 */
const MAGIC = 0x504d4c53; // "SLMP"
const VERSION = 1;
const HEADER_FIXED_BYTES = 24;
const MAX_ID_BYTES = 64 * 1024;
export const MAP_FILE_SUFFIX = '.map';

export interface MapHeader {
  chartId: string;
  updateEvery: number;
  entries: number;
  dims: number;
}

/** The file of a chart: named by a hash of its id and update_every, so any id makes a safe file name. */
export function mapFileName(chartId: string, updateEvery: number): string {
  return createHash('sha256').update(`${updateEvery}\0${chartId}`).digest('hex').slice(0, 32) + MAP_FILE_SUFFIX;
}

export function rowBytes(dims: number): number {
  return 4 * (dims + 2);
}

function pad4(n: number): number {
  return (n + 3) & ~3;
}

export function encodeMapHeader(h: MapHeader): Buffer {
  const id = Buffer.from(h.chartId, 'utf8');
  const crcAt = HEADER_FIXED_BYTES + pad4(id.length);
  const b = Buffer.alloc(crcAt + 4);
  [MAGIC, VERSION, h.updateEvery, h.entries, h.dims, id.length].forEach((v, i) => b.writeUInt32LE(v, 4 * i));
  id.copy(b, HEADER_FIXED_BYTES);
  b.writeUInt32LE(crc32(b.subarray(0, crcAt)), crcAt);
  return b;
}

/** The header at the start of `buf` and where the rows start, or what is wrong with it. */
export function decodeMapHeader(buf: Buffer): { header: MapHeader; rowsAt: number } | { problem: string } {
  if (buf.length < HEADER_FIXED_BYTES + 4) return { problem: `truncated header (${buf.length} bytes)` };
  if (buf.readUInt32LE(0) !== MAGIC) return { problem: 'not a map file (bad magic)' };
  const [, version, updateEvery, entries, dims, idBytes] = [0, 1, 2, 3, 4, 5].map((i) => buf.readUInt32LE(4 * i));
  if (idBytes > MAX_ID_BYTES) return { problem: `implausible chart id length ${idBytes}` };
  const crcAt = HEADER_FIXED_BYTES + pad4(idBytes);
  if (buf.length < crcAt + 4) return { problem: 'truncated header' };
  if (buf.readUInt32LE(crcAt) !== crc32(buf.subarray(0, crcAt))) return { problem: 'header checksum mismatch' };
  if (version !== VERSION) return { problem: `unsupported version ${version}` };
  if (updateEvery < 1 || entries < 1) return { problem: 'inconsistent geometry' };
  const chartId = buf.toString('utf8', HEADER_FIXED_BYTES, HEADER_FIXED_BYTES + idBytes);
  return { header: { chartId, updateEvery, entries, dims }, rowsAt: crcAt + 4 };
}

/** Writes the row of slot time t at `at` of `buf`; `word(dim)` gives its words. */
export function encodeRow(buf: Buffer, at: number, dims: number, t: number, word: (dim: number) => number): void {
  buf.writeUInt32LE(t, at);
  for (let d = 0; d < dims; d++) buf.writeUInt32LE(word(d), at + 4 + 4 * d);
  const end = at + 4 + 4 * dims;
  buf.writeUInt32LE(crc32(buf.subarray(at, end)), end);
}

/** Whether the row at `at` is complete and belongs to `slot`. */
export function rowValid(buf: Buffer, at: number, dims: number, slot: number, h: MapHeader): boolean {
  const end = at + 4 + 4 * dims;
  if (end + 4 > buf.length || buf.readUInt32LE(end) !== crc32(buf.subarray(at, end))) return false;
  const t = buf.readUInt32LE(at);
  return t !== 0 && t % h.updateEvery === 0 && Math.floor(t / h.updateEvery) % h.entries === slot;
}
