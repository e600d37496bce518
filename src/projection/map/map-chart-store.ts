import path from 'node:path';
import type { ChartRing } from '../ram/chart-ring';
import type { ChartStore } from '../storage/chart-store';
import { MapChartFile } from './map-chart-file';
import { mapFileName } from './map-file-format';

/** Told when writing a chart's file fails. */
export interface MapWriteObserver {
  writeFailed(file: string, err: unknown): void;
}

/**
 * A map-mode chart: the ring in memory answers every read; each stored point is written through to the chart's file
 * as its row (with the rows of slots skipped since the last point, which must read as empty too). A new dimension
 * widens every row, so the file is rewritten from memory at the next point.
 *
 * When a write fails the point stays in memory and the store is `unsaved` until a rewrite of the whole file works:
 * until then the host does not advance its resume seq past what the file holds.
 */
export class MapChartStore implements ChartStore {
  private file: MapChartFile | null;
  private readonly filePath: string;
  unsaved = false;

  constructor(
    dir: string,
    readonly chartId: string,
    readonly ring: ChartRing,
    file: MapChartFile | null,
    private readonly observer: MapWriteObserver,
  ) {
    this.filePath = path.join(dir, mapFileName(chartId, ring.updateEvery));
    this.file = file;
  }

  get updateEvery(): number {
    return this.ring.updateEvery;
  }

  ensureDimensions(count: number): void {
    this.ring.ensureDimensions(count);
  }

  store(t: number, values: ArrayLike<number>): boolean {
    const ring = this.ring;
    const before = ring.lastEntryT();
    if (!ring.store(t, values)) return false;
    if (this.unsaved) return true; // the next checkpoint rewrites the file from memory
    const lastT = ring.lastEntryT();
    const span = ring.history * ring.updateEvery;
    // after a gap of a lap or more the ring restarted: rows left from before are all outside the new lap
    const fromT = before !== 0 && lastT - before < span ? before + ring.updateEvery : lastT;
    try {
      const f = this.file;
      if (f && f.header.dims === ring.dimensionCount && f.header.entries === ring.history) f.writeRows(fromT, lastT, ring);
      else this.rewrite();
    } catch (err) {
      this.unsaved = true;
      this.observer.writeFailed(this.filePath, err);
    }
    return true;
  }

  /** Replaces the file by one written from memory (a new row width, another number of entries, or a repair). */
  rewrite(): void {
    const old = this.file;
    this.file = null;
    old?.close(false);
    this.file = MapChartFile.create(this.filePath, this.chartId, this.ring);
    this.unsaved = false;
  }

  firstEntryT(): number {
    return this.ring.firstEntryT();
  }

  lastEntryT(): number {
    return this.ring.lastEntryT();
  }

  valueAt(dim: number, t: number): number {
    return this.ring.valueAt(dim, t);
  }

  readRange(dim: number, after: number, before: number): Float64Array {
    return this.ring.readRange(dim, after, before);
  }

  memoryBytes(): number {
    return this.ring.memoryBytes();
  }

  close(sync: boolean): void {
    this.file?.close(sync);
    this.file = null;
  }
}
