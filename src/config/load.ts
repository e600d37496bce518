import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from './errors';
import { IniDocument, readIniFile } from './ini-file';
import { readBackendSection, readExportingConf } from '../exporting/read-exporting-config';
import { readParentConfig } from './parent-config';
import { readStreamConfig } from './stream-config';
import { normalizeStreamSection } from './stream-sections';
import type { LoadedConfig } from './types';

export const STREAM_CONF = 'stream.conf';
export const EXPORTING_CONF = 'exporting.conf';

export interface LoadOptions {
  /** The parent's configuration file (streamledger.conf); stream.conf is read from its `[directories] config`. */
  file: string;
  /** Netdata's `-W set SECTION KEY VALUE`, applied to the parent file after reading it. */
  overrides?: Array<[section: string, key: string, value: string]>;
  /** Receives every warning (unknown key or section, ignored value); the load goes on. */
  warn: (msg: string) => void;
}

/** Names a file relative to the working directory when it is inside it, so messages stay short. */
function displayName(absolute: string): string {
  const relative = path.relative(process.cwd(), absolute);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : absolute;
}

/** Reads and validates both files; throws ConfigError on anything unusable. */
export function loadConfig(opts: LoadOptions): LoadedConfig {
  const { warn } = opts;
  const file = path.resolve(opts.file);
  const doc = readIniFile(file, { displayName: displayName(file), warn });
  for (const [section, key, value] of opts.overrides ?? []) {
    doc.set(section, key, { section, key, value, file: `${doc.file} (-W set)` });
  }
  const parent = readParentConfig(doc, file, warn);

  const streamFile = path.join(parent.configDir, STREAM_CONF);
  const streamName = displayName(streamFile);
  let streamDoc: IniDocument;
  if (fs.existsSync(streamFile)) {
    streamDoc = readIniFile(streamFile, { displayName: streamName, normalizeSection: normalizeStreamSection, warn });
  } else {
    warn(`${streamName}: not found: every API key is disabled, no child can stream`);
    streamDoc = new IniDocument(streamName);
  }
  const exporting = readBackendSection(doc, parent.hostname, warn);
  const exportingFile = path.join(parent.configDir, EXPORTING_CONF);
  if (fs.existsSync(exportingFile)) {
    exporting.push(...readExportingConf(readIniFile(exportingFile, { displayName: displayName(exportingFile), warn }), parent.hostname, warn));
  }
  const names = new Set<string>();
  for (const e of exporting) {
    if (names.has(e.name)) throw new ConfigError(null, `exporting instance name '${e.name}' is used twice ([backend] is named 'backend')`);
    names.add(e.name);
  }
  return { parent, stream: readStreamConfig(streamDoc, streamFile, parent, warn), exporting };
}
