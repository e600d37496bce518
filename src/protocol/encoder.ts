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

/** `CHART_DEFINITION_END first last now`: the chart's stored range, after its definition (REPLICATION). */
export function formatChartDefinitionEnd(firstT: number, lastT: number, now: number): string {
  return `CHART_DEFINITION_END ${firstT} ${lastT} ${now}`;
}

/** `REPLAY_CHART "id" "true|false" after before`: a parent asks for a chart's points (replication.c). */
export function formatReplayChart(chartId: string, startStreaming: boolean, after: number, before: number): string {
  return `REPLAY_CHART ${quote(chartId)} "${startStreaming ? 'true' : 'false'}" ${after} ${before}`;
}

/** `RBEGIN "id"`: the answer to a REPLAY_CHART starts. */
export function formatReplayChartBegin(chartId: string): string {
  return `RBEGIN ${quote(chartId)}`;
}

/** A replicated point's opening line as a 1.37 child writes it; `wallClock` is the child's clock (left out when 0). */
export function formatReplayBegin(startT: number, endT: number, wallClock = 0): string {
  return wallClock ? `RBEGIN '' ${startT} ${endT} ${wallClock}` : `RBEGIN '' ${startT} ${endT}`;
}

/**
 * `RSET "id" value "flags"`: the value as Netdata prints a stored value (%0.7f) with flags R (reset) or none; an
 * empty point as replicate_chart_timeframe() writes it, `NAN "E"`.
 */
export function formatReplaySet(dimId: string, value: number, reset: boolean): string {
  if (Number.isNaN(value)) return `RSET ${quote(dimId)} NAN "E"`;
  return `RSET ${quote(dimId)} ${cFixed(value, 7)} "${reset ? 'R' : ''}"`;
}

/** `RDSTATE "id" last_collected_ut last_collected last_calculated last_stored` (replicate_chart_collection_state). */
export function formatReplayDimState(dimId: string, lastCollectedUs: number, lastCollected: Int64, lastCalculated: number, lastStored: number): string {
  return `RDSTATE ${quote(dimId)} ${lastCollectedUs} ${lastCollected.toString()} ${cFixed(lastCalculated, 7)} ${cFixed(lastStored, 7)}`;
}

/** `RSSTATE last_collected_ut last_updated_ut`: the chart's collection clock. */
export function formatReplayChartState(lastCollectedUs: number, lastUpdatedUs: number): string {
  return `RSSTATE ${lastCollectedUs} ${lastUpdatedUs}`;
}

/** `REND update_every first_t last_t true|false after before now`: the answer's end, as 1.37.1 writes it. */
export function formatReplayEnd(
  updateEvery: number, firstT: number, lastT: number, startStreaming: boolean, after: number, before: number, now: number,
): string {
  return `REND ${updateEvery} ${firstT} ${lastT} ${startStreaming ? 'true' : 'false'} ${after} ${before} ${now}`;
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
