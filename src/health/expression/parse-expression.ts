/**
 * Netdata 1.37 health expressions (`calc:`, `warn:`, `crit:`): tokenizer and parser, plus the printer of
 * the normalized form Netdata keeps as the expression's "parsed as" text.
 *
 * Netdata's parser is not a textbook precedence parser and its quirks change meaning, so they are kept:
 * - each operator takes ONE operand on its right; precedence is fixed up afterwards by looking only at the
 *   top node of what was parsed so far, so `a > b + c * d` means `a > ((b + c) * d)`;
 * - `&&`/`||` share one precedence (left to right), and `?:` binds tighter than every binary operator
 *   (`a > b ? c : d` means `a > (b ? c : d)`); its branches are single operands;
 * - the words AND / OR also swallow the character after them (`1 AND(2)` leaves a stray `)`);
 * - `<>` is skipped but not recognized as an operator (a bug in Netdata's matcher).
 */
import { cFixed } from '../../util/c-fixed';

export type BinaryOperator = '&&' | '||' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/';
export type UnaryOperator = '!' | '+' | '-' | 'abs';

export type Expression =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'variable'; readonly name: string }
  /** Parentheses: kept because the precedence fix-up must never reach inside them. */
  | { readonly kind: 'group'; readonly inner: Expression }
  | { readonly kind: 'unary'; readonly op: UnaryOperator; readonly operand: Expression }
  | { readonly kind: 'binary'; readonly op: BinaryOperator; readonly left: Expression; readonly right: Expression }
  | { readonly kind: 'conditional'; readonly condition: Expression; readonly then: Expression; readonly otherwise: Expression };

export type ParseResult =
  | { ok: true; expression: Expression; source: string }
  | { ok: false; error: string; at: number };

/** Netdata's operator precedences (higher binds tighter); `?` is the ternary. */
const PRECEDENCE: Readonly<Record<BinaryOperator | '?', number>> = {
  '&&': 2, '||': 2,
  '==': 3, '!=': 3, '<': 3, '<=': 3, '>': 3, '>=': 3,
  '+': 4, '-': 4,
  '*': 5, '/': 5,
  '?': 7,
};

/** Netdata's EVAL_MAX_VARIABLE_NAME_LENGTH: longer names are cut there (and the rest is left unparsed). */
const MAX_VARIABLE_NAME = 300;

const isSpace = (c: string): boolean => c === ' ' || (c >= '\t' && c <= '\r');
const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isAlpha = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
const isVariableChar = (c: string): boolean => isAlpha(c) || isDigit(c) || c === '.' || c === '_';
/** What may follow a word operator (AND, OR, NOT); '' is the end of the text. */
const endsWord = (c: string): boolean => c === '' || isSpace(c) || isDigit(c) || '($!-+'.includes(c);
/** What may follow a symbol operator: the same, or a letter. */
const endsSymbol = (c: string): boolean => endsWord(c) || isAlpha(c);

class ParseFailure {
  constructor(readonly reason: string, readonly at: number) {}
}

class Parser {
  pos = 0;
  constructor(private readonly text: string) {}

  get length(): number {
    return this.text.length;
  }

  private at(i: number): string {
    return this.text.charAt(i);
  }

  /** A keyword in any ASCII case (AND, or, Not, ABS...). */
  private word(w: string): boolean {
    for (let i = 0; i < w.length; i++) {
      const c = this.at(this.pos + i);
      if ((c >= 'A' && c <= 'Z' ? c.toLowerCase() : c) !== w[i]) return false;
    }
    return true;
  }

  private skipSpaces(): void {
    while (isSpace(this.at(this.pos))) this.pos++;
  }

  private advance(n: number): void {
    // AND/OR skip one char past themselves; at the end of the text Netdata would read past it, we stop.
    this.pos = Math.min(this.pos + n, this.text.length);
  }

  /** Binary operators and `?`, tried in Netdata's order (the first match wins). */
  private operator(): BinaryOperator | '?' | null {
    const c = this.at(this.pos), d = this.at(this.pos + 1), e = this.at(this.pos + 2);
    if (this.word('and') && endsWord(this.at(this.pos + 3))) return this.advance(4), '&&';
    if (c === '&' && d === '&' && endsSymbol(e)) return this.advance(2), '&&';
    if (this.word('or') && endsWord(e)) return this.advance(3), '||';
    if (c === '|' && d === '|' && endsSymbol(e)) return this.advance(2), '||';
    if (c === '>' && d === '=' && endsSymbol(e)) return this.advance(2), '>=';
    if (c === '<' && d === '=' && endsSymbol(e)) return this.advance(2), '<=';
    if (c === '!' && d === '=' && endsSymbol(e)) return this.advance(2), '!=';
    if (c === '<' && d === '>' && endsSymbol(e)) this.advance(2); // consumed, yet not reported as matched
    return this.symbolOperator();
  }

  private symbolOperator(): BinaryOperator | '?' | null {
    const c = this.at(this.pos), d = this.at(this.pos + 1), e = this.at(this.pos + 2);
    if (c === '=' && d === '=' && endsSymbol(e)) return this.advance(2), '==';
    if (c === '?') return this.advance(1), '?';
    if (!endsSymbol(d)) return null;
    if (c !== '' && '=<>+-*/'.includes(c)) {
      this.advance(1);
      return c === '=' ? '==' : (c as BinaryOperator);
    }
    return null;
  }

  /** One operand with its prefix operators: NOT/!, sign, abs(...), (...), a variable or a number. */
  operand(): Expression {
    this.skipSpaces();
    const start = this.pos;
    const c = this.at(start);
    if (c === '') throw new ParseFailure('expected operand', start);
    if ((this.word('not') && endsWord(this.at(start + 3))) || c === '!') {
      this.pos += c === '!' ? 1 : 3;
      return { kind: 'unary', op: '!', operand: this.operand() };
    }
    if ((c === '+' || c === '-') && endsSymbol(this.at(start + 1))) {
      this.pos++;
      return { kind: 'unary', op: c, operand: this.operand() };
    }
    if (this.word('abs') && this.at(start + 3) === '(') {
      this.pos += 3;
      return { kind: 'unary', op: 'abs', operand: this.operand() };
    }
    if (c === '(') {
      this.pos++;
      const inner = this.expression();
      if (this.at(this.pos) !== ')') throw new ParseFailure('missing closing parenthesis', this.pos);
      this.pos++;
      return { kind: 'group', inner };
    }
    const variable = this.variable();
    if (variable) return variable;
    const number = scanNumber(this.text, start);
    if (number) {
      this.pos = number.end;
      return { kind: 'number', value: number.value };
    }
    throw new ParseFailure('unknown operand', start);
  }

  private variable(): Expression | null {
    if (this.at(this.pos) !== '$') return null;
    let i = this.pos + 1;
    const braced = this.at(i) === '{';
    if (braced) i++;
    const start = i;
    // `${...` takes anything up to `}` (which may be missing at the end); `$name` takes name characters.
    while (i < this.text.length && i - start < MAX_VARIABLE_NAME && (braced ? this.at(i) !== '}' : isVariableChar(this.at(i)))) i++;
    const name = this.text.slice(start, i);
    if (name === '') return null;
    if (braced && this.at(i) === '}') i++;
    this.pos = i;
    return { kind: 'variable', name };
  }

  /** An operand followed by any number of (operator, operand) pairs, up to the end or a `)`. */
  expression(): Expression {
    let left = this.operand();
    for (;;) {
      this.skipSpaces();
      const op = this.operator();
      this.skipSpaces();
      if (op === null) {
        if (this.pos >= this.text.length || this.at(this.pos) === ')') return left;
        throw new ParseFailure('expected operator', this.pos);
      }
      const right = this.operand();
      let otherwise: Expression | undefined;
      if (op === '?') {
        this.skipSpaces();
        if (this.at(this.pos) !== ':') throw new ParseFailure("expected ':' of inline conditional", this.pos);
        this.pos++;
        otherwise = this.operand();
      }
      left = attach(left, op, right, otherwise);
    }
  }
}

function build(op: BinaryOperator | '?', left: Expression, right: Expression, otherwise: Expression | undefined): Expression {
  return op === '?'
    ? { kind: 'conditional', condition: left, then: right, otherwise: otherwise! }
    : { kind: 'binary', op, left, right };
}

/**
 * Netdata's precedence fix-up: a tighter operator takes over the right operand of the binary node on top;
 * nothing deeper is looked at.
 */
function attach(left: Expression, op: BinaryOperator | '?', right: Expression, otherwise: Expression | undefined): Expression {
  if (left.kind === 'binary' && PRECEDENCE[op] > PRECEDENCE[left.op])
    return { ...left, right: build(op, left.right, right, otherwise) };
  return build(op, left, right, otherwise);
}

const U64 = (1n << 64n) - 1n;
const WITH_EXPONENT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;

/**
 * Netdata's str2ndd() with its end pointer: lowercase `nan`/`inf`, else sign, digits and fraction summed
 * in 64-bit integers, handing over to strtod only when an exponent letter follows. A lone sign or `.`
 * is accepted as 0, as there.
 */
function scanNumber(text: string, start: number): { value: number; end: number } | null {
  let i = start;
  const sign = text.charAt(i);
  if (text.startsWith('nan', i)) return { value: NaN, end: i + 3 };
  if (text.startsWith('inf', i)) return { value: Infinity, end: i + 3 };
  if (sign === '-' || sign === '+') i++;
  let integer = 0n, fraction = 0n, fractionDigits = 0;
  for (; isDigit(text.charAt(i)); i++) integer = (integer * 10n + BigInt(text.charCodeAt(i) - 48)) & U64;
  if (text.charAt(i) === '.')
    for (i++; isDigit(text.charAt(i)); i++, fractionDigits++) fraction = (fraction * 10n + BigInt(text.charCodeAt(i) - 48)) & U64;
  if (text.charAt(i) === 'e' || text.charAt(i) === 'E') {
    const m = WITH_EXPONENT.exec(text.slice(start));
    return m ? { value: parseFloat(m[0]), end: start + m[0].length } : null;
  }
  if (i === start) return null;
  // 10^digits parsed, not computed: correctly rounded like glibc's pow(), where ** may be off by an ulp.
  const magnitude = fractionDigits ? Number(integer) + Number(fraction) / Number(`1e${fractionDigits}`) : Number(integer);
  return { value: sign === '-' ? -magnitude : magnitude, end: i };
}

/**
 * Accepts and refuses exactly what Netdata 1.37 does, failing at the same offset. The error names what
 * failed first; Netdata itself reports most failures before the end as "remaining characters after expression".
 */
export function parseExpression(text: string): ParseResult {
  const nul = text.indexOf('\0'); // the C parser sees a NUL-terminated string
  const parser = new Parser(nul < 0 ? text : text.slice(0, nul));
  try {
    const expression = parser.expression();
    if (parser.pos < parser.length) throw new ParseFailure('remaining characters after expression', parser.pos);
    return { ok: true, expression, source: text };
  } catch (e) {
    // Thousands of nested ( or ! exhaust the stack; Netdata's config lines are too short for that.
    if (e instanceof RangeError) return { ok: false, error: `expression nested too deeply at ${parser.pos}`, at: parser.pos };
    if (!(e instanceof ParseFailure)) throw e;
    return { ok: false, error: `${e.reason} at ${e.at}`, at: e.at };
  }
}

export function expressionVariables(e: Expression): string[] {
  const names = new Set<string>();
  const walk = (n: Expression): void => {
    switch (n.kind) {
      case 'number': return;
      case 'variable': names.add(n.name); return;
      case 'group': return walk(n.inner);
      case 'unary': return walk(n.operand);
      case 'binary': walk(n.left); return walk(n.right);
      case 'conditional': walk(n.condition); walk(n.then); return walk(n.otherwise);
    }
  };
  walk(e);
  return [...names];
}

/**
 * Netdata's "parsed as" text: every binary and ternary node in parentheses, groups printed as their
 * content, variables as `${name}`, AND/OR/= as &&/||/==, numbers as %0.7f without trailing zeros.
 */
export function formatExpression(e: Expression): string {
  switch (e.kind) {
    case 'number': return formatConstant(e.value);
    case 'variable': return `\${${e.name}}`;
    case 'group': return formatExpression(e.inner);
    case 'unary': return e.op === 'abs' ? `abs(${formatExpression(e.operand)})` : e.op + formatExpression(e.operand);
    case 'binary': return `(${formatExpression(e.left)} ${e.op} ${formatExpression(e.right)})`;
    case 'conditional':
      return `(${formatExpression(e.condition)} ? ${formatExpression(e.then)} : ${formatExpression(e.otherwise)})`;
  }
}

/**
 * printf("%0.7f") into Netdata's 100-byte buffer (so cut at 99 characters), then trailing zeros and a
 * trailing '.' dropped; nan and +/-inf print as `nan`/`inf`.
 */
export function formatConstant(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return 'inf';
  return cFixed(n, 7).slice(0, 99).replace(/0+$/, '').replace(/\.$/, '');
}

