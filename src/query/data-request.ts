import { SimplePattern } from './simple-pattern';
import { parseGrouping, type Grouping } from './time-grouping';

export type DataFormat =
  | 'json'
  | 'jsonp'
  | 'csv'
  | 'tsv'
  | 'ssv'
  | 'ssvcomma'
  | 'array'
  | 'csvjsonarray'
  | 'datatable'
  | 'datasource'
  | 'html'
  | 'markdown';

export interface DataOptions {
  nonzero: boolean;
  reversed: boolean; // flip: oldest first
  milliseconds: boolean;
  seconds: boolean;
  absolute: boolean;
  null2zero: boolean;
  objectRows: boolean;
  percentage: boolean;
  unaligned: boolean;
  min2max: boolean;
  matchIds: boolean;
  matchNames: boolean;
  jsonwrap: boolean;
  googleJson: boolean;
}

/** A parsed /api/v1/data request, with Netdata's defaults filled in. */
export interface DataRequest {
  chart: string;
  after: number;
  before: number;
  points: number;
  group: Grouping;
  format: DataFormat;
  options: DataOptions;
  dimensions: SimplePattern | null;
  /** The dimensions parameters as Netdata writes them in the query id: "|a|b", or "*" for none. */
  dimensionsText: string;
  /** Netdata's names of the options asked for, in its order, for the query id and jsonwrap's "options". */
  optionNames: string[];
  /** The JSONP callback (format=jsonp). */
  callback: string;
  /** gtime: seconds the values are resampled to; up to 1 (negative too) for none, as Netdata takes it. */
  gtime: number;
}

export type ParseResult = { ok: true; request: DataRequest } | { ok: false; status: number; message: string };

const FORMATS: Record<string, DataFormat> = {
  json: 'json',
  csv: 'csv',
  tsv: 'tsv',
  'tsv-excel': 'tsv',
  ssv: 'ssv',
  ssvcomma: 'ssvcomma',
  array: 'array',
  csvjsonarray: 'csvjsonarray',
  jsonp: 'jsonp',
  datatable: 'datatable',
  datasource: 'datasource',
  html: 'html',
  markdown: 'markdown',
};

/** Option names Netdata accepts, mapped to ours; names it would ignore are ignored here too. */
const OPTION_NAMES: Record<string, keyof DataOptions | null> = {
  nonzero: 'nonzero',
  flip: 'reversed',
  reversed: 'reversed',
  reverse: 'reversed',
  ms: 'milliseconds',
  milliseconds: 'milliseconds',
  seconds: 'seconds',
  abs: 'absolute',
  absolute: 'absolute',
  absolute_sum: 'absolute',
  'absolute-sum': 'absolute',
  null2zero: 'null2zero',
  objectrows: 'objectRows',
  percentage: 'percentage',
  unaligned: 'unaligned',
  min2max: 'min2max',
  match_ids: 'matchIds',
  'match-ids': 'matchIds',
  match_names: 'matchNames',
  'match-names': 'matchNames',
  jsonwrap: 'jsonwrap',
  google_json: 'googleJson',
  'google-json': 'googleJson',
  // accepted and without effect on a single-tier RAM database
  'natural-points': null,
  'virtual-points': null,
  'selected-tier': null,
  'all-dimensions': null,
  showcustomvars: null,
  raw: null,
};

/** Options of Netdata we do not implement: refused rather than silently answered in another shape. */
const UNSUPPORTED_OPTIONS = new Set(['anomaly-bit', 'display_absolute', 'display-absolute', 'all-dimensions']);

/** Netdata's order and spelling of options when it prints them (web_client_api_request_v1_data_options_to_buffer). */
const OPTION_ORDER: [keyof DataOptions, string][] = [
  ['nonzero', 'nonzero'],
  ['reversed', 'flip'],
  ['jsonwrap', 'jsonwrap'],
  ['min2max', 'min2max'],
  ['milliseconds', 'ms'],
  ['absolute', 'abs'],
  ['seconds', 'seconds'],
  ['null2zero', 'null2zero'],
  ['objectRows', 'objectrows'],
  ['googleJson', 'google_json'],
  ['percentage', 'percentage'],
  ['unaligned', 'unaligned'],
  ['matchIds', 'match_ids'],
  ['matchNames', 'match_names'],
];

function parseInteger(name: string, raw: string | null, fallback: number): number | string {
  if (raw === null || raw.trim() === '') return fallback;
  const text = raw.trim();
  if (!/^[+-]?\d+$/.test(text)) return `Invalid '${name}' parameter '${raw}': an integer is expected.`;
  return Number(text);
}

function bad(message: string): ParseResult {
  return { ok: false, status: 400, message };
}

export function parseDataRequest(params: URLSearchParams): ParseResult {
  const chart = params.get('chart');
  if (!chart) {
    if (params.get('context')) return bad('Context queries are not supported; give a chart.');
    return bad('No chart or context is given.');
  }

  const after = parseInteger('after', params.get('after'), -600);
  if (typeof after === 'string') return bad(after);
  const before = parseInteger('before', params.get('before'), 0);
  if (typeof before === 'string') return bad(before);
  const points = parseInteger('points', params.get('points'), 0);
  if (typeof points === 'string') return bad(points);
  if (points < 0) return bad(`Invalid 'points' parameter '${points}': it cannot be negative.`);

  const groupName = params.get('group') || 'average';
  const group = parseGrouping(groupName, params.get('group_options') ?? '');
  if (!group) {
    return bad(
      `Unsupported 'group' '${groupName}': use one of average, min, max, sum, incremental-sum, median, trimmed-median[N], ` +
        'stddev, cv, ses, des, trimmed-mean[N], percentile[N], countif.',
    );
  }
  const gtime = parseInteger('gtime', params.get('gtime'), 0);
  if (typeof gtime === 'string') return bad(gtime);

  const formatName = params.get('format') || 'json';
  const format = FORMATS[formatName];
  if (!format) return bad(`Unsupported 'format' '${formatName}': use one of ${Object.keys(FORMATS).join(', ')}.`);

  const options: DataOptions = {
    nonzero: false,
    reversed: false,
    milliseconds: false,
    seconds: false,
    absolute: false,
    null2zero: false,
    objectRows: false,
    percentage: false,
    unaligned: false,
    min2max: false,
    matchIds: false,
    matchNames: false,
    jsonwrap: false,
    googleJson: false,
  };
  for (const value of params.getAll('options')) {
    for (const word of value.split(/[ ,|]+/)) {
      if (!word) continue;
      if (UNSUPPORTED_OPTIONS.has(word)) return bad(`Unsupported option '${word}'.`);
      const key = OPTION_NAMES[word];
      if (key) options[key] = true;
    }
  }
  const optionNames = OPTION_ORDER.filter(([key]) => options[key]).map(([, name]) => name);
  // Netdata matches both ids and names unless one of them is asked for.
  if (!options.matchIds && !options.matchNames) options.matchIds = options.matchNames = true;

  // Every dimension(s)/dim(s) parameter adds to one pattern, as in Netdata.
  const patterns = [...params].filter(([k]) => ['dimension', 'dim', 'dimensions', 'dims'].includes(k)).map(([, v]) => v);
  const pattern = new SimplePattern(patterns.join('|'));
  // Netdata 1.37 shows every dimension asked for by name, zero or not.
  if (!pattern.isEmpty) options.nonzero = false;

  const callback = params.get('callback') ?? '';
  if (format === 'jsonp' && !/^[A-Za-z_$][\w$.]*$/.test(callback)) return bad("Format 'jsonp' needs a 'callback' parameter naming a JavaScript function.");
  return {
    ok: true,
    request: {
      chart,
      after,
      before,
      points,
      group,
      format,
      options,
      dimensions: pattern.isEmpty ? null : pattern,
      dimensionsText: patterns.length ? patterns.map((p) => `|${p}`).join('') : '*',
      optionNames,
      callback,
      gtime,
    },
  };
}
