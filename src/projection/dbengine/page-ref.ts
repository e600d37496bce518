import type { Datafile } from './datafile';
import type { OpenPage } from './open-page';
import type { PageArena } from './page-arena';

/** A page on disk, as the in-memory index knows it: where its payload is and which slots it covers. */
export interface PageRef {
  readonly file: Datafile;
  readonly payloadOffset: number;
  readonly payloadBytes: number;
  readonly payloadCrc: number;
  readonly encoding: number;
  readonly startT: number;
  readonly slots: number;
  readonly dimensions: number;
  readonly lastT: number;
  /** Set when reading it failed (checksum, decoding): it is never served and leaves the index. */
  bad: boolean;
}

/** How a chart store reaches its host's files: pages are read through the shared page cache, written to the datafile. */
export interface PageIo {
  /** The decoded values of a page (dimension after dimension), or null when it cannot be read (then marked bad). */
  load(ref: PageRef): Float64Array | null;
  /**
   * Appends a page of `chart` to the host's current datafile and adds it to the chart's index (before the quota may
   * rotate files out); false when the write failed (logged): the page stays in memory.
   */
  write(chart: PageOwner, page: OpenPage): boolean;
  /** The host's checkpoint count, which pages opened now carry (see the resume tracking of the host storage). */
  readonly epoch: number;
  /** Where pages being filled take their memory. */
  readonly arena: PageArena;
}

/** The chart store a written page is indexed in. */
export interface PageOwner {
  readonly chartId: string;
  readonly updateEvery: number;
  addWrittenPage(ref: PageRef): void;
}
