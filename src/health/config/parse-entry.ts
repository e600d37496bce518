import { str2ndd } from '../../protocol/c-numbers';
import { parseExpression } from '../expression';
import type { AlertDefinition, ExpressionLine } from './alert-definition';
import { parseDuration } from './durations';
import type { HealthEntry } from './health-file';
import { parseLookup } from './parse-lookup';

/** A problem with one line of an entry: the line is skipped (or partly honoured), the rest of the entry loads. */
export interface EntryProblem {
  line: number;
  message: string;
}

/**
 * One health.d entry as Netdata 1.37's health_readfile() turns it into an alarm or template: each key parsed as
 * health_config.c parses it, a key given twice keeping the last value. Returns null (with the reason) for an entry
 * Netdata drops: no `on`, no frequency, or nothing to compute.
 */
export function parseEntry(entry: HealthEntry): { definition: AlertDefinition | null; problems: EntryProblem[] } {
  const problems: EntryProblem[] = [];
  const name = entry.name.replace(/[^A-Za-z0-9_.]/g, '_');
  if (name !== entry.name) problems.push({ line: entry.line, message: `renamed ${entry.kind} '${entry.name}' to '${name}'` });
  const d: AlertDefinition = {
    kind: entry.kind, name, source: `${entry.line}@${entry.file}`, on: '',
    hosts: null, os: null, families: null, plugin: null, module: null, charts: null, hostLabels: null,
    lookup: null, calc: null, warn: null, crit: null, every: 0, green: NaN, red: NaN,
    units: '', info: '', to: '', exec: '', classification: '', type: '', component: '',
    delay: { up: 0, down: 0, multiplier: 1, max: 0 }, repeat: { warning: 0, critical: 0 }, noClearNotification: false,
  };
  const expression = (value: string, line: number, key: string): ExpressionLine | null => {
    const r = parseExpression(value);
    if (r.ok) return { source: value, expression: r.expression };
    problems.push({ line, message: `${entry.kind} '${name}' at key '${key}' has unparse-able expression '${value}': ${r.error}` });
    return null;
  };
  const noQuotes = (v: string) => v.replace(/['"]/g, ' ');
  for (const { key, value, line } of entry.keys) {
    switch (key) {
      case 'on': d.on = value; break;
      case 'hosts': d.hosts = value; break;
      case 'os': d.os = value; break;
      case 'plugin': d.plugin = value; break;
      case 'module': d.module = value; break;
      case 'host labels': d.hostLabels = value.replace(/\s*=\s*/g, '='); break;
      case 'families':
      case 'charts':
        if (entry.kind === 'template') d[key] = value;
        else problems.push({ line, message: `key '${key}' applies to templates only; ignoring it for alarm '${name}'` });
        break;
      case 'lookup': {
        const r = parseLookup(value);
        for (const message of r.problems) problems.push({ line, message });
        d.lookup = r.lookup;
        if (r.lookup) d.every = r.lookup.every;
        break;
      }
      case 'every': {
        const s = parseDuration(value);
        if (s === null) problems.push({ line, message: `${entry.kind} '${name}' at key 'every' cannot parse duration: '${value}'` });
        else d.every = s;
        break;
      }
      case 'green':
      case 'red':
        d[key] = str2ndd(value);
        break;
      case 'calc':
      case 'warn':
      case 'crit':
        d[key] = expression(value, line, key);
        break;
      case 'units': d.units = noQuotes(value); break;
      case 'info': d.info = noQuotes(value); break;
      case 'class': d.classification = noQuotes(value); break;
      case 'type': d.type = noQuotes(value); break;
      case 'component': d.component = noQuotes(value); break;
      case 'to': d.to = value; break;
      case 'exec': d.exec = value; break;
      case 'delay': parseDelay(value, d, (message) => problems.push({ line, message })); break;
      case 'repeat': parseRepeat(value, d, (message) => problems.push({ line, message })); break;
      case 'options':
        for (const o of value.split(/\s+/)) {
          if (o.toLowerCase() === 'no-clear-notification' || o.toLowerCase() === 'no-clear') d.noClearNotification = true;
          else problems.push({ line, message: `ignoring unknown alarm option '${o}'` });
        }
        break;
      default:
        problems.push({ line, message: `${entry.kind} '${name}' has unknown key '${key}'` });
    }
  }
  const drop = (why: string) => ({ definition: null, problems: [...problems, { line: entry.line, message: `${entry.kind} '${name}': ${why}; ignoring it` }] });
  if (!d.on) return drop(`does not have a${entry.kind === 'template' ? ' context' : ' chart'} ('on')`);
  if (!d.every) return drop("has no frequency (parameter 'every')");
  if (!d.lookup && !d.calc && !d.warn && !d.crit) return drop('is useless (no db lookup, no calculation, no warning and no critical expressions)');
  return { definition: d, problems };
}

/** `delay: [up D] [down D] [multiplier M] [max D]`; max defaults to the larger of up and down times the multiplier. */
function parseDelay(value: string, d: AlertDefinition, report: (m: string) => void): void {
  const words = value.trim().split(/\s+/);
  const given = { up: false, down: false, multiplier: false, max: false };
  for (let i = 0; i < words.length; i += 2) {
    const key = words[i].toLowerCase();
    const v = words[i + 1] ?? '';
    if (key === 'up' || key === 'down' || key === 'max') {
      const s = parseDuration(v);
      if (s === null) report(`invalid value '${v}' for '${key}' keyword`);
      else {
        d.delay[key] = s;
        given[key] = true;
      }
    } else if (key === 'multiplier') {
      const m = parseFloat(v);
      if (!(m > 0) || !Number.isFinite(m)) report(`invalid value '${v}' for '${key}' keyword`);
      else {
        d.delay.multiplier = m;
        given.multiplier = true;
      }
    } else report(`unknown keyword '${words[i]}'`);
  }
  if (!given.up) d.delay.up = 0;
  if (!given.down) d.delay.down = 0;
  if (!given.multiplier) d.delay.multiplier = 1;
  if (!given.max) d.delay.max = Math.max(d.delay.max, Math.trunc(d.delay.up * d.delay.multiplier), Math.trunc(d.delay.down * d.delay.multiplier));
}

/** `repeat: off | [warning D] [critical D]`. */
function parseRepeat(value: string, d: AlertDefinition, report: (m: string) => void): void {
  const words = value.trim().split(/\s+/);
  for (let i = 0; i < words.length; i += 2) {
    const key = words[i].toLowerCase();
    if (key === 'off') {
      d.repeat = { warning: 0, critical: 0 };
      return;
    }
    if (key !== 'warning' && key !== 'critical') {
      report(`unknown keyword '${words[i]}'`);
      continue;
    }
    const s = parseDuration(words[i + 1] ?? '');
    if (s === null) report(`invalid value '${words[i + 1] ?? ''}' for '${key}' keyword`);
    else d.repeat[key] = s;
  }
}
