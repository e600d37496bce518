import * as fs from 'node:fs';
import * as ini from 'ini';
import { ConfigError, describeLocation } from './errors';

/** One `key = value` line, or a value given on the command line (no line number). */
export interface IniEntry {
  /** Section and key as the user wrote them, for messages. */
  section: string;
  key: string;
  value: string;
  /** File as shown in messages; for command-line values, the file they override plus ` (-W set)`. */
  file: string;
  line?: number;
}

interface IniSection {
  line?: number;
  entries: Map<string, IniEntry>;
}

/**
 * A file in Netdata's ini-like syntax: `[section]` headers, `key = value` lines where keys may contain
 * spaces, and whole-line comments starting with `#` or `;`. Section and key names are case-sensitive.
 * A key that appears twice keeps its last value, as in Netdata.
 */
export class IniDocument {
  private readonly sections = new Map<string, IniSection>();

  constructor(readonly file: string) {}

  sectionNames(): string[] {
    return [...this.sections.keys()];
  }

  hasSection(name: string): boolean {
    return this.sections.has(name);
  }

  sectionLine(name: string): number | undefined {
    return this.sections.get(name)?.line;
  }

  keys(section: string): string[] {
    return [...(this.sections.get(section)?.entries.keys() ?? [])];
  }

  get(section: string, key: string): IniEntry | undefined {
    return this.sections.get(section)?.entries.get(key);
  }

  /** Adds the section if missing; returns false if it already existed. */
  addSection(name: string, line?: number): boolean {
    if (this.sections.has(name)) return false;
    this.sections.set(name, { line, entries: new Map() });
    return true;
  }

  /** Stores an entry under `section`/`key` (which may differ from how the entry names itself after a move). */
  set(section: string, key: string, entry: IniEntry): void {
    this.addSection(section);
    this.sections.get(section)!.entries.set(key, entry);
  }

  delete(section: string, key: string): void {
    this.sections.get(section)?.entries.delete(key);
  }
}

export interface ReadIniOptions {
  /** The file's name in messages (default: the path). */
  displayName?: string;
  /** Maps a section name as written to the name it is stored under (e.g. lower-casing GUIDs). */
  normalizeSection?: (name: string) => string;
  warn: (msg: string) => void;
}

const SECTION_HEADER = /^\[([^\]]*)\]$/;

/** Reads and parses a file; throws ConfigError if it cannot be read or a line is malformed. */
export function readIniFile(path: string, opts: ReadIniOptions): IniDocument {
  const file = opts.displayName ?? path;
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError({ file }, `cannot read the file: ${(err as Error).message}`);
  }
  return parseIni(text, file, opts);
}

export function parseIni(text: string, file: string, opts: ReadIniOptions): IniDocument {
  const doc = new IniDocument(file);
  const normalize = opts.normalizeSection ?? ((name: string) => name);
  let section: string | null = null;

  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) return;

    if (trimmed.startsWith('[')) {
      const name = SECTION_HEADER.exec(trimmed)?.[1].trim();
      if (!name) throw new ConfigError({ file, line }, `malformed section header ${JSON.stringify(trimmed)}: expected [name]`);
      section = normalize(name);
      doc.addSection(section, line);
      return;
    }

    const eq = trimmed.indexOf('=');
    const key = trimmed.slice(0, Math.max(eq, 0)).trim();
    if (key === '') {
      const where = { file, line, section: section ?? undefined };
      throw new ConfigError(where, `malformed line ${JSON.stringify(trimmed)}: expected key = value`);
    }
    // ini's value decoding: optional quotes ("a # b"), backslash escapes, and a trailing `; comment` or `# comment`.
    const value = String(ini.unsafe(trimmed.slice(eq + 1)));
    const where = { file, line, section: section ?? undefined, key, value };
    if (section === null) throw new ConfigError(where, 'a key outside any [section]');
    const previous = doc.get(section, key);
    if (previous) opts.warn(`${describeLocation(where)}: overrides line ${previous.line} (the last value is used)`);
    doc.set(section, key, { section, key, value, file, line });
  });
  return doc;
}
