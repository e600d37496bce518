import fs from 'node:fs';
import path from 'node:path';
import type { MemoryMode } from '../config';

/** What a host's persisted projection was built with; a different mode or history means rebuilding it from the log. */
interface Marker {
  mode: MemoryMode;
  history: number;
}

const FILE = 'projection.json';

export function readMarker(hostDir: string): Marker | null {
  try {
    const m = JSON.parse(fs.readFileSync(path.join(hostDir, FILE), 'utf8')) as Marker;
    return typeof m.mode === 'string' && typeof m.history === 'number' ? m : null;
  } catch {
    return null;
  }
}

export function writeMarker(hostDir: string, marker: Marker): void {
  fs.mkdirSync(hostDir, { recursive: true });
  const tmp = path.join(hostDir, `${FILE}.tmp`);
  fs.writeFileSync(tmp, JSON.stringify(marker) + '\n');
  fs.renameSync(tmp, path.join(hostDir, FILE));
}
