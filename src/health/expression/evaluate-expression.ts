/**
 * Evaluation of Netdata 1.37 health expressions, with eval.c's double semantics:
 * - NaN is false and +/-inf is true where a truth value is needed; && || ?: evaluate lazily;
 * - < <= > >= are IEEE comparisons (false with NaN); == treats NaN==NaN and inf==-inf as equal and
 *   numbers closer than 1e-7 as equal; != is its negation;
 * - + - * / and unary -, abs() give NaN if an operand is NaN, else +inf if an operand is infinite
 *   (even -inf), else the plain result (so x/0 is +/-inf and 0/0 NaN, as in C);
 * - an unknown variable is NaN and is an error only if the final result is NaN or infinite:
 *   `$unknown > 5` evaluates to 0 without error, exactly as Netdata 1.37 does.
 */
import { formatConstant, type BinaryOperator, type Expression } from './parse-expression';

/**
 * `trace` is Netdata's expression error_msg: each variable looked up with its value (`[ $this = 5 ] [ ${user} = 2 ] `),
 * and on failure `; failed to evaluate expression with error N (reason)`; it is what a notification passes as the
 * expression's variable values.
 */
export type EvalResult = { ok: true; value: number; trace: string } | { ok: false; error: string; value: number; trace: string };

/** Variables eval.c answers itself and writes as `$name` in its trace; the rest come from the alert as `${name}`. */
const BUILT_IN = new Set(['this', 'after', 'before', 'now', 'status', 'REMOVED', 'UNINITIALIZED', 'UNDEFINED', 'CLEAR', 'WARNING', 'CRITICAL']);

/** eval.c's error numbers and words for an expression that ran but gave no number. */
const EVAL_ERROR = { nan: [103, 'value is unset'], infinite: [104, 'computed value is infinite'], unknown: [105, 'undefined variable'] } as const;

/** Alarm status values eval.c itself defines; they win over the resolver, as there. */
export const ALARM_STATUS_VARIABLES: ReadonlyMap<string, number> = new Map([
  ['REMOVED', -2],
  ['UNDEFINED', -1],
  ['UNINITIALIZED', 0],
  ['CLEAR', 1],
  ['WARNING', 3],
  ['CRITICAL', 4],
]);

/** Netdata's considered_equal_ndd() epsilon. */
const EQUALITY_EPSILON = 0.0000001;

const isTrue = (n: number): boolean => !Number.isNaN(n) && n !== 0;
const isInfinite = (n: number): boolean => n === Infinity || n === -Infinity;

function equal(a: number, b: number): boolean {
  if (Number.isNaN(a) && Number.isNaN(b)) return true;
  if (isInfinite(a) && isInfinite(b)) return true;
  if (Number.isNaN(a) || Number.isNaN(b) || isInfinite(a) || isInfinite(b)) return false;
  return Math.abs(a - b) < EQUALITY_EPSILON;
}

function arithmetic(op: '+' | '-' | '*' | '/', a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return NaN;
  if (isInfinite(a) || isInfinite(b)) return Infinity;
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return a / b;
  }
}

function compare(op: Exclude<BinaryOperator, '&&' | '||' | '+' | '-' | '*' | '/'>, a: number, b: number): boolean {
  switch (op) {
    case '==': return equal(a, b);
    case '!=': return !equal(a, b);
    case '<': return a < b;
    case '<=': return a <= b;
    case '>': return a > b;
    case '>=': return a >= b;
  }
}

/**
 * `resolve` supplies every variable other than the status constants above: $this, $status, $now,
 * $after, $before included (Netdata gives $this/$after/$before NaN when unset, $status UNINITIALIZED).
 */
export function evaluateExpression(e: Expression, resolve: (name: string) => number | undefined): EvalResult {
  const unknown: string[] = [];
  let trace = '';
  const b = (v: boolean): number => (v ? 1 : 0);

  const value = (n: Expression): number => {
    switch (n.kind) {
      case 'number': return n.value;
      case 'variable': {
        const v = ALARM_STATUS_VARIABLES.get(n.name) ?? resolve(n.name);
        if (v === undefined) {
          trace += `[ undefined variable '${n.name}' ] `;
          if (!unknown.includes(n.name)) unknown.push(n.name);
          return NaN;
        }
        trace += `[ ${BUILT_IN.has(n.name) ? `$${n.name}` : `\${${n.name}}`} = ${formatConstant(v)} ] `;
        return v;
      }
      case 'group': return value(n.inner);
      case 'conditional': return isTrue(value(n.condition)) ? value(n.then) : value(n.otherwise);
      case 'unary': {
        const v = value(n.operand);
        if (n.op === '!') return b(!isTrue(v));
        if (n.op === '+') return v;
        if (Number.isNaN(v)) return NaN;
        if (isInfinite(v)) return Infinity;
        return n.op === '-' ? -v : v < 0 ? -v : v;
      }
      case 'binary': {
        if (n.op === '&&') return b(isTrue(value(n.left)) && isTrue(value(n.right)));
        if (n.op === '||') return b(isTrue(value(n.left)) || isTrue(value(n.right)));
        const l = value(n.left), r = value(n.right);
        if (n.op === '+' || n.op === '-' || n.op === '*' || n.op === '/') return arithmetic(n.op, l, r);
        return b(compare(n.op, l, r));
      }
    }
  };

  const result = value(e);
  if (Number.isFinite(result)) return { ok: true, value: result, trace };
  const error = unknown.length
    ? `unknown variable${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${u}"`).join(', ')}`
    : Number.isNaN(result) ? 'the result is NaN' : 'the result is infinite';
  const [code, words] = EVAL_ERROR[unknown.length ? 'unknown' : Number.isNaN(result) ? 'nan' : 'infinite'];
  trace += `${trace ? '; ' : ''}failed to evaluate expression with error ${code} (${words})`;
  return { ok: false, error, value: NaN, trace };
}
