import type { Algorithm, ChartDef, ChartType, DimDef } from '../model/types';
import { str2i, str2l, str2ndd, str2ull, strtolNumber } from './c-numbers';
import { parseReplicationCommand } from './replication-commands';
import type { MetaCommand } from './types';
import { ok, refuse, type MetaParse } from './parse-result';

/**
 * Turns the words of one non-hot protocol line into a MetaCommand, with the defaults and the refusals of
 * Netdata 1.37's handlers (collectors/plugins.d/pluginsd_parser.c, streaming/receiver.c). A refusal is a
 * line Netdata logs as an error; nearly all of them also make Netdata stop the session (the receiver decides).
 */

export type { MetaParse } from './parse-result';

/**
 * What Netdata's parser keeps between lines and the handlers below consult: whether a chart is current
 * (set by CHART and BEGIN, cleared by END and FLUSH) and whether CLABELs wait for their CLABEL_COMMIT.
 */
export interface ParseScope {
  chart: boolean;
  chartLabels: boolean;
}

/** Commands of Netdata 1.37 that streamledger does not implement (functions need a child that asks for them). */
const UNSUPPORTED = new Set(['FUNCTION', 'FUNCTION_RESULT_BEGIN', 'FUNCTION_RESULT_END']);


/** words[0] is the keyword; words[i] undefined when the line had fewer words. */
export function parseMetaCommand(keyword: string, words: string[], scope: ParseScope): MetaParse {
  switch (keyword) {
    case 'CHART':
      return parseChart(words);
    case 'DIMENSION':
      return scope.chart ? parseDimension(words) : refuse('DIMENSION without a CHART');
    case 'CLABEL':
      return parseChartLabel(words, scope);
    case 'CLABEL_COMMIT':
      if (!scope.chart) return refuse('CLABEL_COMMIT without a CHART or BEGIN');
      if (!scope.chartLabels) return refuse('CLABEL_COMMIT without a CLABEL');
      return ok({ cmd: 'CLABEL_COMMIT' });
    case 'LABEL':
      return parseHostLabel(words);
    case 'OVERWRITE':
      return ok({ cmd: 'OVERWRITE', what: words[1] ?? '' });
    case 'VARIABLE':
      return parseVariable(words, scope.chart);
    case 'CLAIMED_ID':
      return parseClaimedId(words);
    case 'CHART_DEFINITION_END':
      if (!scope.chart) return refuse('CHART_DEFINITION_END without a CHART');
      // a missing child clock means "now" to Netdata: 0 here, the receiver substitutes its clock
      return ok({ cmd: 'CHART_DEFINITION_END', firstT: str2ull(words[1] ?? ''), lastT: str2ull(words[2] ?? ''), childNow: str2ull(words[3] ?? '') });
    case 'TIMESTAMP':
      return words[1] ? ok({ cmd: 'TIMESTAMP', t: str2ull(words[1]) }) : refuse('TIMESTAMP without a time');
    case 'RBEGIN':
    case 'RSET':
    case 'RDSTATE':
    case 'RSSTATE':
    case 'REND':
      return parseReplicationCommand(keyword, words);
    case 'FLUSH':
      return ok({ cmd: 'FLUSH' });
    case 'DISABLE':
      return ok({ cmd: 'DISABLE' });
    default:
      return refuse(UNSUPPORTED.has(keyword) ? 'unsupported command' : 'unknown command');
  }
}

/** How a parsed command moves the scope, as Netdata's handlers move theirs. */
export function nextScope(scope: ParseScope, command: MetaCommand): void {
  if (command.cmd === 'CHART') scope.chart = true;
  else if (command.cmd === 'FLUSH') scope.chart = false;
  else if (command.cmd === 'CLABEL') scope.chartLabels = true;
  else if (command.cmd === 'CLABEL_COMMIT') scope.chartLabels = false;
}

function chartTypeOf(word: string | undefined): ChartType {
  return word === 'area' || word === 'stacked' ? word : 'line'; // rrdset_type_id(): anything else is line
}

/** Returns the literals, not `word`: the value engine compares algorithms per value, and literals compare by pointer. */
function algorithmOf(word: string | undefined): Algorithm {
  switch (word) {
    case 'incremental':
      return 'incremental';
    case 'percentage-of-absolute-row':
      return 'percentage-of-absolute-row';
    case 'percentage-of-incremental-row':
      return 'percentage-of-incremental-row';
    default:
      return 'absolute'; // rrd_algorithm_id(): anything else, or nothing, is absolute
  }
}

/**
 * CHART "type.id" "name" "title" "units" "family" "context" "chart type" priority update_every "options" "plugin" "module"
 * name: as Netdata keeps it, a "type." prefix dropped and then "" when it equals the id or is NULL/(NULL);
 * ChartDef.name is then "type.name", or "" (the chart is named by its id).
 * Defaults (pluginsd_chart + rrdset_create): title "", units "unknown" (only when the word is missing),
 * family = type, context = "type.id", chart type line, priority 1000; update_every 0 = the host's (Netdata
 * uses the receiver's update_every for a missing or zero value); plugin "" = Netdata names it after the
 * receiver; options kept as sent (Netdata looks for substrings in them).
 */
function parseChart(words: string[]): MetaParse {
  const fullId = words[1] ?? '';
  const dot = fullId.indexOf('.');
  if (dot <= 0 || dot === fullId.length - 1) return refuse('CHART without a type.id');
  const type = fullId.slice(0, dot);
  const id = fullId.slice(dot + 1);

  let name = words[2] ?? '';
  if (name.startsWith(type + '.')) name = name.slice(type.length + 1);
  const upper = name.toUpperCase();
  if (name === id || upper === 'NULL' || upper === '(NULL)') name = '';

  const chart: ChartDef = {
    id: fullId,
    name: name ? `${type}.${name}` : '',
    title: words[3] ?? '',
    units: words[4] ?? 'unknown',
    family: words[5] || type,
    context: words[6] || fullId,
    chartType: chartTypeOf(words[7]),
    priority: words[8] ? str2i(words[8]) : 1000,
    updateEvery: words[9] ? str2i(words[9]) : 0,
    options: words[10] ?? '',
    plugin: words[11] ?? '',
    module: words[12] ?? '',
  };
  return ok({ cmd: 'CHART', chart });
}

/**
 * DIMENSION "id" "name" "algorithm" multiplier divisor "options"
 * Defaults (pluginsd_dimension + rrddim_add): name = id, algorithm absolute (also for an unknown one),
 * multiplier and divisor 1, also when they parse to 0 (strtol base 0: hex and octal accepted).
 * An empty id is accepted, as Netdata does; a missing one is refused.
 */
function parseDimension(words: string[]): MetaParse {
  const id = words[1];
  if (id === undefined) return refuse('DIMENSION without an id');
  const dim: DimDef = {
    id,
    name: words[2] || id,
    algorithm: algorithmOf(words[3]),
    multiplier: (words[4] && strtolNumber(words[4])) || 1,
    divisor: (words[5] && strtolNumber(words[5])) || 1,
    options: words[6] ?? '',
  };
  return ok({ cmd: 'DIMENSION', dim });
}

/** CLABEL "name" "value" source: all three required, source not empty. */
function parseChartLabel(words: string[], scope: ParseScope): MetaParse {
  const [, name, value, source] = words;
  if (name === undefined || value === undefined || !source) return refuse('malformed CLABEL');
  if (!scope.chart) return refuse('CLABEL without a CHART or BEGIN');
  return ok({ cmd: 'CLABEL', name, value, source: str2l(source) });
}

/** LABEL "name" = source value...: words after the source are the value, joined with single spaces. */
function parseHostLabel(words: string[]): MetaParse {
  const [, name, source] = words;
  if (name === undefined || source === undefined || words.length < 4) return refuse('malformed LABEL');
  return ok({ cmd: 'LABEL', name, value: words.slice(3).join(' '), source: str2l(source) });
}

/**
 * VARIABLE [GLOBAL|HOST|LOCAL|CHART] name = value
 * Without a scope word the variable belongs to the current chart if there is one, else to the host
 * (pluginsd_variable: st ? chart : host). Netdata ignores an empty value (logged, session goes on) and
 * refuses a CHART variable with no current chart. A value with trailing garbage is used as far as it parses,
 * as str2ndd does (Netdata logs it and still sets it).
 */
function parseVariable(words: string[], chartInScope: boolean): MetaParse {
  let scope: 'HOST' | 'CHART' = chartInScope ? 'CHART' : 'HOST';
  let at = 1;
  const first = words[1];
  if (first === 'GLOBAL' || first === 'HOST') {
    scope = 'HOST';
    at = 2;
  } else if (first === 'LOCAL' || first === 'CHART') {
    scope = 'CHART';
    at = 2;
  }
  const name = words[at];
  const value = words[at + 1];
  if (!name) return refuse('VARIABLE without a name');
  if (!value) return refuse(`VARIABLE ${name} with an empty value`);
  if (scope === 'CHART' && !chartInScope) return refuse(`CHART VARIABLE ${name} without a chart`);
  return ok({ cmd: 'VARIABLE', scope, name, value: str2ndd(value) });
}

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** CLAIMED_ID <machine guid> <claim id|NULL>: both must be UUIDs (uuid_parse), the claim id may be NULL. */
function parseClaimedId(words: string[]): MetaParse {
  const [, machineGuid, claimId] = words;
  if (machineGuid === undefined || claimId === undefined) return refuse('malformed CLAIMED_ID');
  if (!UUID.test(machineGuid)) return refuse('CLAIMED_ID machine GUID is not a UUID');
  if (claimId !== 'NULL' && !UUID.test(claimId)) return refuse('CLAIMED_ID claim id is not a UUID');
  return ok({ cmd: 'CLAIMED_ID', machineGuid, claimId: claimId === 'NULL' ? null : claimId });
}
