/** Where a configuration value came from, so a message can point the user at it. */
export interface ConfigLocation {
  /** The file as the user would name it (relative to the working directory when inside it). */
  file: string;
  /** 1-based line; absent for values given on the command line. */
  line?: number;
  section?: string;
  key?: string;
  value?: string;
}

/** Describes a location as `file:line: [section] "key" = "value"`, leaving out what is unknown. */
export function describeLocation(loc: ConfigLocation): string {
  const parts = [loc.line === undefined ? loc.file : `${loc.file}:${loc.line}`];
  if (loc.section !== undefined) parts.push(`[${loc.section}]`);
  if (loc.key !== undefined) parts.push(`"${loc.key}"`);
  if (loc.value !== undefined) parts.push(`= "${loc.value}"`);
  return parts.length === 1 ? parts[0] : `${parts[0]}: ${parts.slice(1).join(' ')}`;
}

/**
 * A configuration that cannot be used: unreadable or malformed file, invalid value, bad command line.
 * The message always names the file and, when known, the line, section, key and value.
 */
export class ConfigError extends Error {
  readonly location: ConfigLocation | null;

  constructor(location: ConfigLocation | null, reason: string) {
    super(location ? `${describeLocation(location)}: ${reason}` : reason);
    this.name = 'ConfigError';
    this.location = location;
  }
}
