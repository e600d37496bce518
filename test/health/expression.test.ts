import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import {
  evaluateExpression,
  expressionVariables,
  formatExpression,
  parseExpression,
  type Expression,
} from '../../src/health/expression';

// Expected texts, values and error offsets below were checked against a real Netdata v1.37.1 daemon:
// each expression as an alarm's `calc:`, read back as calc_parsed / value from /api/v1/alarms?all,
// and the failure position from its error.log for the ones it refused.

function parsed(text: string): Expression {
  const r = parseExpression(text);
  if (!r.ok) assert.fail(`${JSON.stringify(text)} does not parse: ${r.error}`);
  return r.expression;
}

const format = (text: string): string => formatExpression(parsed(text));

function evaluate(text: string, vars: Record<string, number> = {}): number | string {
  const r = evaluateExpression(parsed(text), (name) => (Object.hasOwn(vars, name) ? vars[name] : undefined));
  return r.ok ? r.value : r.error;
}

describe('formatExpression (Netdata 1.37.1 calc_parsed)', () => {
  it('normalizes stock expressions as Netdata shows them', () => {
    const cases: Array<[string, string]> = [
      ['$this > (($status >= $WARNING)  ? (75) : (85))', '(${this} > ((${status} >= ${WARNING}) ? 75 : 85))'],
      ['$used * 100 / ($used + $free)', '((${used} * 100) / (${used} + ${free}))'],
      ['$this > 98 * (($status >= $WARNING)  ? (0.7) : (1))', '(${this} > (98 * ((${status} >= ${WARNING}) ? 0.7 : 1)))'],
      ['$this != nan && $this != 1', '((${this} != nan) && (${this} != 1))'],
      ['abs($sent) * 100 / abs($buffered)', '((abs(${sent}) * 100) / abs(${buffered}))'],
      ['$this > $green OR $max > $red', '((${this} > ${green}) || (${max} > ${red}))'],
      ['($boinc_total_tasks >= 1) ? ($this) : (inf)', '((${boinc_total_tasks} >= 1) ? ${this} : inf)'],
      [
        '$this * 100 / (($1m_received_packets_rate < 1000)?(1000):($1m_received_packets_rate))',
        '((${this} * 100) / ((${1m_received_packets_rate} < 1000) ? 1000 : ${1m_received_packets_rate}))',
      ],
    ];
    for (const [source, expected] of cases) assert.equal(format(source), expected, source);
  });

  it('applies precedence left to right, fixing up only the top node (Netdata quirk)', () => {
    assert.equal(format('1 + 2 * 3'), '(1 + (2 * 3))');
    assert.equal(format('1 * 2 + 3'), '((1 * 2) + 3)');
    assert.equal(format('1 - 2 - 3'), '((1 - 2) - 3)');
    assert.equal(format('8 / 4 / 2'), '((8 / 4) / 2)');
    assert.equal(format('$a * $b + $c > $d'), '(((${a} * ${b}) + ${c}) > ${d})');
    assert.equal(format('1 + 2 * 3 - 4 / 5 > 6 AND 7'), '((((1 + (2 * 3)) - (4 / 5)) > 6) && 7)');
    assert.equal(format('$a >= $b AND $c < $d'), '((${a} >= ${b}) && (${c} < ${d}))');
    // Not textbook: the * takes (b + c) because only the > on top is compared.
    assert.equal(format('$a > $b + $c * $d'), '(${a} > ((${b} + ${c}) * ${d}))');
    assert.equal(format('$a > $b > $c'), '((${a} > ${b}) > ${c})');
  });

  it('gives && and || the same precedence, left to right', () => {
    assert.equal(format('$a || $b && $c'), '((${a} || ${b}) && ${c})');
    assert.equal(format('$a && $b || $c'), '((${a} && ${b}) || ${c})');
    assert.equal(format('$a AND $b OR $c'), '((${a} && ${b}) || ${c})');
    assert.equal(format('1 and 2'), '(1 && 2)');
    assert.equal(format('1 aNd 2'), '(1 && 2)');
  });

  it('binds ?: tighter than any binary operator, with single-operand branches', () => {
    assert.equal(format('$a > $b ? 1 : 2'), '(${a} > (${b} ? 1 : 2))');
    assert.equal(format('$a == $b ? 1 : 0'), '(${a} == (${b} ? 1 : 0))');
    assert.equal(format('$a + $b ? $c : $d'), '(${a} + (${b} ? ${c} : ${d}))');
    assert.equal(format('$a ? $b : $c + 1'), '((${a} ? ${b} : ${c}) + 1)');
    assert.equal(format('5 > 3 ? 10 : 20 + 1'), '(5 > ((3 ? 10 : 20) + 1))');
    assert.equal(format('$a ? $b : $c ? $d : $e'), '((${a} ? ${b} : ${c}) ? ${d} : ${e})');
    assert.equal(format('$a ? ($b ? 1 : 2) : 3'), '(${a} ? (${b} ? 1 : 2) : 3)');
    assert.equal(format('1 ? 2 : 3 ? 4 : 5'), '((1 ? 2 : 3) ? 4 : 5)');
  });

  it('prints unary operators and abs() without parentheses of their own', () => {
    assert.equal(format('not $a'), '!${a}');
    assert.equal(format('NOT($a)'), '!${a}');
    assert.equal(format('!$a == $b'), '(!${a} == ${b})');
    assert.equal(format('-$a * $b'), '(-${a} * ${b})');
    assert.equal(format('- - 5'), '--5');
    assert.equal(format('+5'), '+5');
    assert.equal(format('abs(-$x)'), 'abs(-${x})');
    assert.equal(format('abs($a - $b) * 2'), '(abs((${a} - ${b})) * 2)');
    assert.equal(format('ABS(1)'), 'abs(1)');
    assert.equal(format('((($a)))'), '${a}');
  });

  it('accepts = for ==, needs no spaces around symbols, and is quirky about AND/OR/<>', () => {
    assert.equal(format('1 = 2'), '(1 == 2)');
    assert.equal(format('$a>-1'), '(${a} > -1)');
    assert.equal(format('$a &&$b'), '(${a} && ${b})');
    assert.equal(format('$a-1'), '(${a} - 1)');
    assert.equal(format('\t1\t+\n2 '), '(1 + 2)');
    // The words AND / OR swallow the character after them.
    assert.equal(format('$a AND-1'), '(${a} && 1)');
    assert.equal(format('$a OR!$b'), '(${a} || ${b})');
    assert.equal(format('(1 AND(2)'), '(1 && 2)');
    // `<>` is skipped without being an operator, so whatever operator follows it is used.
    assert.equal(format('1 <>- 2'), '(1 - 2)');
  });

  it('prints numbers as %0.7f without trailing zeros, nan and inf as words', () => {
    const cases: Array<[string, string]> = [
      ['1.5e3 + .5', '(1500 + 0.5)'],
      ['1e-3', '0.001'],
      ['1E+2', '100'],
      ['0.12345678', '0.1234568'],
      ['0.00390625', '0.0039062'], // an exact tie rounds to even, as glibc does
      ['0.00000005', '0'],
      ['2.00000005', '2.0000001'],
      ['123456789.123456789', '123456789.1234568'],
      ['1e21', '1000000000000000000000'],
      ['1e300', '100000000000000005250476025520442024870446858110815915491585411551180245798890819578637137508044786'],
      ['-0.00000001', '-0'],
      ['-.5', '-0.5'],
      ['-5', '-5'],
      ['nan', 'nan'],
      ['inf', 'inf'],
      ['-inf', '-inf'],
      ['1e309', 'inf'],
      ['.', '0'],
      ['(-)', '-0'],
      ['18446744073709551617', '1'], // summed in 64-bit integers, as str2ndd does
      ['12345678901234567890123', '4807115922877858816'],
    ];
    for (const [source, expected] of cases) assert.equal(format(source), expected, source);
  });

  it('prints variables as ${name}, taking name characters or anything up to }', () => {
    assert.equal(format('${a b} + $c.d_e'), '(${a b} + ${c.d_e})');
    assert.equal(format('$1m_x'), '${1m_x}');
    assert.equal(format('$a.'), '${a.}');
    assert.equal(format('${abc'), '${abc}');
    const long = 'a'.repeat(300);
    assert.equal(format(`\${${long}}`), `\${${long}}`);
    assert.equal(format(`$${long}`), `\${${long}}`);
  });

  it('returns the source text with the expression', () => {
    const r = parseExpression(' $this > 1 ');
    assert.ok(r.ok);
    assert.equal(r.source, ' $this > 1 ');
  });
});

describe('parseExpression errors (Netdata 1.37.1 stops at the same offsets)', () => {
  const cases: Array<[string, string]> = [
    ['', 'expected operand at 0'],
    ['1 +', 'expected operand at 3'],
    ['1 ? 2 :', 'expected operand at 7'],
    ['1 AND', 'expected operand at 5'],
    ['1 AND2', 'expected operand at 6'], // AND swallowed the 2
    ['(1 + 2', 'missing closing parenthesis at 6'],
    ['1 + (2 * 3', 'missing closing parenthesis at 10'],
    ['((1)', 'missing closing parenthesis at 4'],
    ['1 ? 2', "expected ':' of inline conditional at 5"],
    ['1 ? 2 3', "expected ':' of inline conditional at 6"],
    ['(1 ? 2 3)', "expected ':' of inline conditional at 7"],
    ['1 2', 'expected operator at 2'],
    ['$a $b', 'expected operator at 3'],
    ['1 <> 2', 'expected operator at 5'],
    ['1 ==.5', 'expected operator at 2'],
    ['1 % 2', 'expected operator at 2'],
    ['1 & 2', 'expected operator at 2'],
    ['1e', 'expected operator at 1'],
    ['0x10', 'expected operator at 1'],
    ['1.5.3', 'expected operator at 3'],
    ['${x y}z', 'expected operator at 6'],
    [`$${'a'.repeat(301)}`, 'expected operator at 301'],
    ['1 + )', 'unknown operand at 4'],
    [')', 'unknown operand at 0'],
    ['()', 'unknown operand at 1'],
    ['abs (1)', 'unknown operand at 0'],
    ['$', 'unknown operand at 0'],
    ['${}', 'unknown operand at 0'],
    ['NaN', 'unknown operand at 0'],
    ['Inf', 'unknown operand at 0'],
    ['@', 'unknown operand at 0'],
    ['1 + 2)', 'remaining characters after expression at 5'],
    ['1 AND(2)', 'remaining characters after expression at 7'],
    // These crash Netdata 1.37.1 (a prefix operator whose operand fails); here they are plain errors.
    ['-', 'expected operand at 1'],
    ['!)', 'unknown operand at 1'],
    ['abs(1', 'missing closing parenthesis at 5'],
  ];
  for (const [text, error] of cases) {
    it(JSON.stringify(text.length > 40 ? `${text.slice(0, 37)}...` : text), () => {
      const r = parseExpression(text);
      assert.equal(r.ok, false);
      assert.ok(!r.ok);
      assert.equal(r.error, error);
      assert.equal(r.at, Number(error.slice(error.lastIndexOf(' ') + 1)));
    });
  }

  it('stops at a NUL, as the C string does', () => {
    assert.equal(format('1 + 2\0garbage'), '(1 + 2)');
  });
});

describe('expressionVariables', () => {
  it('lists each variable once, in order of appearance', () => {
    assert.deepEqual(
      expressionVariables(parsed('$this > (($status >= $WARNING) ? ($x) : (${some name} + $this.y * $x))')),
      ['this', 'status', 'WARNING', 'x', 'some name', 'this.y'],
    );
    // Order survives the precedence fix-up.
    assert.deepEqual(expressionVariables(parsed('$a > $b + $c * $d ? $e : $f')), ['a', 'b', 'c', 'd', 'e', 'f']);
    assert.deepEqual(expressionVariables(parsed('1 + abs(-2)')), []);
  });
});

describe('evaluateExpression (values Netdata 1.37.1 computed)', () => {
  it('computes arithmetic with Netdata precedence', () => {
    assert.equal(evaluate('2 * 3 + 4'), 10);
    assert.equal(evaluate('2 + 3 * 4'), 14);
    assert.equal(evaluate('7 / 2'), 3.5);
    assert.equal(evaluate('-7 / 2'), -3.5);
    assert.equal(evaluate('-(0-5)'), 5);
    assert.equal(evaluate('abs(0 - 3)'), 3);
    assert.equal(evaluate('10 > 2 + 3 * 4'), 0); // 10 > (2 + 3) * 4
    assert.equal(evaluate('3 > 2 > 1'), 0);
  });

  it('evaluates nested conditionals, and only the branch taken', () => {
    assert.equal(evaluate('$this > (($status >= $WARNING) ? (75) : (85))', { this: 80, status: 1 }), 0);
    assert.equal(evaluate('$this > (($status >= $WARNING) ? (75) : (85))', { this: 80, status: 3 }), 1);
    assert.equal(evaluate('$a ? ($b ? 1 : 2) : 3', { a: 1, b: 0 }), 2);
    assert.equal(evaluate('1 ? 2 : 0 ? 4 : 5'), 4); // (1 ? 2 : 0) ? 4 : 5
    assert.equal(evaluate('1 ? 5 : $nonexistent'), 5);
    assert.equal(evaluate('0 ? $nonexistent : 7'), 7);
    assert.equal(evaluate('nan ? 1 : 2'), 2);
    assert.equal(evaluate('(1/0) ? 1 : 2'), 1);
  });

  it('gives 0/1 from logic, treating NaN as false and inf as true, lazily', () => {
    assert.equal(evaluate('!nan'), 1);
    assert.equal(evaluate('!(1/0)'), 0);
    assert.equal(evaluate('!5'), 0);
    assert.equal(evaluate('NOT 0'), 1);
    assert.equal(evaluate('nan || 0'), 0);
    assert.equal(evaluate('(1/0) && 1'), 1);
    assert.equal(evaluate('5 AND 2'), 1);
    assert.equal(evaluate('1 || $nonexistent'), 1);
    assert.equal(evaluate('0 && $nonexistent'), 0);
  });

  it('compares NaN and inf as eval.c does', () => {
    assert.equal(evaluate('nan == nan'), 1);
    assert.equal(evaluate('(1/0) == ((0-1)/0)'), 1); // any two infinities are equal
    assert.equal(evaluate('(1/0) != (1/0)'), 0);
    assert.equal(evaluate('1 == nan'), 0);
    assert.equal(evaluate('nan == (1/0)'), 0);
    assert.equal(evaluate('nan != 1'), 1);
    assert.equal(evaluate('nan > 1'), 0);
    assert.equal(evaluate('nan < 1'), 0);
    assert.equal(evaluate('nan >= nan'), 0);
    assert.equal(evaluate('(1/0) > 5'), 1);
    assert.equal(evaluate('(1/0) >= (1/0)'), 1);
    assert.equal(evaluate('((0-1)/0) < 0'), 1); // division may give -inf
    assert.equal(evaluate('$x != nan', { x: NaN }), 0);
  });

  it('treats numbers closer than 1e-7 as equal in == and !=, but not in <, >=', () => {
    assert.equal(evaluate('1 == 1.00000005'), 1);
    assert.equal(evaluate('1 != 1.00000005'), 0);
    assert.equal(evaluate('1 == 1.0000002'), 0);
    assert.equal(evaluate('3 == 3.0000000999'), 1);
    assert.equal(evaluate('3 == 3.000000101'), 0);
    assert.equal(evaluate('0.1 + 0.2 == 0.3'), 1);
    assert.equal(evaluate('5 >= 5.00000001'), 0);
  });

  it('turns any infinite operand of + - * / - abs() into +inf', () => {
    assert.equal(evaluate('(((0-1)/0) + 0) > 0'), 1);
    assert.equal(evaluate('((0-1)/0) * 1 > 0'), 1);
    assert.equal(evaluate('-(1/0) < 0'), 0);
    assert.equal(evaluate('-inf < 0'), 0);
    assert.equal(evaluate('-1e309 < 0'), 0);
    assert.equal(evaluate('abs((0-1)/0) > 0'), 1);
    assert.equal(evaluate('$x * 1 > 0', { x: -Infinity }), 1);
  });

  it('fails when the result is NaN or infinite', () => {
    const cases: Array<[string, string]> = [
      ['0/0', 'the result is NaN'],
      ['nan + 1', 'the result is NaN'],
      ['-(0/0)', 'the result is NaN'],
      ['abs(nan)', 'the result is NaN'],
      ['1/0', 'the result is infinite'],
      ['-1/0', 'the result is infinite'],
      ['0 * (1/0)', 'the result is infinite'],
      ['inf - inf', 'the result is infinite'],
      ['abs((0-1)/0)', 'the result is infinite'],
    ];
    for (const [text, error] of cases) {
      const r = evaluateExpression(parsed(text), () => undefined);
      assert.ok(!r.ok, text);
      assert.equal(r.error, error, text);
      assert.ok(Number.isNaN(r.value), text);
    }
  });

  it('reports unknown variables only when the result is NaN or infinite, as eval.c does', () => {
    assert.equal(evaluate('$nonexistent + 1'), 'unknown variable "nonexistent"');
    assert.equal(evaluate('$nonexistent * 0'), 'unknown variable "nonexistent"');
    assert.equal(evaluate('$nonexistent + $other'), 'unknown variables "nonexistent", "other"');
    assert.equal(evaluate('$x / 0', { x: 1 }), 'the result is infinite');
    assert.equal(evaluate('$RAISED'), 'unknown variable "RAISED"');
    // A finite result clears the error: an unknown variable is then just NaN.
    assert.equal(evaluate('$nonexistent > 5'), 0);
    assert.equal(evaluate('$nonexistent > 5 || 0'), 0);
    assert.equal(evaluate('$nonexistent == nan'), 1);
    assert.equal(evaluate('!$nonexistent'), 1);
  });

  it('knows the alarm status constants itself, ahead of the resolver', () => {
    const seen: string[] = [];
    const r = evaluateExpression(parsed('$REMOVED + $UNDEFINED * 10 + $UNINITIALIZED + $CLEAR * 100 + $WARNING * 1000 + $CRITICAL * 10000 + $status'), (name) => {
      seen.push(name);
      return name === 'WARNING' ? 99 : 0.5;
    });
    assert.deepEqual(r, {
      ok: true, value: -2 - 10 + 0 + 100 + 3000 + 40000 + 0.5,
      trace: '[ $REMOVED = -2 ] [ $UNDEFINED = -1 ] [ $UNINITIALIZED = 0 ] [ $CLEAR = 1 ] [ $WARNING = 3 ] [ $CRITICAL = 4 ] [ $status = 0.5 ] ',
    });
    assert.deepEqual(seen, ['status']);
  });

  it('asks the resolver for every other variable, each time it is used', () => {
    const seen: string[] = [];
    const r = evaluateExpression(parsed('${some name} + $x.y + ${some name}'), (name) => (seen.push(name), 2));
    assert.deepEqual(r, { ok: true, value: 6, trace: '[ ${some name} = 2 ] [ ${x.y} = 2 ] [ ${some name} = 2 ] ' });
    assert.deepEqual(seen, ['some name', 'x.y', 'some name']);
  });

  it('traces the variables it used, and why it failed, as eval.c\'s error_msg (a notification\'s calc_param_values)', () => {
    const trace = (text: string, vars: Record<string, number>) => evaluateExpression(parsed(text), (n) => vars[n]).trace;
    assert.equal(trace('$this > 80', { this: 85.25 }), '[ $this = 85.25 ] ');
    assert.equal(trace('$user + $nope', { user: 1 / 3 }), "[ ${user} = 0.3333333 ] [ undefined variable 'nope' ] ; failed to evaluate expression with error 105 (undefined variable)");
    assert.equal(trace('$x / 0', { x: 1 }), '[ ${x} = 1 ] ; failed to evaluate expression with error 104 (computed value is infinite)');
    assert.equal(trace('nan + 1', {}), 'failed to evaluate expression with error 103 (value is unset)');
    assert.equal(trace('$nope > 5', {}), "[ undefined variable 'nope' ] ");
  });
});

const STOCK = '/usr/lib/netdata/conf.d/health.d';

/** calc/warn/crit values of a health file, read as Netdata does: trimmed lines, `#` comments, `\` continuations. */
function expressionsOf(text: string): Array<{ line: number; key: string; value: string }> {
  const found: Array<{ line: number; key: string; value: string }> = [];
  let pending = '';
  text.split('\n').forEach((raw, i) => {
    const line = (pending + raw).trim();
    pending = '';
    if (line.endsWith('\\')) {
      pending = `${line.slice(0, -1)} `;
      return;
    }
    if (line === '' || line.startsWith('#')) return;
    const colon = line.indexOf(':');
    const key = line.slice(0, Math.max(colon, 0)).trim().toLowerCase();
    if (colon > 0 && (key === 'calc' || key === 'warn' || key === 'crit')) found.push({ line: i + 1, key, value: line.slice(colon + 1).trim() });
  });
  return found;
}

describe('stock Netdata health configuration', () => {
  it('reads a value continued with a backslash', () => {
    assert.deepEqual(expressionsOf('  # warn: 1 +\n   warn: $a > \\\n     (1 + 2)\n crit:$b\n'), [
      { line: 3, key: 'warn', value: '$a >       (1 + 2)' },
      { line: 4, key: 'crit', value: '$b' },
    ]);
  });

  it(`parses every calc, warn and crit expression in ${STOCK}`, (t) => {
    if (!fs.existsSync(STOCK)) return t.skip(`${STOCK} is not here (Debian's netdata-core installs it)`);
    const files = fs.readdirSync(STOCK).filter((f) => f.endsWith('.conf')).sort();
    const failures: string[] = [];
    let count = 0;
    for (const file of files) {
      for (const { line, key, value } of expressionsOf(fs.readFileSync(path.join(STOCK, file), 'utf8'))) {
        count++;
        const r = parseExpression(value);
        if (!r.ok) failures.push(`${file}:${line} ${key}: ${value} -> ${r.error}`);
        else assert.deepEqual(parseExpression(formatExpression(r.expression)).ok, true, `${file}:${line} re-parses`);
      }
    }
    console.log(`# ${count} stock expressions parsed from ${files.length} files`);
    assert.deepEqual(failures, []);
    assert.ok(count > 0);
  });
});
