import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deflateRawSync, crc32 } from 'node:zlib';
import { SN_EMPTY_SLOT, packStorageNumber, unpackStorageNumber } from '../../../src/projection/collection/storage-number';
import { FILE_HEADER_BYTES, decodeFileHeader, encodeFileHeader, encodePageRecord, scanPages } from '../../../src/projection/dbengine/datafile-format';
import { decodePage, encodePage } from '../../../src/projection/dbengine/page-codec';

test('the payload of docs/dbengine.md section 1.3 example, byte for byte', () => {
  const sn = packStorageNumber(1);
  assert.equal(sn, 0x39989680);
  const payload = encodePage([Uint32Array.from([sn, sn, SN_EMPTY_SLOT])], 3);
  assert.equal(payload.toString('hex'), deflateRawSync(Buffer.from('80dac4990700ffd9c4d906', 'hex'), { level: 6 }).toString('hex'));
  assert.equal(payload.toString('hex'), '6bb87564263bc3ff9b476eb20100');
  assert.deepEqual([...decodePage(payload, 1, 3)], [1, 1, NaN]);
});

test('any storage numbers round-trip, including the largest jumps between neighbours', () => {
  const columns = [
    Uint32Array.from([0, 0xffffffff, 0, 0x80000000, 0x7fffffff, SN_EMPTY_SLOT, 1]),
    Uint32Array.from({ length: 7 }, (_, i) => packStorageNumber(-i * 12345.678)),
  ];
  const values = decodePage(encodePage(columns, 7), 2, 7);
  const expected = columns.flatMap((c) => [...c].map((sn) => (sn === SN_EMPTY_SLOT ? NaN : unpackStorageNumber(sn))));
  assert.deepEqual([...values], expected);
  // only the first `slots` of each column are encoded
  assert.deepEqual([...decodePage(encodePage(columns, 2), 2, 2)], [expected[0], expected[1], expected[7], expected[8]]);
});

test('a payload that does not hold exactly dimensions x slots numbers is refused', () => {
  const payload = encodePage([Uint32Array.from([1, 2, 3])], 3);
  assert.throws(() => decodePage(payload, 1, 4), /ends early/);
  assert.throws(() => decodePage(payload, 1, 2), /longer/);
  assert.throws(() => decodePage(Buffer.from([1, 2, 3]), 1, 1));
});

test('file header and page record fields sit at the offsets docs/dbengine.md gives', () => {
  const fh = encodeFileHeader({ fileNumber: 7, createdMs: 1_700_000_000_123 });
  assert.equal(fh.length, FILE_HEADER_BYTES);
  assert.equal(fh.toString('latin1', 0, 8), 'SLDBDATA');
  assert.deepEqual([fh.readUInt32LE(8), fh.readUInt32LE(12), fh.readDoubleLE(16), fh.readUInt32LE(24)], [1, 7, 1_700_000_000_123, 0]);
  assert.equal(fh.readUInt32LE(28), crc32(fh.subarray(0, 28)));
  assert.deepEqual(decodeFileHeader(fh), { fileNumber: 7, createdMs: 1_700_000_000_123 });

  const payload = Buffer.from([9, 8, 7]);
  const rec = encodePageRecord({ encoding: 1, chartId: 'système.cpu', updateEvery: 2, startT: 1_700_000_002, slots: 1024, dimensions: 3 }, payload);
  const L = Buffer.byteLength('système.cpu');
  assert.equal(rec.toString('latin1', 0, 4), 'PAGE');
  assert.deepEqual([rec[4], rec[5], rec.readUInt16LE(6), rec.readUInt32LE(8), rec.readUInt32LE(12), rec.readUInt16LE(16), rec.readUInt16LE(18), rec.readUInt32LE(20)],
    [1, 0, L, 2, 1_700_000_002, 1024, 3, 3]);
  assert.equal(rec.readUInt32LE(24), crc32(payload));
  assert.equal(rec.toString('utf8', 28, 28 + L), 'système.cpu');
  assert.equal(rec.readUInt32LE(28 + L), crc32(rec.subarray(0, 28 + L)));
  assert.deepEqual(rec.subarray(32 + L), payload);

  const found: string[] = [];
  scanPages(Buffer.concat([fh, rec, rec]), (p) => found.push(`${p.chartId}@${p.payloadOffset}`), (p) => assert.fail(p.reason));
  assert.deepEqual(found, [`système.cpu@${32 + 32 + L}`, `système.cpu@${32 + 2 * (32 + L) + 3}`]);
});
