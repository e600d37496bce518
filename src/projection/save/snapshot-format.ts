import { crc32 } from 'node:zlib';

/**
 * The save-mode snapshot file (docs/save-map-formats.md), all little-endian:
 *
 *   header  magic "SLSV", u32 version, u64 seq, u32 chart count, u32 CRC32 of the 20 bytes before it
 *   chart   u32 block bytes, u32 update_every, u32 entries, u32 dims, u32 firstT, u32 lastT, u32 id bytes,
 *           the chart id (UTF-8) padded to 4 bytes, dims x entries ring words (dimension-major, the slot of time t
 *           being (t / update_every) mod entries), u32 CRC32 of the block before it
 *
 * A file decodes completely or not at all: any check failing rejects the whole snapshot.
 */
const MAGIC = 0x56534c53; // "SLSV"
const VERSION = 1;
export const SNAPSHOT_HEADER_BYTES = 24;
const BLOCK_FIXED_BYTES = 28;
const MAX_ID_BYTES = 64 * 1024;

export interface SnapshotChart {
  chartId: string;
  updateEvery: number;
  entries: number;
  dims: number;
  firstT: number;
  lastT: number;
  /** dims x entries words, dimension-major. */
  words: Uint32Array;
}

export function encodeSnapshotHeader(seq: number, chartCount: number): Buffer {
  const b = Buffer.alloc(SNAPSHOT_HEADER_BYTES);
  b.writeUInt32LE(MAGIC, 0);
  b.writeUInt32LE(VERSION, 4);
  b.writeBigUInt64LE(BigInt(seq), 8);
  b.writeUInt32LE(chartCount, 16);
  b.writeUInt32LE(crc32(b.subarray(0, 20)), 20);
  return b;
}

function pad4(n: number): number {
  return (n + 3) & ~3;
}

/** One chart block; `word(dim, slot)` gives the ring words. */
export function encodeChartBlock(c: Omit<SnapshotChart, 'words'>, word: (dim: number, slot: number) => number): Buffer {
  const id = Buffer.from(c.chartId, 'utf8');
  const wordsAt = BLOCK_FIXED_BYTES + pad4(id.length);
  const size = wordsAt + 4 * c.dims * c.entries + 4;
  const b = Buffer.alloc(size);
  [size, c.updateEvery, c.entries, c.dims, c.firstT, c.lastT, id.length].forEach((v, i) => b.writeUInt32LE(v, 4 * i));
  id.copy(b, BLOCK_FIXED_BYTES);
  let at = wordsAt;
  for (let d = 0; d < c.dims; d++) {
    for (let s = 0; s < c.entries; s++, at += 4) b.writeUInt32LE(word(d, s), at);
  }
  b.writeUInt32LE(crc32(b.subarray(0, size - 4)), size - 4);
  return b;
}

export class SnapshotError extends Error {}

/** The seq and charts of a snapshot; throws SnapshotError telling what is wrong when any check fails. */
export function decodeSnapshot(buf: Buffer): { seq: number; charts: SnapshotChart[] } {
  if (buf.length < SNAPSHOT_HEADER_BYTES) throw new SnapshotError(`truncated header (${buf.length} bytes)`);
  if (buf.readUInt32LE(0) !== MAGIC) throw new SnapshotError('not a snapshot file (bad magic)');
  if (buf.readUInt32LE(20) !== crc32(buf.subarray(0, 20))) throw new SnapshotError('header checksum mismatch');
  const version = buf.readUInt32LE(4);
  if (version !== VERSION) throw new SnapshotError(`unsupported version ${version}`);
  const seq = Number(buf.readBigUInt64LE(8));
  if (!Number.isSafeInteger(seq)) throw new SnapshotError(`invalid seq ${seq}`);
  const count = buf.readUInt32LE(16);
  const charts: SnapshotChart[] = [];
  let at = SNAPSHOT_HEADER_BYTES;
  for (let i = 0; i < count; i++) {
    charts.push(decodeChartBlock(buf, at, i));
    at += buf.readUInt32LE(at);
  }
  if (at !== buf.length) throw new SnapshotError(`${buf.length - at} bytes after the last chart`);
  return { seq, charts };
}

function decodeChartBlock(buf: Buffer, at: number, index: number): SnapshotChart {
  const where = `chart block ${index} at offset ${at}`;
  if (at + BLOCK_FIXED_BYTES + 4 > buf.length) throw new SnapshotError(`${where}: truncated`);
  const [size, updateEvery, entries, dims, firstT, lastT, idBytes] = [0, 1, 2, 3, 4, 5, 6].map((i) => buf.readUInt32LE(at + 4 * i));
  if (size < BLOCK_FIXED_BYTES + 4 || at + size > buf.length) throw new SnapshotError(`${where}: truncated`);
  if (buf.readUInt32LE(at + size - 4) !== crc32(buf.subarray(at, at + size - 4))) throw new SnapshotError(`${where}: checksum mismatch`);
  const wordsAt = at + BLOCK_FIXED_BYTES + pad4(idBytes);
  const consistent =
    idBytes <= MAX_ID_BYTES &&
    updateEvery >= 1 &&
    entries >= 1 &&
    wordsAt + 4 * dims * entries + 4 === at + size &&
    (lastT === 0 ? firstT === 0 : firstT % updateEvery === 0 && lastT % updateEvery === 0 && firstT <= lastT && lastT - firstT < entries * updateEvery);
  if (!consistent) throw new SnapshotError(`${where}: inconsistent geometry`);
  const words = new Uint32Array(dims * entries);
  for (let i = 0; i < words.length; i++) words[i] = buf.readUInt32LE(wordsAt + 4 * i);
  const chartId = buf.toString('utf8', at + BLOCK_FIXED_BYTES, at + BLOCK_FIXED_BYTES + idBytes);
  return { chartId, updateEvery, entries, dims, firstT, lastT, words };
}
