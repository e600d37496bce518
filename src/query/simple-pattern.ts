/**
 * Netdata's simple patterns, as /api/v1/data matches its `dimensions` parameter: words separated by `,` or `|`,
 * `*` matches any run of characters, a leading `!` makes a word negative. The first word that matches decides;
 * when none does, the value does not match.
 */
export class SimplePattern {
  private readonly words: { negative: boolean; re: RegExp }[];

  constructor(text: string) {
    this.words = text
      .split(/[,|\t\r\n\f\v]+/)
      .filter((w) => w.length > 0 && w !== '!')
      .map((w) => {
        const negative = w.startsWith('!');
        const body = negative ? w.slice(1) : w;
        const source = body
          .split('*')
          .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
          .join('.*');
        return { negative, re: new RegExp(`^${source}$`, 's') };
      });
  }

  get isEmpty(): boolean {
    return this.words.length === 0;
  }

  matches(value: string): boolean {
    for (const w of this.words) if (w.re.test(value)) return !w.negative;
    return false;
  }
}
