import fs from 'node:fs';
import path from 'node:path';
import type { AlertDefinition } from './alert-definition';
import { readHealthText, type HealthProblem } from './health-file';
import { parseEntry } from './parse-entry';

export interface HealthConfig {
  definitions: AlertDefinition[];
  /** Every line not (fully) honoured, once, with file and line; entries dropped are among them. */
  problems: HealthProblem[];
  files: string[];
  alarms: number;
  templates: number;
  dropped: number;
}

/**
 * Loads health.d directories as Netdata does: every `*.conf` of the stock directory, except those a file of the same
 * name in the user directory replaces; files in name order. A file that cannot be read is a problem, not a failure.
 */
export function loadHealthConfig(opts: { stockDir?: string | null; userDir?: string | null }): HealthConfig {
  const byName = new Map<string, string>();
  for (const dir of [opts.stockDir, opts.userDir]) {
    if (!dir || !fs.existsSync(dir)) continue;
    for (const f of fs.readdirSync(dir)) if (f.endsWith('.conf')) byName.set(f, path.join(dir, f));
  }
  const config: HealthConfig = { definitions: [], problems: [], files: [], alarms: 0, templates: 0, dropped: 0 };
  for (const name of [...byName.keys()].sort()) {
    const file = byName.get(name)!;
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      config.problems.push({ file, line: 0, message: `cannot read the file: ${(err as Error).message}` });
      continue;
    }
    config.files.push(file);
    const { entries, problems } = readHealthText(text, file);
    config.problems.push(...problems);
    for (const entry of entries) {
      const r = parseEntry(entry);
      for (const p of r.problems) config.problems.push({ file, line: p.line, message: p.message });
      if (!r.definition) {
        config.dropped++;
        continue;
      }
      config.definitions.push(r.definition);
      if (r.definition.kind === 'alarm') config.alarms++;
      else config.templates++;
    }
  }
  return config;
}

/** One line per kind of problem with the number of lines, for the start-up log. */
export function summarizeProblems(problems: HealthProblem[]): string[] {
  const counts = new Map<string, number>();
  for (const p of problems) {
    const kind = p.message.replace(/'[^']*'/g, "'...'");
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]).map(([kind, n]) => `${n} x ${kind}`);
}
