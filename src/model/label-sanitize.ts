/**
 * How a Netdata 1.37 parent cleans the labels it receives (database/rrdlabels.c, label_names_char_map and
 * label_values_char_map): the ends are trimmed, disallowed ASCII becomes '_', ',' becomes '.', ';' and '=' become ':'
 * in values, '\' becomes '/', control characters and runs of spaces shrink to one space (to '_' in names); UTF-8 is
 * kept. An empty or all-'_' value becomes "[none]" (so a child's own "[none]" arrives as "_none_").
 */
const VALUE_KEEP = /[A-Za-z0-9 ()+\-./:@_]/;
const NAME_KEEP = /[A-Za-z0-9+\-./_]/;
const MAX_CHARS = 200;

function clean(s: string, keep: RegExp, space: string, colon: string): string {
  let out = '';
  let chars = 0;
  for (const ch of s.trim()) {
    if (chars === MAX_CHARS) break;
    const c = ch.codePointAt(0) ?? 0;
    let mapped: string;
    if (c > 127) mapped = ch;
    else if (c <= 32 || c === 127) mapped = out.endsWith(space) ? '' : space;
    else if (keep.test(ch)) mapped = ch;
    else if (ch === ',') mapped = '.';
    else if (ch === ';' || ch === '=' || ch === ':') mapped = colon;
    else if (ch === '\\') mapped = '/';
    else mapped = '_';
    out += mapped;
    if (mapped) chars++;
  }
  return out;
}

export function sanitizeLabelValue(value: string): string {
  const out = clean(value, VALUE_KEEP, ' ', ':');
  return out === '' || /^_+$/.test(out) ? '[none]' : out;
}

export function sanitizeLabelName(name: string): string {
  return clean(name, NAME_KEEP, '_', '_');
}
