import fs from 'node:fs';
import type { Logger } from '../../log';
import type { Datafile } from './datafile';
import { PageArena } from './page-arena';
import { PageCache } from './page-cache';
import type { PageRef } from './page-ref';

const MIB = 1024 * 1024;
/** A host starts a new datafile every 1/20 of the quota, so rotation frees about 5% at a time... */
const FILES_PER_QUOTA = 20;
/** ...but never less than this (very small quotas, in tests) nor more than this. */
const MIN_DATAFILE_BYTES = 4096;
const MAX_DATAFILE_BYTES = 64 * MIB;
/**
 * A page not full after this long is written anyway at a checkpoint, so the resume point keeps moving. Longer than
 * 1024 slots of 1 s (17 min), so pages of per-second charts are always written full.
 */
const DEFAULT_FLUSH_AGE_MS = 20 * 60_000;

export interface DbengineSharedOptions {
  /** `dbengine multihost disk space`, in bytes: all dbengine hosts' datafiles together stay within it. */
  diskSpaceBytes: number;
  /** `page cache size`, in bytes: decoded pages kept for queries, all hosts together. */
  pageCacheBytes: number;
  logger: Logger;
  /** How long a page may stay in memory unwritten before a checkpoint writes it (default 20 minutes). */
  flushAgeMs?: number;
}

/**
 * What all dbengine hosts of a parent share: the page cache, the memory of pages being filled and the disk-space
 * quota. Every datafile of every host opened in this process is registered here, oldest first; when their total
 * passes the quota, the globally oldest files are deleted (their hosts forget the pages, so first entry times move
 * forward).
 */
export class DbengineShared {
  readonly cache: PageCache<PageRef>;
  /** Memory of the pages being filled, of every host. */
  readonly arena = new PageArena();
  readonly datafileBytes: number;
  readonly flushAgeMs: number;
  readonly logger: Logger;
  private readonly quotaBytes: number;
  private files: Datafile[] = [];
  private total = 0;
  private registered = 0;

  constructor(opts: DbengineSharedOptions) {
    this.quotaBytes = opts.diskSpaceBytes;
    this.cache = new PageCache(opts.pageCacheBytes);
    this.logger = opts.logger;
    this.flushAgeMs = opts.flushAgeMs ?? DEFAULT_FLUSH_AGE_MS;
    this.datafileBytes = Math.min(MAX_DATAFILE_BYTES, Math.max(MIN_DATAFILE_BYTES, Math.floor(opts.diskSpaceBytes / FILES_PER_QUOTA)));
  }

  /** Registers datafiles (a host's existing ones at open, or a new one); replaces earlier entries of the same paths. */
  addDatafiles(added: ReadonlyArray<Datafile>): void {
    const paths = new Set(added.map((f) => f.path));
    for (const f of this.files) if (paths.has(f.path)) this.total -= f.size;
    for (const f of added) {
      f.order = ++this.registered;
      this.total += f.size;
    }
    this.files = this.files.filter((f) => !paths.has(f.path)).concat(added);
    this.files.sort((a, b) => a.createdMs - b.createdMs || a.order - b.order);
    this.enforceQuota();
  }

  /** A datafile grew by `bytes` (a page was appended). */
  grew(bytes: number): void {
    this.total += bytes;
    this.enforceQuota();
  }

  /** Bytes of all registered datafiles. */
  diskBytes(): number {
    return this.total;
  }

  datafileCount(): number {
    return this.files.length;
  }

  private enforceQuota(): void {
    while (this.total > this.quotaBytes && this.files.length) {
      const oldest = this.files.shift()!;
      this.total -= oldest.size;
      oldest.closeQuietly();
      oldest.owner?.forgetDatafile(oldest);
      try {
        fs.rmSync(oldest.path, { force: true });
        this.logger.info(`dbengine: disk space quota of ${(this.quotaBytes / MIB).toFixed(1)} MiB reached: deleted the oldest datafile ${oldest.path} (${oldest.size} bytes)`);
      } catch (err) {
        this.logger.error({ err }, `dbengine: cannot delete datafile ${oldest.path} while rotating for the disk space quota`);
      }
    }
  }
}
