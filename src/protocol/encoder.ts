import type { Int64 } from '../model/types';

/**
 * Protocol lines as a Netdata child writes them (streaming/rrdpush.c: `BEGIN "%s" %llu`,
 * `SET "%s" = %lld`, `END`), without the trailing newline. StreamParser reads them back unchanged.
 */

export const END_LINE = 'END';

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
