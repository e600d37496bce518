import micromatch from 'micromatch';

interface Word {
  negative: boolean;
  matches: (encoded: string) => boolean;
}

/**
 * Netdata's simple patterns (libnetdata/simple_pattern), as used by `allow from` and `send charts matching`:
 * words separated by white space; `*` matches any run of characters (including none) anywhere in a word;
 * a leading `!` makes a word negative; `\` keeps the next character in the word (e.g. an escaped space).
 * Words are tried left to right and the first one that matches decides: positive => true, negative => false.
 * Nothing matching => false. Matching is case-sensitive.
 */
export class SimplePattern {
  readonly source: string;
  private readonly words: Word[];

  constructor(expr: string) {
    this.source = expr;
    this.words = splitWords(expr).map(({ negative, word }) => {
      const glob = micromatch.matcher(word.split('*').map(encode).join('*'));
      // micromatch never matches an empty string; a word of stars alone should.
      const matchesEmpty = /^\*+$/.test(word);
      return { negative, matches: (encoded: string) => (encoded === '' ? matchesEmpty : glob(encoded)) };
    });
  }

  /**
   * True when the expression has no words. Netdata skips an `allow from` check whose pattern is empty,
   * so callers enforcing access lists should treat an empty pattern as "no restriction".
   */
  get empty(): boolean {
    return this.words.length === 0;
  }

  matches(s: string): boolean {
    const encoded = encode(s);
    for (const word of this.words) {
      if (word.matches(encoded)) return !word.negative;
    }
    return false;
  }
}

/**
 * micromatch matches paths: `*` stops at `/`, and `.`/`..` segments and a leading `./` get special
 * treatment. Simple patterns are plain strings, so both sides are rewritten into an alphabet with no
 * meaning to micromatch (`x` + 4 hex digits per UTF-16 unit; `x` marks where each character starts, so
 * a literal can only match on a character boundary). `*` is then the only wildcard left.
 */
function encode(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += 'x' + s.charCodeAt(i).toString(16).padStart(4, '0');
  return out;
}

function splitWords(expr: string): Array<{ negative: boolean; word: string }> {
  const words: Array<{ negative: boolean; word: string }> = [];
  let i = 0;
  while (i < expr.length) {
    while (i < expr.length && /\s/.test(expr[i])) i++;
    if (i >= expr.length) break;
    const negative = expr[i] === '!';
    if (negative) i++;
    let word = '';
    while (i < expr.length && !/\s/.test(expr[i])) {
      if (expr[i] === '\\' && i + 1 < expr.length) i++;
      word += expr[i++];
    }
    // A bare `!` has no word to negate: it is ignored.
    if (word !== '') words.push({ negative, word });
  }
  return words;
}
