import type { ChartDef, DimDef, Int64 } from '../model/types';
import { cFixed } from '../util/c-fixed';

/**
 * Protocol lines as a Netdata child writes them (streaming/rrdpush.c: `BEGIN "%s" %llu`,
 * `SET "%s" = %lld`, `END`, the chart definitions, labels and variables), without the trailing newline.
 * StreamParser reads them back unchanged.
 */

export const END_LINE = 'END';
export const CLABEL_COMMIT_LINE = 'CLABEL_COMMIT';
export const OVERWRITE_LABELS_LINE = 'OVERWRITE labels';

/**
 * `CHART "type.id" "name" "title" "units" "family" "context" "type" priority update_every "options" "plugin" "module"`.
 * The name goes without its `type.` prefix, "" when the chart has none (rrdpush_send_chart_definition).
 */
export function formatChart(def: ChartDef, updateEvery = def.updateEvery): string {
  const name = def.name ? def.name.slice(def.id.indexOf('.') + 1) : '';
  const words = [def.id, name, def.title, def.units, def.family, def.context, def.chartType].map(quote).join(' ');
  return `CHART ${words} ${def.priority} ${updateEvery} ${[def.options, def.plugin, def.module].map(quote).join(' ')}`;
}

/** `DIMENSION "id" "name" "algorithm" multiplier divisor "options"`. */
export function formatDimension(def: DimDef): string {
  return `DIMENSION ${quote(def.id)} ${quote(def.name)} ${quote(def.algorithm)} ${def.multiplier} ${def.divisor} ${quote(def.options)}`;
}

/** `LABEL "name" = source "value"` (a host label; 1.37 quotes the value). */
export function formatHostLabel(name: string, source: number, value: string): string {
  return `LABEL ${quote(name)} = ${source} ${quote(value)}`;
}

/** `CLABEL "name" "value" source` (a chart label, committed by CLABEL_COMMIT). */
export function formatChartLabel(name: string, value: string, source: number): string {
  return `CLABEL ${quote(name)} ${quote(value)} ${source}`;
}

/** `VARIABLE HOST|CHART name = value`, the value as Netdata prints a NETDATA_DOUBLE (%0.7f). */
export function formatVariable(scope: 'HOST' | 'CHART', name: string, value: number): string {
  return `VARIABLE ${scope} ${name} = ${cFixed(value, 7)}`;
}

/** `CLAIMED_ID <machine guid> <claim id|NULL>`. */
export function formatClaimedId(machineGuid: string, claimId: string | null): string {
  return `CLAIMED_ID ${machineGuid} ${claimId ?? 'NULL'}`;
}

/** `BEGIN "id" usec`, plus ` t` (collection time, GAPS) when t is not 0: 0 is what the parser reports for none. */
export function formatBegin(chartId: string, usec: number, t?: number): string {
  const head = `BEGIN ${quote(chartId)} ${usec}`;
  return t ? `${head} ${t}` : head;
}

/** `SET "id" = value`; a null value is written empty, which reads back as null. */
export function formatSet(dimId: string, value: Int64 | null): string {
  return `SET ${quote(dimId)} = ${value === null ? '' : value.toString()}`;
}

/** A replicated point's opening line as a 1.37 child writes it (the child's clock word is not kept). */
export function formatReplayBegin(startT: number, endT: number): string {
  return `RBEGIN '' ${startT} ${endT}`;
}

/** `RSET "id" value "flags"`: the value as Netdata prints a stored value (%0.7f), flags R (reset) and E (empty). */
export function formatReplaySet(dimId: string, value: number, reset: boolean): string {
  const empty = Number.isNaN(value);
  const flags = (reset ? 'R' : '') + (empty ? 'E' : '');
  return `RSET ${quote(dimId)} ${empty ? 'nan' : value.toFixed(7)} "${flags}"`;
}

/** Whether `word` reads back unchanged between two `q` quotes under Netdata's splitting rules. */
function survivesQuotes(word: string, q: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const c = word[i];
    if (c === '\\') {
      if (i === word.length - 1) return false; // it would escape the closing quote
      i++;
    } else if (c === q || c === '\n' || c === '\0') {
      return false;
    }
  }
  return true;
}

/**
 * A word in double quotes, as Netdata writes every word. Netdata has no escaping (a backslash is kept with
 * the character it protects), so a word holding a double quote goes in single quotes instead; a word that
 * neither form can carry is written in double quotes anyway, as Netdata would.
 */
export function quote(word: string): string {
  if (!survivesQuotes(word, '"') && survivesQuotes(word, "'")) return `'${word}'`;
  return `"${word}"`;
}
