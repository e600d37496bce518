import fs from 'node:fs';
import { ChartRing } from '../ram/chart-ring';
import { refillRing, ringWord } from '../save/ring-words';
import { type MapHeader, decodeMapHeader, encodeMapHeader, encodeRow, rowBytes, rowValid } from './map-file-format';

export interface LoadedMapFile {
  header: MapHeader;
  /** What the file holds, in memory. */
  ring: ChartRing;
  /** Rows that were written but fail their checks (torn or corrupt), and whether the file is shorter than its rows. */
  damagedRows: number;
  truncated: boolean;
}

function allZero(buf: Buffer, from: number, to: number): boolean {
  for (let i = from; i < Math.min(to, buf.length); i++) if (buf[i] !== 0) return false;
  return true;
}

/**
 * Reads a chart file into a ring. The newest valid row gives the last time; rows of the lap ending there are the
 * points (rows of older laps, left in slots skipped since, are stale and read as empty). A row that fails its checks
 * is dropped. Returns the problem instead when the header cannot be trusted: then nothing of the file is used.
 */
export function loadMapFile(file: string): LoadedMapFile | { problem: string } {
  const buf = fs.readFileSync(file);
  const decoded = decodeMapHeader(buf);
  if ('problem' in decoded) return decoded;
  const { header: h, rowsAt } = decoded;
  const rb = rowBytes(h.dims);
  const slotT = new Float64Array(h.entries); // the time of each valid row, 0 for the others
  let lastT = 0;
  let damagedRows = 0;
  for (let s = 0; s < h.entries; s++) {
    const at = rowsAt + s * rb;
    if (at >= buf.length) break;
    if (rowValid(buf, at, h.dims, s, h)) {
      slotT[s] = buf.readUInt32LE(at);
      lastT = Math.max(lastT, slotT[s]);
    } else if (!allZero(buf, at, at + rb)) damagedRows++;
  }
  const lapStart = lastT - (h.entries - 1) * h.updateEvery;
  let firstT = lastT;
  for (const t of slotT) if (t >= lapStart && t < firstT) firstT = t;
  const slotOf = (t: number) => Math.floor(t / h.updateEvery) % h.entries;
  const ring = new ChartRing(h.entries, h.updateEvery);
  ring.ensureDimensions(h.dims);
  refillRing(ring, h.dims, firstT, lastT, (d, t) => {
    const s = slotOf(t);
    return slotT[s] === t ? buf.readUInt32LE(rowsAt + s * rb + 4 + 4 * d) : 0;
  });
  return { header: h, ring, damagedRows, truncated: buf.length < rowsAt + h.entries * rb };
}

/**
 * The open file of one chart: rows are written in place with one positioned write each (two when a run of rows wraps
 * past the last slot). No fsync: a row handed to the kernel survives the process being killed; close() syncs.
 */
export class MapChartFile {
  private readonly rb: number;
  private readonly row: Buffer;

  private constructor(
    readonly path: string,
    private fd: number,
    readonly header: MapHeader,
    private readonly rowsAt: number,
  ) {
    this.rb = rowBytes(header.dims);
    this.row = Buffer.alloc(this.rb);
  }

  /** Opens an existing file whose header was checked by loadMapFile(). */
  static open(path: string, header: MapHeader): MapChartFile {
    return new MapChartFile(path, fs.openSync(path, 'r+'), header, encodeMapHeader(header).length);
  }

  /**
   * Writes a new file holding what `ring` holds, with room for its dimensions and entries, and puts it in place of
   * `path` by a rename: a crash leaves the old file or the new one, never a mix of two row widths.
   */
  static create(path: string, chartId: string, ring: ChartRing): MapChartFile {
    const header: MapHeader = { chartId, updateEvery: ring.updateEvery, entries: ring.history, dims: ring.dimensionCount };
    const head = encodeMapHeader(header);
    const tmp = `${path}.tmp`;
    const fd = fs.openSync(tmp, 'w+');
    try {
      fs.writeSync(fd, head, 0, head.length, 0);
      const file = new MapChartFile(path, fd, header, head.length);
      // the file gets its full length now (sparse): rows never written read as zeros, which no row check accepts
      fs.ftruncateSync(fd, head.length + header.entries * file.rb);
      if (ring.lastEntryT() !== 0) file.writeRows(ring.firstEntryT(), ring.lastEntryT(), ring);
      fs.renameSync(tmp, path);
      return file;
    } catch (err) {
      fs.closeSync(fd);
      fs.rmSync(tmp, { force: true });
      throw err;
    }
  }

  /** Writes the rows of slot times fromT..toT (at most one lap) from what `ring` holds. */
  writeRows(fromT: number, toT: number, ring: ChartRing): void {
    const { entries, updateEvery: ue, dims } = this.header;
    const count = (toT - fromT) / ue + 1;
    const buf = count === 1 ? this.row : Buffer.alloc(count * this.rb);
    for (let i = 0; i < count; i++) {
      const t = fromT + i * ue;
      encodeRow(buf, i * this.rb, dims, t, (d) => ringWord(ring, d, t));
    }
    const firstSlot = Math.floor(fromT / ue) % entries;
    const beforeWrap = Math.min(count, entries - firstSlot);
    this.put(buf, 0, beforeWrap, firstSlot);
    if (beforeWrap < count) this.put(buf, beforeWrap, count - beforeWrap, 0);
  }

  private put(buf: Buffer, fromRow: number, rows: number, slot: number): void {
    const len = rows * this.rb;
    const written = fs.writeSync(this.fd, buf, fromRow * this.rb, len, this.rowsAt + slot * this.rb);
    if (written !== len) throw new Error(`short write (${written} of ${len} bytes)`);
  }

  close(sync: boolean): void {
    if (this.fd < 0) return;
    try {
      if (sync) fs.fdatasyncSync(this.fd);
    } finally {
      fs.closeSync(this.fd);
      this.fd = -1;
    }
  }
}
