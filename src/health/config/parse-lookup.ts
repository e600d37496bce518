import { parseGrouping } from '../../query/time-grouping';
import type { Lookup } from './alert-definition';
import { parseDuration } from './durations';

/**
 * A `lookup:` value as Netdata 1.37's health_parse_db_lookup() reads it. Returns the lookup and, for what it skipped
 * (an unknown keyword, a bad `at`/`every` duration), messages; null with a message when the method or `after` is bad.
 */
export function parseLookup(text: string): { lookup: Lookup | null; problems: string[] } {
  const problems: string[] = [];
  const words = text.trim().split(/\s+/);
  const [method, afterText] = words;
  if (words.length < 2) return { lookup: null, problems: [`invalid chart calculation: expected group method followed by the 'after' time, but got '${text}'`] };
  const grouping = parseGrouping(method, '');
  if (!grouping) return { lookup: null, problems: [`invalid group method '${method}'`] };
  const after = parseDuration(afterText);
  if (after === null) return { lookup: null, problems: [`invalid duration '${afterText}' after group method`] };
  const lookup: Lookup = {
    grouping,
    after,
    before: 0,
    every: Math.abs(after),
    options: { absolute: false, min2max: false, null2zero: false, percentage: false, unaligned: false, matchIds: false, matchNames: false },
    dimensions: null,
    foreach: null,
  };
  // The rest: keywords, `at`/`every` with a value, and `of`/`foreach` taking the remainder of the line.
  let rest = text.trim().slice(text.trim().indexOf(afterText) + afterText.length);
  for (;;) {
    rest = rest.trimStart();
    if (!rest) break;
    const key = /^\S+/.exec(rest)![0];
    rest = rest.slice(key.length).trimStart();
    const k = key.toLowerCase();
    if (k === 'at' || k === 'every') {
      const value = /^\S*/.exec(rest)![0];
      rest = rest.slice(value.length);
      const d = parseDuration(value);
      if (d === null) problems.push(`invalid duration '${value}' for '${key}' keyword`);
      else if (k === 'at') lookup.before = d;
      else lookup.every = d;
    } else if (k === 'of') {
      const at = rest.toLowerCase().indexOf(' foreach');
      const dims = at >= 0 ? rest.slice(0, at) : rest;
      if (dims.trim() && dims.trim().toLowerCase() !== 'all') lookup.dimensions = dims.trim();
      if (at < 0) break;
      rest = rest.slice(at + 1);
    } else if (k === 'foreach') {
      lookup.foreach = rest.trim();
      break;
    } else if (k === 'anomaly-bit') {
      problems.push("option 'anomaly-bit' is not supported (streamledger keeps no anomaly bits); ignoring it");
    } else if (!setOption(lookup, k)) {
      problems.push(`unknown keyword '${key}'`);
    }
  }
  return { lookup, problems };
}

function setOption(l: Lookup, k: string): boolean {
  const o = l.options;
  if (k === 'absolute' || k === 'abs' || k === 'absolute_sum') o.absolute = true;
  else if (k === 'min2max') o.min2max = true;
  else if (k === 'null2zero') o.null2zero = true;
  else if (k === 'percentage') o.percentage = true;
  else if (k === 'unaligned') o.unaligned = true;
  else if (k === 'match-ids' || k === 'match_ids') o.matchIds = true;
  else if (k === 'match-names' || k === 'match_names') o.matchNames = true;
  else return false;
  return true;
}
