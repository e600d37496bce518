import path from 'node:path';
import fs from 'node:fs';
import { crc32 } from 'node:zlib';
import type { Logger } from '../../log';
import type { ChartStore, HostStorage } from '../storage/chart-store';
import { Datafile, type DatafileOwner, listDatafiles } from './datafile';
import { encodePageRecord, scanPages } from './datafile-format';
import { DbengineChartStore } from './dbengine-chart-store';
import type { DbengineShared } from './dbengine-shared';
import { type OpenPage, PAGE_SLOTS } from './open-page';
import type { PageArena } from './page-arena';
import { ENCODING_DELTA_VARINT_DEFLATE, decodePage, encodePage } from './page-codec';
import type { PageIo, PageOwner, PageRef } from './page-ref';
import { readResumeSeq, writeResumeSeq } from './resume-file';

const RESUME_FILE = 'resume.json';

/**
 * Memory mode dbengine for one host: compressed pages in append-only datafiles of `hostDir`, indexed in memory (the
 * index is rebuilt by scanning the datafiles at open), read through the page cache and bounded by the disk-space
 * quota, both shared with the other dbengine hosts (DbengineShared). Format: docs/dbengine.md.
 *
 * Resume point: pages are written when full (1024 slots) or, at a checkpoint, once older than the flush age, not at
 * every checkpoint (small pages compress several times worse). A checkpoint's seq therefore becomes durable only when
 * every page that was open at that checkpoint is on disk: pages carry the number of checkpoints made before they
 * opened (their epoch), and checkpoint k is durable once no unwritten page has an epoch below k. The newest durable
 * seq is recorded in resume.json after the datafile is synced.
 */
export class DbengineHostStorage implements HostStorage, PageIo, DatafileOwner {
  readonly mode = 'dbengine' as const;
  epoch = 0;
  private readonly charts = new Map<string, DbengineChartStore>();
  private files: Datafile[] = [];
  private active: Datafile | null = null;
  private nextFileNumber = 1;
  private pending: Array<{ epoch: number; seq: number }> = [];
  /** The seq resume.json holds, and the newest seq whose points are all written (recorded at the next success). */
  private durableSeq: number;
  private onDisk: number;
  private readonly resumeFile: string;
  private readonly reported = new Set<string>();
  private writeFailing = false;
  private closed = false;

  constructor(
    private readonly shared: DbengineShared,
    private readonly hostDir: string,
    private readonly logger: Logger,
  ) {
    fs.mkdirSync(hostDir, { recursive: true });
    this.resumeFile = path.join(hostDir, RESUME_FILE);
    const resume = readResumeSeq(this.resumeFile);
    if (resume.problem) logger.warn(`dbengine: ${this.resumeFile}: ${resume.problem}; replaying the event log from its start`);
    this.durableSeq = resume.seq;
    this.onDisk = resume.seq;
    this.scan();
    shared.addDatafiles(this.files);
  }

  /** `entries` does not apply: the disk-space quota bounds what is kept. */
  chartStore(chartId: string, updateEvery: number, _entries?: number): ChartStore {
    return this.chartFor(chartId, updateEvery);
  }

  resumeSeq(): number {
    return this.durableSeq;
  }

  get arena(): PageArena {
    return this.shared.arena;
  }

  checkpoint(seq: number): void {
    if (this.closed) return;
    this.epoch++;
    this.pending.push({ epoch: this.epoch, seq });
    const writeOpenedBy = Date.now() - this.shared.flushAgeMs;
    for (const chart of this.charts.values()) chart.flush(writeOpenedBy);
    this.recordDurable();
  }

  close(): void {
    if (this.closed) return;
    for (const chart of this.charts.values()) chart.flush();
    this.recordDurable();
    // what could not be written is lost with the storage; its memory goes back for the other hosts
    for (const chart of this.charts.values()) chart.releaseUnflushed();
    try {
      this.active?.seal();
    } catch (err) {
      this.logger.error({ err }, `dbengine: cannot sync ${this.active?.path}`);
    }
    this.active = null;
    // the files stay registered with the quota; rotating them out no longer concerns this (closed) host
    for (const f of this.files) f.owner = null;
    this.closed = true;
  }

  // ---- PageIo ----

  load(ref: PageRef): Float64Array | null {
    return this.shared.cache.get(ref, () => this.readPage(ref));
  }

  write(chart: PageOwner, page: OpenPage): boolean {
    if (this.closed) return false;
    let file: Datafile | null = null;
    try {
      file = this.writableFile();
      const payload = encodePage(page.columns(), page.slots);
      const header = { encoding: ENCODING_DELTA_VARINT_DEFLATE, chartId: chart.chartId, updateEvery: chart.updateEvery,
        startT: page.startT, slots: page.slots, dimensions: page.dimensions };
      const record = encodePageRecord(header, payload);
      const offset = file.append(record);
      const payloadOffset = offset + record.length - payload.length;
      chart.addWrittenPage({ file, payloadOffset, payloadBytes: payload.length, payloadCrc: crc32(payload), encoding: header.encoding,
        startT: page.startT, slots: page.slots, dimensions: header.dimensions, lastT: page.lastT, bad: false });
      if (this.writeFailing) this.logger.info(`dbengine: writing pages to ${this.hostDir} works again`);
      this.writeFailing = false;
      this.shared.grew(record.length);
      return true;
    } catch (err) {
      if (!this.writeFailing)
        this.logger.error({ err }, `dbengine: cannot write a page of chart '${chart.chartId}' to ${file?.path ?? this.hostDir}: ${(err as Error).message}; unwritten pages stay in memory and are retried`);
      this.writeFailing = true;
      return false;
    }
  }

  // ---- DatafileOwner ----

  /** The quota deleted `file`: its pages leave the index and the cache. */
  forgetDatafile(file: Datafile): void {
    if (file === this.active) this.active = null;
    this.files = this.files.filter((f) => f !== file);
    for (const chart of this.charts.values()) for (const ref of chart.dropPages((p) => p.file === file)) this.shared.cache.forget(ref);
  }

  // ----

  private chartFor(chartId: string, updateEvery: number): DbengineChartStore {
    const key = `${updateEvery} ${chartId}`;
    let chart = this.charts.get(key);
    if (!chart) {
      chart = new DbengineChartStore(this, chartId, updateEvery);
      this.charts.set(key, chart);
    }
    return chart;
  }

  /** Rebuilds the index from the datafiles; damaged pages are reported (once, with the file name) and left out. */
  private scan(): void {
    for (const fileNumber of listDatafiles(this.hostDir)) {
      this.nextFileNumber = fileNumber + 1;
      let opened: ReturnType<typeof Datafile.openExisting>;
      try {
        opened = Datafile.openExisting(this.hostDir, fileNumber, this);
      } catch (err) {
        this.logger.error({ err }, `dbengine: cannot read datafile ${fileNumber} in ${this.hostDir}: ${(err as Error).message}`);
        continue;
      }
      const { file, bytes, problem } = opened;
      this.files.push(file);
      if (problem) {
        this.report(file, 0, `${problem}; none of its pages are used`);
        continue;
      }
      scanPages(
        bytes,
        (p) => {
          if (p.encoding !== ENCODING_DELTA_VARINT_DEFLATE) return this.report(file, p.payloadOffset, `page of chart '${p.chartId}' has unknown encoding ${p.encoding}`);
          if (p.slots < 1 || p.slots > PAGE_SLOTS || p.updateEvery < 1 || p.startT % p.updateEvery !== 0)
            return this.report(file, p.payloadOffset, `page of chart '${p.chartId}' has impossible slots ${p.slots}, update_every ${p.updateEvery}, start ${p.startT}`);
          this.chartFor(p.chartId, p.updateEvery).addScannedPage({ file, payloadOffset: p.payloadOffset, payloadBytes: p.payloadBytes,
            payloadCrc: p.payloadCrc, encoding: p.encoding, startT: p.startT, slots: p.slots, dimensions: p.dimensions,
            lastT: p.startT + (p.slots - 1) * p.updateEvery, bad: false });
        },
        (problem) => this.report(file, problem.offset, problem.reason),
      );
    }
    for (const chart of this.charts.values()) chart.indexLoaded();
  }

  /** The datafile appends go to: a new one is started when none is open or the current one reached its size. */
  private writableFile(): Datafile {
    if (this.active && this.active.size < this.shared.datafileBytes) return this.active;
    this.active?.seal();
    this.active = null;
    const file = Datafile.create(this.hostDir, this.nextFileNumber++, this);
    this.active = file;
    this.files.push(file);
    this.shared.addDatafiles([file]);
    // the quota may have rotated the new file out at once (a quota smaller than a datafile header)
    if (this.active !== file) throw new Error(`the disk space quota leaves no room for a datafile`);
    return file;
  }

  /** A page's values; null when it cannot be read (an I/O error) or is damaged (then it is marked bad for good). */
  private readPage(ref: PageRef): Float64Array | null {
    let payload: Buffer;
    try {
      payload = ref.file.read(ref.payloadOffset, ref.payloadBytes);
    } catch (err) {
      this.report(ref.file, ref.payloadOffset, `page at t=${ref.startT} cannot be read: ${(err as Error).message}`);
      return null;
    }
    let reason = 'payload checksum mismatch';
    if (crc32(payload) === ref.payloadCrc) {
      try {
        return decodePage(payload, ref.dimensions, ref.slots);
      } catch (err) {
        reason = (err as Error).message;
      }
    }
    ref.bad = true;
    this.report(ref.file, ref.payloadOffset, `page at t=${ref.startT}: ${reason}`);
    return null;
  }

  /** Records the newest checkpoint whose points are all on disk (see the class comment). */
  private recordDurable(): void {
    let oldestEpoch = Infinity;
    for (const chart of this.charts.values()) oldestEpoch = Math.min(oldestEpoch, chart.oldestUnflushedEpoch());
    while (this.pending.length && this.pending[0].epoch <= oldestEpoch) this.onDisk = Math.max(this.onDisk, this.pending.shift()!.seq);
    if (this.onDisk <= this.durableSeq) return;
    try {
      this.active?.sync();
      writeResumeSeq(this.resumeFile, this.onDisk);
      this.durableSeq = this.onDisk;
    } catch (err) {
      this.logger.error({ err }, `dbengine: cannot record the resume point in ${this.resumeFile}: ${(err as Error).message}`);
    }
  }

  private report(file: Datafile, offset: number, reason: string): void {
    const key = `${file.path}:${offset}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.logger.error(`dbengine: ${file.path}: ${reason} (offset ${offset}); skipped, never served`);
  }
}
