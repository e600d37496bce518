import { SimplePattern } from './simple-pattern';

/** How the values of a group of points become one value (Netdata's `group`). */
export type TimeGrouping = 'average' | 'min' | 'max' | 'sum';
export type DataFormat = 'json' | 'csv' | 'tsv' | 'ssv' | 'ssvcomma' | 'array' | 'csvjsonarray';

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
}

/** A parsed /api/v1/data request, with Netdata's defaults filled in. */
export interface DataRequest {
  chart: string;
  after: number;
  before: number;
  points: number;
  group: TimeGrouping;
  format: DataFormat;
  options: DataOptions;
  dimensions: SimplePattern | null;
}

export type ParseResult = { ok: true; request: DataRequest } | { ok: false; status: number; message: string };

const GROUPS: Record<string, TimeGrouping> = { average: 'average', mean: 'average', min: 'min', max: 'max', sum: 'sum' };

const FORMATS: Record<string, DataFormat> = {
  json: 'json',
  csv: 'csv',
  tsv: 'tsv',
  'tsv-excel': 'tsv',
  ssv: 'ssv',
  ssvcomma: 'ssvcomma',
  array: 'array',
  csvjsonarray: 'csvjsonarray',
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
  // accepted and without effect on a single-tier RAM database
  'natural-points': null,
  'virtual-points': null,
  'selected-tier': null,
  'all-dimensions': null,
  showcustomvars: null,
  raw: null,
};

/** Options of Netdata we do not implement: refused rather than silently answered in another shape. */
const UNSUPPORTED_OPTIONS = new Set(['jsonwrap', 'google_json', 'google-json', 'anomaly-bit', 'display_absolute', 'display-absolute']);

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
  const group = GROUPS[groupName];
  if (!group) return bad(`Unsupported 'group' '${groupName}': use one of average, min, max, sum.`);

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
  };
  for (const value of params.getAll('options')) {
    for (const word of value.split(/[ ,|]+/)) {
      if (!word) continue;
      if (UNSUPPORTED_OPTIONS.has(word)) return bad(`Unsupported option '${word}'.`);
      const key = OPTION_NAMES[word];
      if (key) options[key] = true;
    }
  }
  // Netdata matches both ids and names unless one of them is asked for.
  if (!options.matchIds && !options.matchNames) options.matchIds = options.matchNames = true;

  // Every dimension(s)/dim(s) parameter adds to one pattern, as in Netdata.
  const patterns = ['dimension', 'dim', 'dimensions', 'dims'].flatMap((k) => params.getAll(k));
  const pattern = new SimplePattern(patterns.join('|'));
  // Netdata 1.37 shows every dimension asked for by name, zero or not.
  if (!pattern.isEmpty) options.nonzero = false;

  return {
    ok: true,
    request: { chart, after, before, points, group, format, options, dimensions: pattern.isEmpty ? null : pattern },
  };
}
