/**
 * How a Netdata 1.37 parent rewrites a label value it receives from a child (rrdlabels value sanitizer):
 * printable ASCII outside a small set becomes '_', ',' becomes '.', ';' and '=' become ':', '\' becomes '/',
 * runs of spaces shrink to one and the ends are trimmed; UTF-8 is kept; an empty or all-'_' value is "[none]".
 * A child shows its own labels unsanitized (e.g. "[none]"), its parent shows "_none_": tests comparing the
 * two apply this to the child's side.
 */
export function netdataParentLabelValue(v: string): string {
  let out = '';
  for (const ch of v) {
    const c = ch.codePointAt(0)!;
    if (c > 127) out += ch;
    else if (/\s/.test(ch) || c < 32 || c === 127) out += out.endsWith(' ') || out === '' ? '' : ' ';
    else if (/[A-Za-z0-9 ()+\-./:@_]/.test(ch)) out += ch;
    else if (ch === ',') out += '.';
    else if (ch === ';' || ch === '=') out += ':';
    else if (ch === '\\') out += '/';
    else out += '_';
  }
  out = out.trimEnd();
  return out === '' || /^_+$/.test(out) ? '[none]' : out;
}
