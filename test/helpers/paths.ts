import fs from 'node:fs';
import path from 'node:path';

/** The repository root (the folder holding package.json), found from this compiled file's location. */
export function repoRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = up;
  }
  return dir;
}

/** Whether the helpers should keep temporary directories (STREAMLEDGER_KEEP_TMP=1, for debugging). */
export const keepTmp = (): boolean => process.env.STREAMLEDGER_KEEP_TMP === '1';
