import fs from 'node:fs';
import path from 'node:path';
import { FILE_HEADER_BYTES, decodeFileHeader, encodeFileHeader } from './datafile-format';

const NAME_PATTERN = /^datafile-(\d{6,})\.sldb$/;

export function datafileName(fileNumber: number): string {
  return `datafile-${String(fileNumber).padStart(6, '0')}.sldb`;
}

/** The file numbers of the datafiles in `dir`, ascending. */
export function listDatafiles(dir: string): number[] {
  const numbers: number[] = [];
  for (const name of fs.readdirSync(dir)) {
    const m = NAME_PATTERN.exec(name);
    if (m) numbers.push(Number(m[1]));
  }
  return numbers.sort((a, b) => a - b);
}

/** Whoever indexes a datafile's pages: told when the quota deletes the file. */
export interface DatafileOwner {
  forgetDatafile(file: Datafile): void;
}

/**
 * One append-only datafile of a host. The newest one of a host is open for appends (`fd`); older ones are sealed and
 * only read. Reads open the file for the duration of the read, so many sealed files cost no descriptors.
 */
export class Datafile {
  private fd: number | null = null;
  /** Registration order with the quota: breaks ties between files created in the same millisecond. */
  order = 0;

  private constructor(
    readonly path: string,
    readonly fileNumber: number,
    /** When the file was started: the quota deletes the globally oldest files first. */
    readonly createdMs: number,
    public size: number,
    public owner: DatafileOwner | null,
  ) {}

  /** Starts a new datafile, open for appends. */
  static create(dir: string, fileNumber: number, owner: DatafileOwner): Datafile {
    const createdMs = Date.now();
    const file = path.join(dir, datafileName(fileNumber));
    const fd = fs.openSync(file, 'wx+');
    try {
      const header = encodeFileHeader({ fileNumber, createdMs });
      fs.writeSync(fd, header, 0, header.length, 0);
    } catch (err) {
      fs.closeSync(fd);
      fs.rmSync(file, { force: true });
      throw err;
    }
    const df = new Datafile(file, fileNumber, createdMs, FILE_HEADER_BYTES, owner);
    df.fd = fd;
    return df;
  }

  /**
   * An existing datafile's bytes and header for scanning, sealed. A file whose header is unusable is still returned
   * (with the reason), so it counts against the quota until it is rotated out; its creation time is then its mtime.
   */
  static openExisting(dir: string, fileNumber: number, owner: DatafileOwner): { file: Datafile; bytes: Buffer; problem: string | null } {
    const file = path.join(dir, datafileName(fileNumber));
    const bytes = fs.readFileSync(file);
    const header = decodeFileHeader(bytes);
    const createdMs = typeof header === 'string' ? fs.statSync(file).mtimeMs : header.createdMs;
    const problem = typeof header === 'string' ? header : header.fileNumber !== fileNumber ? `header says file number ${header.fileNumber}` : null;
    return { file: new Datafile(file, fileNumber, createdMs, bytes.length, owner), bytes, problem };
  }

  get writable(): boolean {
    return this.fd !== null;
  }

  /**
   * Appends `record` at the end; returns its offset. On failure (a full disk) the file is cut back to its previous
   * size, so no partial record stays behind, and the error is thrown.
   */
  append(record: Uint8Array): number {
    if (this.fd === null) throw new Error(`${this.path} is sealed`);
    const offset = this.size;
    try {
      let written = 0;
      while (written < record.length) written += fs.writeSync(this.fd, record, written, record.length - written, offset + written);
    } catch (err) {
      try {
        fs.ftruncateSync(this.fd, offset);
      } catch {
        // the scan at the next open detects and skips a partial record anyway
      }
      throw err;
    }
    this.size += record.length;
    return offset;
  }

  read(offset: number, length: number): Buffer {
    const buf = Buffer.allocUnsafe(length);
    const fd = this.fd ?? fs.openSync(this.path, 'r');
    try {
      const got = fs.readSync(fd, buf, 0, length, offset);
      if (got !== length) throw new Error(`short read (${got} of ${length} bytes at offset ${offset})`);
    } finally {
      if (fd !== this.fd) fs.closeSync(fd);
    }
    return buf;
  }

  /** Makes what was appended durable (before the resume point that relies on it is recorded). */
  sync(): void {
    if (this.fd !== null) fs.fdatasyncSync(this.fd);
  }

  /** Syncs and closes the append descriptor: the file is only read from now on. */
  seal(): void {
    if (this.fd === null) return;
    try {
      fs.fdatasyncSync(this.fd);
    } finally {
      fs.closeSync(this.fd);
      this.fd = null;
    }
  }

  /** Closes without syncing (the file is being deleted). */
  closeQuietly(): void {
    if (this.fd === null) return;
    try {
      fs.closeSync(this.fd);
    } catch {
      // nothing to do: the file is going away
    }
    this.fd = null;
  }
}
