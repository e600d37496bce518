/**
 * The byte layout of a dbengine datafile (docs/dbengine.md): a 32-byte file header, then page records back to back,
 * all little-endian. Each record carries a CRC32 of its header and one of its payload, so a scan can trust lengths,
 * skip a page whose payload is damaged, and find the next record after a damaged header.
 */
import { crc32 } from 'node:zlib';

export const FILE_MAGIC = Buffer.from('SLDBDATA', 'latin1');
export const FILE_FORMAT_VERSION = 1;
export const FILE_HEADER_BYTES = 32;

/** "PAGE" read as a little-endian uint32. */
export const PAGE_MAGIC = 0x45474150;
/** Fixed part of a page record header; the chart id and the header CRC follow it. */
const PAGE_FIXED_BYTES = 28;
const PAGE_HEADER_OVERHEAD = PAGE_FIXED_BYTES + 4;

export interface FileHeader {
  fileNumber: number;
  createdMs: number;
}

export interface PageHeader {
  encoding: number;
  chartId: string;
  updateEvery: number;
  startT: number;
  slots: number;
  dimensions: number;
}

/** A page found by a scan: its header and where its payload lies in the file. */
export interface ScannedPage extends PageHeader {
  payloadOffset: number;
  payloadBytes: number;
  payloadCrc: number;
}

export function encodeFileHeader(h: FileHeader): Buffer {
  const b = Buffer.alloc(FILE_HEADER_BYTES);
  FILE_MAGIC.copy(b, 0);
  b.writeUInt32LE(FILE_FORMAT_VERSION, 8);
  b.writeUInt32LE(h.fileNumber, 12);
  b.writeDoubleLE(h.createdMs, 16);
  b.writeUInt32LE(crc32(b.subarray(0, 28)), 28);
  return b;
}

/** The header of a datafile, or a reason it cannot be used. */
export function decodeFileHeader(b: Buffer): FileHeader | string {
  if (b.length < FILE_HEADER_BYTES) return 'shorter than its header';
  if (!b.subarray(0, 8).equals(FILE_MAGIC)) return 'not a dbengine datafile (bad magic)';
  if (b.readUInt32LE(28) !== crc32(b.subarray(0, 28))) return 'file header checksum mismatch';
  const version = b.readUInt32LE(8);
  if (version !== FILE_FORMAT_VERSION) return `unsupported format version ${version}`;
  return { fileNumber: b.readUInt32LE(12), createdMs: b.readDoubleLE(16) };
}

/** One page record: header (with CRCs of itself and of the payload) followed by the payload. */
export function encodePageRecord(h: PageHeader, payload: Uint8Array): Buffer {
  const id = Buffer.from(h.chartId, 'utf8');
  if (id.length > 0xffff) throw new RangeError(`chart id longer than 65535 bytes: ${h.chartId.slice(0, 40)}...`);
  const b = Buffer.allocUnsafe(PAGE_HEADER_OVERHEAD + id.length + payload.length);
  b.writeUInt32LE(PAGE_MAGIC, 0);
  b.writeUInt8(h.encoding, 4);
  b.writeUInt8(0, 5);
  b.writeUInt16LE(id.length, 6);
  b.writeUInt32LE(h.updateEvery, 8);
  b.writeUInt32LE(h.startT, 12);
  b.writeUInt16LE(h.slots, 16);
  b.writeUInt16LE(h.dimensions, 18);
  b.writeUInt32LE(payload.length, 20);
  b.writeUInt32LE(crc32(payload), 24);
  id.copy(b, PAGE_FIXED_BYTES);
  const headerEnd = PAGE_FIXED_BYTES + id.length;
  b.writeUInt32LE(crc32(b.subarray(0, headerEnd)), headerEnd);
  b.set(payload, headerEnd + 4);
  return b;
}

export interface ScanProblem {
  offset: number;
  reason: string;
}

/**
 * Walks the records of a datafile's bytes (header included). Pages with a valid header and payload go to `onPage`;
 * a damaged record goes to `onProblem` and is skipped (a damaged header: from the next byte that starts a valid
 * header); a record cut short by the end of the file ends the scan.
 */
export function scanPages(b: Buffer, onPage: (p: ScannedPage) => void, onProblem: (p: ScanProblem) => void): void {
  let pos = FILE_HEADER_BYTES;
  while (pos < b.length) {
    const header = readPageHeader(b, pos);
    if (header === 'truncated') {
      onProblem({ offset: pos, reason: `truncated page record (${b.length - pos} bytes at the end of the file)` });
      return;
    }
    if (header === 'corrupt') {
      const next = findNextHeader(b, pos + 1);
      onProblem({ offset: pos, reason: `corrupt page header (${next - pos} bytes skipped)` });
      pos = next;
      continue;
    }
    const end = header.payloadOffset + header.payloadBytes;
    if (end > b.length) {
      onProblem({ offset: pos, reason: `truncated page of chart '${header.chartId}' (payload ends ${end - b.length} bytes past the end of the file)` });
      return;
    }
    if (crc32(b.subarray(header.payloadOffset, end)) !== header.payloadCrc)
      onProblem({ offset: pos, reason: `page of chart '${header.chartId}' at t=${header.startT}: payload checksum mismatch` });
    else onPage(header);
    pos = end;
  }
}

function readPageHeader(b: Buffer, pos: number): ScannedPage | 'truncated' | 'corrupt' {
  if (b.length - pos < PAGE_HEADER_OVERHEAD) return b.length - pos < 4 || b.readUInt32LE(pos) === PAGE_MAGIC ? 'truncated' : 'corrupt';
  if (b.readUInt32LE(pos) !== PAGE_MAGIC) return 'corrupt';
  const idBytes = b.readUInt16LE(pos + 6);
  const headerEnd = pos + PAGE_FIXED_BYTES + idBytes;
  if (headerEnd + 4 > b.length) return 'truncated';
  if (b.readUInt32LE(headerEnd) !== crc32(b.subarray(pos, headerEnd))) return 'corrupt';
  return {
    encoding: b.readUInt8(pos + 4),
    chartId: b.toString('utf8', pos + PAGE_FIXED_BYTES, headerEnd),
    updateEvery: b.readUInt32LE(pos + 8),
    startT: b.readUInt32LE(pos + 12),
    slots: b.readUInt16LE(pos + 16),
    dimensions: b.readUInt16LE(pos + 18),
    payloadBytes: b.readUInt32LE(pos + 20),
    payloadCrc: b.readUInt32LE(pos + 24),
    payloadOffset: headerEnd + 4,
  };
}

/** The offset of the next byte sequence that is a page header with a valid checksum, or the end of the buffer. */
function findNextHeader(b: Buffer, from: number): number {
  const magic = Buffer.from([0x50, 0x41, 0x47, 0x45]);
  for (let pos = b.indexOf(magic, from); pos >= 0; pos = b.indexOf(magic, pos + 1)) {
    const h = readPageHeader(b, pos);
    if (h !== 'corrupt') return pos;
  }
  return b.length;
}
