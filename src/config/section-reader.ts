import { ConfigError, describeLocation } from './errors';
import type { IniDocument, IniEntry } from './ini-file';
import { InvalidValue, type ValueParser } from './values';

/** The location of an entry, for messages. */
export function entryLocation(entry: IniEntry) {
  return { file: entry.file, line: entry.line, section: entry.section, key: entry.key, value: entry.value };
}

/**
 * Reads typed values from one section, like Netdata's config_get_*(section, key, default), and remembers
 * which keys were asked for, so that whatever is left can be reported as unknown.
 */
export class SectionReader {
  private readonly used = new Set<string>();

  constructor(
    private readonly doc: IniDocument,
    readonly section: string,
  ) {}

  /** The parsed value, or undefined when the key is absent; throws ConfigError for an invalid value. */
  optional<T>(key: string, parse: ValueParser<T>): T | undefined {
    this.used.add(key);
    const entry = this.doc.get(this.section, key);
    if (!entry) return undefined;
    try {
      return parse(entry.value);
    } catch (err) {
      if (err instanceof InvalidValue) throw new ConfigError(entryLocation(entry), err.message);
      throw err;
    }
  }

  get<T>(key: string, parse: ValueParser<T>, fallback: T): T {
    const value = this.optional(key, parse);
    return value === undefined ? fallback : value;
  }

  /** Warns about each key of the section that was never read. */
  warnUnknown(warn: (msg: string) => void): void {
    for (const key of this.doc.keys(this.section)) {
      if (this.used.has(key)) continue;
      const entry = this.doc.get(this.section, key)!;
      warn(`${describeLocation({ file: entry.file, line: entry.line, section: entry.section, key: entry.key })}: unknown key, ignored`);
    }
  }
}
