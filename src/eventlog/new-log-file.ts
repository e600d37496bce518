import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/**
 * A new host's event log starts as a byte copy of an empty one made once per process. Creating a SQLite file, turning
 * on WAL mode and applying every migration costs several milliseconds of CPU and a dozen fsyncs per file, paid on the
 * thread that reads the streams: when hundreds of new children connect at once, that alone held their handshakes
 * back for seconds. The copy is then opened like any existing log (its schema is current, so nothing is applied).
 */
let template: Buffer | null = null;

/** Creates `file` from the template unless it exists; `init` brings a fresh database to the current schema. */
export function createLogFileOnce(file: string, init: (db: Database.Database) => void): void {
  template ??= buildTemplate(path.dirname(file), init);
  try {
    fs.writeFileSync(file, template, { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}

/** An empty log in WAL mode, made beside the first new log (same file system) and read back; no file is left. */
function buildTemplate(dir: string, init: (db: Database.Database) => void): Buffer {
  const file = path.join(dir, `.event-log-template-${process.pid}.db`);
  try {
    const db = new Database(file);
    try {
      init(db);
    } finally {
      db.close(); // the last connection checkpoints and removes the WAL; the header keeps WAL mode
    }
    return fs.readFileSync(file);
  } finally {
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  }
}
