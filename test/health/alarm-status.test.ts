import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AlarmState, statusOf } from '../../src/health/evaluate/alarm-status';
import { evaluateExpression, parseExpression } from '../../src/health/expression';

/** warn/crit of the stock 10min_cpu_usage template, evaluated for $this and $status. */
function evaluate(text: string, vars: Record<string, number>) {
  const p = parseExpression(text);
  assert.ok(p.ok);
  return evaluateExpression(p.expression, (n) => vars[n]);
}
const WARN = '$this > (($status >= $WARNING)  ? (75) : (85))';
const CRIT = '$this > (($status == $CRITICAL) ? (85) : (95))';
const cpu = (value: number, status: number) => statusOf(evaluate(WARN, { this: value, status }), evaluate(CRIT, { this: value, status }));

describe('alarm status', () => {
  it('combines warn and crit as Netdata does, with the stock CPU thresholds and their hysteresis', () => {
    assert.equal(cpu(50, 1), 'CLEAR');
    assert.equal(cpu(90, 1), 'WARNING');
    assert.equal(cpu(80, 3), 'WARNING'); // once warning, it clears only below 75
    assert.equal(cpu(80, 1), 'CLEAR');
    assert.equal(cpu(96, 3), 'CRITICAL');
    assert.equal(cpu(90, 4), 'CRITICAL'); // once critical, down to 85
    // a comparison with NaN is false in Netdata's evaluator, so a NaN value alone does not make it UNDEFINED ...
    assert.equal(cpu(NaN, 1), 'CLEAR');
    // ... expressions that fail (unknown variable, NaN or infinite result) do
    assert.equal(statusOf(evaluate('$this', { this: NaN }), evaluate('$nope + 1', {})), 'UNDEFINED');
    assert.equal(statusOf(null, null), 'UNDEFINED');
    assert.equal(statusOf({ ok: true, value: 0, trace: '' }, null), 'CLEAR');
    assert.equal(statusOf(null, { ok: false, error: 'unknown variable', value: NaN, trace: '' }), 'UNDEFINED');
  });

  it('delays notifications by `delay up` / `delay down`, multiplies them while flapping, up to `max`', () => {
    // delay: up 1m down 15m multiplier 1.5 max 1h
    const s = new AlarmState({ up: 60, down: 900, multiplier: 1.5, max: 3600 }, 0);
    assert.deepEqual(s.update('CLEAR', 1000), { when: 1000, from: 'UNINITIALIZED', to: 'CLEAR', delay: 60, notifyAt: 1060, duration: 1000 });
    assert.equal(s.update('CLEAR', 1010), null);
    assert.equal(s.update('WARNING', 2000)!.delay, 60); // the previous delay ran out: configured values again
    assert.equal(s.update('CLEAR', 2030)!.delay, 1350); // within it: down 900 x 1.5
    assert.equal(s.update('WARNING', 2100)!.delay, 135); // up 90 x 1.5
    assert.equal(s.update('CLEAR', 2200)!.delay, 3037);
    assert.equal(s.update('WARNING', 2300)!.delay, 303);
    assert.equal(s.update('CLEAR', 2400)!.delay, 3600); // capped by max
    assert.equal(s.status, 'CLEAR');
    assert.equal(s.lastStatusChange, 2400);
  });
});
