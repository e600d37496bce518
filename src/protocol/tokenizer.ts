/**
 * Word splitting of the plugins.d text protocol, as Netdata 1.37 does it
 * (libnetdata.c: quoted_strings_splitter() with pluginsd_space(), called by parser_action()).
 *
 * The rules, all of them:
 * - separators are space, tab, CR, LF and '=' (so `SET "x" = 1` and `SET x 1` split the same);
 * - a word that starts with `"` or `'` runs to the next quote of the same kind; inside it separators
 *   and the other quote kind are plain characters, and the closing quote ends the word as a separator would
 *   (`"ab"cd` is two words);
 * - a quote in the middle of an unquoted word is a plain character;
 * - a backslash protects the next character from ending the word, and both are kept
 *   (`"a\"b"` gives `a\"b`; there is no unescaping);
 * - `""` is an empty word, a lone quote at the end of the line is no word;
 * - at most `max` words (Netdata: PLUGINSD_MAX_WORDS = 20), the rest of the line is dropped;
 * - the line ends at a NUL character, as the C string does.
 * One deliberate difference: a line of separators only gives no words (Netdata's splitter gives one empty
 * word, but its parser never calls the splitter for such a line: find_first_keyword() finds nothing).
 */

import { BACKSLASH, CR, DOUBLE_QUOTE, EQUALS, LF, SINGLE_QUOTE, SPACE, TAB } from './ascii';

export const PLUGINSD_MAX_WORDS = 20;


export function isSeparator(c: number): boolean {
  return c === SPACE || c === TAB || c === CR || c === LF || c === EQUALS;
}

function isQuote(c: number): boolean {
  return c === DOUBLE_QUOTE || c === SINGLE_QUOTE;
}

function cLength(line: string): number {
  const nul = line.indexOf('\0');
  return nul < 0 ? line.length : nul;
}

export function splitWords(line: string, max: number = PLUGINSD_MAX_WORDS): string[] {
  const n = cLength(line);
  const words: string[] = [];
  let i = 0;
  while (i < n && isSeparator(line.charCodeAt(i))) i++;
  if (i >= n || max <= 0) return words;

  let quote = 0;
  if (isQuote(line.charCodeAt(i))) quote = line.charCodeAt(i++);
  let start = i;
  while (i < n) {
    const c = line.charCodeAt(i);
    if (c === BACKSLASH && i + 1 < n) {
      i += 2;
      continue;
    }
    const endsWord = quote !== 0 ? c === quote : isSeparator(c);
    if (!endsWord) {
      i++;
      continue;
    }
    words.push(line.slice(start, i));
    i++;
    quote = 0;
    while (i < n && isSeparator(line.charCodeAt(i))) i++;
    if (i < n && isQuote(line.charCodeAt(i))) quote = line.charCodeAt(i++);
    if (i >= n || words.length >= max) {
      start = -1;
      break;
    }
    start = i;
  }
  if (start >= 0) words.push(line.slice(start, n));
  return words;
}

/**
 * The command keyword as Netdata's find_first_keyword() takes it: the raw first run of non-separators,
 * quotes included (so a quoted `"SET"` is not the SET command). "" for a blank line.
 */
export function firstKeyword(line: string): string {
  const n = cLength(line);
  let i = 0;
  while (i < n && isSeparator(line.charCodeAt(i))) i++;
  const start = i;
  while (i < n && !isSeparator(line.charCodeAt(i))) i++;
  return line.slice(start, i);
}
