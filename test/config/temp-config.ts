import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after } from 'node:test';
import { loadConfig, type LoadedConfig } from '../../src/config';

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** Writes the given files into a new temporary directory and returns its path. */
export function tempDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'streamledger-config-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

/** Loads streamledger.conf (and stream.conf beside it) from a temporary directory, collecting warnings. */
export function loadTemp(
  parentConf: string,
  streamConf?: string,
  overrides?: Array<[string, string, string]>,
  more: Record<string, string> = {},
): { config: LoadedConfig; warnings: string[]; dir: string } {
  const files: Record<string, string> = { 'streamledger.conf': parentConf, ...more };
  if (streamConf !== undefined) files['stream.conf'] = streamConf;
  const dir = tempDir(files);
  const warnings: string[] = [];
  const config = loadConfig({ file: path.join(dir, 'streamledger.conf'), overrides, warn: (m) => warnings.push(m) });
  return { config, warnings, dir };
}

/** Runs fn expecting a ConfigError, and returns its message. */
export function configErrorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if ((err as Error).name === 'ConfigError') return (err as Error).message;
    throw err;
  }
  throw new Error('expected a ConfigError, nothing was thrown');
}
