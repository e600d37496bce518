import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { Logger } from '../log';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const FILE_PATTERN = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/**
 * The project's `migrations/` folder, found by walking up from this file, so it is the same whether this runs from
 * src/eventlog (ts-node) or dist/src/eventlog (compiled).
 */
export function findMigrationsDir(from = __dirname): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'migrations');
    if (fs.existsSync(candidate) && fs.statSync(candidate).isDirectory()) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`no migrations/ folder found above ${from}`);
  }
}

/** `NNNN_name.sql` files, in version order; versions must be unique. */
export function loadMigrations(dir: string): Migration[] {
  const migrations: Migration[] = [];
  for (const file of fs.readdirSync(dir).sort()) {
    const m = FILE_PATTERN.exec(file);
    if (!m) continue;
    const version = Number(m[1]);
    if (migrations.some((x) => x.version === version)) throw new Error(`migration version ${m[1]} appears twice in ${dir}`);
    migrations.push({ version, name: m[2], sql: fs.readFileSync(path.join(dir, file), 'utf8') });
  }
  return migrations;
}

/**
 * Applies, in order, every migration newer than the highest recorded in `schema_migrations`; each one and its record in
 * one transaction, so a crash leaves the schema at a recorded version. Returns the versions applied.
 */
export function applyMigrations(db: Database.Database, migrations: Migration[], appliedAtUs: number, logger: Logger): number[] {
  const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get() !== undefined;
  const current = hasTable ? ((db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0) : 0;
  const newest = migrations.at(-1)?.version ?? 0;
  if (current > newest) throw new Error(`database schema version ${current} is newer than this program knows (${newest})`);
  const applied: number[] = [];
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, appliedAtUs);
    })();
    logger.debug({ version: m.version, name: m.name }, 'event log migration applied');
    applied.push(m.version);
  }
  return applied;
}
