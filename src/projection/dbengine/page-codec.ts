/**
 * The payload of a page (encoding 1, chosen by measurement in docs/dbengine.md): for each dimension in order, its
 * `slots` storage numbers as zig-zag deltas from the previous one (the first from 0) in LEB128 varints, the columns
 * concatenated and compressed with raw deflate. Storage numbers of one series mostly share their exponent bits, so
 * deltas are small, and the many constant or zero series of a real Netdata host become runs deflate removes.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { SN_EMPTY_SLOT, unpackStorageNumber } from '../collection/storage-number';

export const ENCODING_DELTA_VARINT_DEFLATE = 1;
const DEFLATE_LEVEL = 6;

let scratch = Buffer.allocUnsafe(64 * 1024);

/** Encodes the first `slots` storage numbers of each column. */
export function encodePage(columns: ReadonlyArray<Uint32Array>, slots: number): Buffer {
  const need = columns.length * slots * 5;
  if (scratch.length < need) scratch = Buffer.allocUnsafe(need);
  const out = scratch;
  let pos = 0;
  for (const col of columns) {
    let prev = 0;
    for (let i = 0; i < slots; i++) {
      const sn = col[i];
      const delta = (sn - prev) | 0;
      prev = sn;
      let zz = ((delta << 1) ^ (delta >> 31)) >>> 0;
      while (zz >= 0x80) {
        out[pos++] = (zz & 0x7f) | 0x80;
        zz >>>= 7;
      }
      out[pos++] = zz;
    }
  }
  return deflateRawSync(out.subarray(0, pos), { level: DEFLATE_LEVEL });
}

/**
 * The values of a page, dimension after dimension (`slots` each), NaN for empty slots. Throws when the payload does not
 * hold exactly `dimensions * slots` numbers (a checksum-valid but malformed page is still refused).
 */
export function decodePage(payload: Uint8Array, dimensions: number, slots: number): Float64Array {
  const raw = inflateRawSync(payload);
  const out = new Float64Array(dimensions * slots);
  let pos = 0;
  let k = 0;
  for (let d = 0; d < dimensions; d++) {
    let sn = 0;
    let value = NaN;
    let decoded = -1; // the storage number `value` was unpacked from: repeated numbers are not unpacked again
    for (let i = 0; i < slots; i++) {
      let zz = 0;
      let shift = 0;
      let byte: number;
      do {
        if (pos >= raw.length) throw new Error('page payload ends early');
        byte = raw[pos++];
        zz |= (byte & 0x7f) << shift;
        shift += 7;
      } while (byte & 0x80 && shift < 35);
      sn = (sn + ((zz >>> 1) ^ -(zz & 1))) >>> 0;
      if (sn !== decoded) {
        value = sn === SN_EMPTY_SLOT ? NaN : unpackStorageNumber(sn);
        decoded = sn;
      }
      out[k++] = value;
    }
  }
  if (pos !== raw.length) throw new Error('page payload longer than its slots');
  return out;
}
