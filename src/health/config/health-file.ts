/**
 * Reads one health.d file into entries, as Netdata 1.37's health_readfile() reads it (health/health_config.c):
 * lines are trimmed; `#` starts a comment line; a line ending in `\` continues on the next; every other line is
 * `key: value` (split at the first `:`, key and value trimmed, the key case-insensitive); `alarm:` or `template:`
 * starts an entry and the keys after it belong to it; white space inside a value collapses to single spaces. Lines Netdata would skip are reported with file and line.
 */
export interface HealthLine {
  key: string;
  value: string;
  line: number;
}

export interface HealthEntry {
  kind: 'alarm' | 'template';
  name: string;
  file: string;
  line: number;
  keys: HealthLine[];
}

export interface HealthProblem {
  file: string;
  line: number;
  message: string;
}

/** Netdata reads at most this many bytes of a (continued) line. */
const MAX_LINE = 4096;

export function readHealthText(text: string, file: string): { entries: HealthEntry[]; problems: HealthProblem[] } {
  const entries: HealthEntry[] = [];
  const problems: HealthProblem[] = [];
  const raw = text.split('\n');
  let current: HealthEntry | null = null;
  let pending = '';
  for (let i = 0; i < raw.length; i++) {
    const lineNo = i + 1;
    let s = (pending + raw[i]).trim();
    pending = '';
    if (!s || s.startsWith('#')) continue;
    if (s.endsWith('\\') && i < raw.length - 1) {
      if (s.length < MAX_LINE) {
        pending = s.slice(0, -1) + ' ';
        continue;
      }
      problems.push({ file, line: lineNo, message: 'too long multi-line' });
    }
    const colon = s.indexOf(':');
    if (colon < 0) {
      problems.push({ file, line: lineNo, message: "invalid line: it does not contain a ':'; ignoring it" });
      continue;
    }
    const key = s.slice(0, colon).trim().toLowerCase();
    // Netdata's trim_all(): runs of white space become one space
    const value = s.slice(colon + 1).replace(/\s+/g, ' ').trim();
    if (!key) {
      problems.push({ file, line: lineNo, message: 'invalid line: the keyword is empty; ignoring it' });
      continue;
    }
    if (!value) {
      problems.push({ file, line: lineNo, message: 'invalid line: the value is empty; ignoring it' });
      continue;
    }
    if (key === 'alarm' || key === 'template') {
      current = { kind: key, name: value, file, line: lineNo, keys: [] };
      entries.push(current);
      continue;
    }
    if (!current) {
      problems.push({ file, line: lineNo, message: `key '${key}' before any alarm or template; ignoring it` });
      continue;
    }
    current.keys.push({ key, value, line: lineNo });
  }
  return { entries, problems };
}
