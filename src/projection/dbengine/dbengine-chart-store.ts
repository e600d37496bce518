import type { ChartStore } from '../storage/chart-store';
import { OpenPage } from './open-page';
import type { PageIo, PageOwner, PageRef } from './page-ref';

/**
 * The points of one chart (id and update_every) in memory mode dbengine: the index of its pages on disk, sorted by
 * time and never overlapping, and the pages not written yet (the one being filled, and any whose write failed).
 * Reads of pages on disk go through the shared page cache.
 */
export class DbengineChartStore implements ChartStore, PageOwner {
  private pages: PageRef[] = [];
  private readonly unflushed: OpenPage[] = [];
  private dimensions = 0;
  /** The newest slot ever stored, on disk or not: nothing at or before it is accepted again. */
  private newestT = 0;

  constructor(
    private readonly io: PageIo,
    readonly chartId: string,
    readonly updateEvery: number,
  ) {}

  /** Adds a page found on disk at open; call indexLoaded() once all are added. */
  addScannedPage(ref: PageRef): void {
    this.pages.push(ref);
  }

  indexLoaded(): void {
    const sorted = this.pages.sort((a, b) => a.startT - b.startT);
    // pages covering the same slots cannot come from this code; keep the earliest, so reads stay sorted and disjoint
    this.pages = [];
    for (const p of sorted) {
      if (this.newestT !== 0 && p.startT <= this.newestT) continue;
      this.pages.push(p);
      this.dimensions = Math.max(this.dimensions, p.dimensions);
      this.newestT = p.lastT;
    }
  }

  ensureDimensions(count: number): void {
    this.dimensions = Math.max(this.dimensions, count);
  }

  store(t: number, values: ArrayLike<number>): boolean {
    const slotT = t - (t % this.updateEvery);
    if (this.newestT !== 0 && slotT <= this.newestT) return false;
    this.ensureDimensions(values.length);
    let page = this.unflushed.at(-1);
    if (!page || !page.fits(slotT)) {
      if (page) this.flush();
      page = new OpenPage(slotT, this.updateEvery, Date.now(), this.io.epoch, this.dimensions, this.io.arena);
      this.unflushed.push(page);
    }
    page.put(slotT, values, this.dimensions);
    this.newestT = slotT;
    return true;
  }

  /**
   * Writes the pages not on disk yet, oldest first: full ones (waiting after a failed write) always, the one being
   * filled only when it was opened at or before `openedBy` (by default always). Stops at the first failed write.
   */
  flush(openedBy = Infinity): void {
    while (this.unflushed.length) {
      const page = this.unflushed[0];
      if (this.unflushed.length === 1 && !(page.openedMs <= openedBy)) return;
      if (!this.io.write(this, page)) return;
      this.unflushed.shift();
      page.release();
    }
  }

  addWrittenPage(ref: PageRef): void {
    this.pages.push(ref);
  }

  /** Drops the pages not written (their storage is closing) and hands their memory back. */
  releaseUnflushed(): void {
    for (const page of this.unflushed.splice(0)) page.release();
  }

  /** The smallest epoch of the pages not written yet (Infinity when all are on disk). */
  oldestUnflushedEpoch(): number {
    return this.unflushed.length ? this.unflushed[0].epoch : Infinity;
  }

  /** Forgets pages (of a datafile rotated out, or found unreadable); returns them. */
  dropPages(isDropped: (ref: PageRef) => boolean): PageRef[] {
    const dropped = this.pages.filter(isDropped);
    if (dropped.length) this.pages = this.pages.filter((p) => !isDropped(p));
    return dropped;
  }

  firstEntryT(): number {
    if (this.pages.length) return this.pages[0].startT;
    return this.unflushed.length ? this.unflushed[0].startT : 0;
  }

  lastEntryT(): number {
    const page = this.unflushed.at(-1);
    if (page) return page.lastT;
    return this.pages.length ? this.pages[this.pages.length - 1].lastT : 0;
  }

  valueAt(dim: number, t: number): number {
    const ue = this.updateEvery;
    if (dim < 0 || t % ue !== 0) return NaN;
    for (const page of this.unflushed) if (t >= page.startT && t <= page.lastT) return page.value(dim, (t - page.startT) / ue);
    const i = this.firstPageEndingAtOrAfter(t);
    const ref = this.pages[i];
    if (!ref || ref.startT > t || dim >= ref.dimensions) return NaN;
    const values = this.io.load(ref);
    if (!values) {
      this.dropPages((p) => p.bad);
      return NaN;
    }
    return values[dim * ref.slots + (t - ref.startT) / ue];
  }

  readRange(dim: number, after: number, before: number): Float64Array {
    const ue = this.updateEvery;
    const start = Math.ceil(after / ue) * ue;
    if (before < start) return new Float64Array(0);
    const out = new Float64Array(Math.floor((before - start) / ue) + 1).fill(NaN);
    if (dim < 0) return out;
    const end = start + (out.length - 1) * ue;
    let sawBad = false;
    for (let i = this.firstPageEndingAtOrAfter(start); i < this.pages.length && this.pages[i].startT <= end; i++) {
      const ref = this.pages[i];
      if (dim >= ref.dimensions) continue;
      const values = this.io.load(ref);
      if (!values) {
        sawBad = true;
        continue;
      }
      const from = Math.max(0, (start - ref.startT) / ue);
      const to = Math.min(ref.slots - 1, (end - ref.startT) / ue);
      out.set(values.subarray(dim * ref.slots + from, dim * ref.slots + to + 1), (ref.startT - start) / ue + from);
    }
    if (sawBad) this.dropPages((p) => p.bad);
    for (const page of this.unflushed) {
      const from = Math.max(0, (start - page.startT) / ue);
      const to = Math.min(page.slots - 1, (end - page.startT) / ue);
      for (let s = from; s <= to; s++) out[(page.startT - start) / ue + s] = page.value(dim, s);
    }
    return out;
  }

  memoryBytes(): number {
    let bytes = this.pages.length * 96; // an index entry, roughly
    for (const page of this.unflushed) bytes += page.memoryBytes();
    return bytes;
  }

  /** Index of the first page whose last slot is at or after t (pages are sorted and disjoint). */
  private firstPageEndingAtOrAfter(t: number): number {
    let lo = 0;
    let hi = this.pages.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.pages[mid].lastT < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
