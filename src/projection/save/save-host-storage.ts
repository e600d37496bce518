import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../../log';
import { ChartRing } from '../ram/chart-ring';
import type { ChartStore, HostStorage } from '../storage/chart-store';
import { refillRing, ringWord } from './ring-words';
import { type SnapshotChart, SnapshotError, decodeSnapshot, encodeChartBlock, encodeSnapshotHeader } from './snapshot-format';

export const SNAPSHOT_FILE = 'snapshot.bin';

function chartKey(chartId: string, updateEvery: number): string {
  return `${updateEvery}:${chartId}`;
}

/**
 * Memory mode save for one host: the rings live in memory (ChartRing, as in ram mode); a clean shutdown writes them
 * to `dir`/snapshot.bin with the event-log seq they are complete up to, and the next start loads them and replays
 * only the samples after that seq.
 *
 * The snapshot is consumed when loaded (removed, or renamed to .bad when it fails its checks). From then on the rings
 * move past it, and only the next clean close writes a state that matches a seq again; a crash in between leaves no
 * snapshot, so the next start rebuilds the host from its event log (resumeSeq 0). Why this is the only safe rule:
 * docs/save-map-formats.md.
 */
export class SaveHostStorage implements HostStorage {
  readonly mode = 'save' as const;
  private readonly file: string;
  /** Charts of the loaded snapshot not asked for yet: turned into rings on demand, written back as they are. */
  private readonly loaded = new Map<string, SnapshotChart>();
  private readonly rings = new Map<string, { chartId: string; ring: ChartRing }>();
  private readonly loadedSeq: number;
  private seq: number;
  private closed = false;

  constructor(
    private readonly dir: string,
    private readonly logger: Logger,
  ) {
    fs.mkdirSync(dir, { recursive: true });
    this.file = path.join(dir, SNAPSHOT_FILE);
    fs.rmSync(`${this.file}.tmp`, { force: true });
    this.loadedSeq = this.load();
    this.seq = this.loadedSeq;
  }

  /** Reads and consumes the snapshot; returns its seq, 0 when there is none or it cannot be trusted. */
  private load(): number {
    let buf: Buffer;
    try {
      buf = fs.readFileSync(this.file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') this.logger.error({ err }, `save: cannot read ${this.file}; rebuilding the host from its event log`);
      return 0;
    }
    try {
      const snapshot = decodeSnapshot(buf);
      for (const c of snapshot.charts) this.loaded.set(chartKey(c.chartId, c.updateEvery), c);
      this.consume(null);
      return snapshot.seq;
    } catch (err) {
      if (!(err instanceof SnapshotError)) throw err;
      this.logger.error(`save: ${this.file}: ${err.message}; discarding the snapshot (kept as ${SNAPSHOT_FILE}.bad) and rebuilding the host from its event log`);
      this.consume(`${this.file}.bad`);
      return 0;
    }
  }

  /** Removes the snapshot (or moves it aside), durably, before anything is applied on top of what it held. */
  private consume(moveTo: string | null): void {
    if (moveTo) fs.renameSync(this.file, moveTo);
    else fs.rmSync(this.file);
    syncDir(this.dir);
  }

  chartStore(chartId: string, updateEvery: number, entries: number): ChartStore {
    const key = chartKey(chartId, updateEvery);
    const known = this.rings.get(key);
    if (known) return known.ring;
    const ring = new ChartRing(entries, updateEvery);
    const saved = this.loaded.get(key);
    if (saved) {
      const slot = (t: number) => Math.floor(t / updateEvery) % saved.entries;
      refillRing(ring, saved.dims, saved.firstT, saved.lastT, (d, t) => saved.words[d * saved.entries + slot(t)]);
      this.loaded.delete(key);
    }
    this.rings.set(key, { chartId, ring });
    return ring;
  }

  resumeSeq(): number {
    return this.loadedSeq;
  }

  /** The rings hold at least everything up to `seq`: the snapshot written at close records it. */
  checkpoint(seq: number): void {
    this.seq = seq;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.rings.size === 0 && this.loaded.size === 0) return;
    try {
      this.writeSnapshot();
    } catch (err) {
      fs.rmSync(`${this.file}.tmp`, { force: true });
      this.logger.error({ err }, `save: cannot write ${this.file}; the next start rebuilds the host from its event log`);
    }
  }

  /** Written to a temporary file, synced, then renamed: a crash leaves either no snapshot or a complete one. */
  private writeSnapshot(): void {
    const tmp = `${this.file}.tmp`;
    const fd = fs.openSync(tmp, 'w');
    try {
      fs.writeSync(fd, encodeSnapshotHeader(this.seq, this.rings.size + this.loaded.size));
      for (const { chartId, ring } of this.rings.values()) fs.writeSync(fd, ringBlock(chartId, ring));
      for (const c of this.loaded.values()) fs.writeSync(fd, encodeChartBlock(c, (d, s) => c.words[d * c.entries + s]));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, this.file);
    syncDir(this.dir);
  }
}

function ringBlock(chartId: string, ring: ChartRing): Buffer {
  const { history: entries, updateEvery: ue } = ring;
  const firstT = ring.firstEntryT();
  const lastT = ring.lastEntryT();
  const lastSlot = Math.floor(lastT / ue) % entries;
  // the slot's time in the current lap; 0 (empty) for slots outside firstT..lastT
  const timeOf = (slot: number) => lastT - ((lastSlot - slot + entries) % entries) * ue;
  return encodeChartBlock({ chartId, updateEvery: ue, entries, dims: ring.dimensionCount, firstT, lastT }, (d, s) => {
    const t = timeOf(s);
    return lastT !== 0 && t >= firstT ? ringWord(ring, d, t) : 0;
  });
}

/** Makes a rename or removal in `dir` durable. */
function syncDir(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
