import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatValueAndUnits } from '../../../src/health/notify/format-value';
import { cFixed } from '../../../src/util/c-fixed';

describe('format value and units', () => {
  it('prints what a real Netdata 1.37.1 put in its alarm log (calc: <value>, units: <units>)', () => {
    // value_string of /api/v1/alarm_log, one alert per row, on Debian's netdata 1.37.1
    const seen: Array<[number, string, string]> = [
      [0.0344828, 'packets', '0.0345 packets'],
      [0, '%', '0%'],
      [0.5, '%', '0.5%'],
      [0.05, '%', '0.05%'],
      [1.234567, 'MiB', '1.23 MiB'],
      [99.9, 'percentage', '99.9%'],
      [12345.678, 'kilobits/s', '12346 kilobits/s'],
      [-0.5, 'packets', '-0.5 packets'],
      [-1234.5, 'ms', '-1234 ms'],
      [-2.5, '--weird', '-2.5--weird'],
      [NaN, 'packets', '-'],
      [0.125, 'x', '0.12 x'],
      [2.5, 'x', '2.5 x'],
      [10.25, 'x', '10.2 x'],
      [1000.5, 'x', '1000 x'],
      [-0.00000001, 'x', '-0 x'],
      [0.00001234, 'x', '0.0000123 x'],
      [3, 'null', '3'],
      [65, 'seconds', '00:01:05'],
      [0, 'seconds', 'now'],
      [NaN, 'seconds', 'undefined'],
      [1, 'on/off', 'on'],
      [NaN, 'on/off', 'on'],
    ];
    for (const [value, units, expected] of seen) assert.equal(formatValueAndUnits(value, units), expected, `${value} ${units}`);
  });

  it('follows format_value_with_precision_and_unit() for the other magnitudes and units', () => {
    assert.equal(formatValueAndUnits(1.5, 'MiB'), '1.5 MiB'); // >= 1: 2 decimals, trimmed
    assert.equal(formatValueAndUnits(10, 'MiB'), '10 MiB'); // "10.0": the point goes with the zeros
    assert.equal(formatValueAndUnits(999.96, 'x'), '1000 x'); // "1000.0" at 1 decimal, trimmed
    assert.equal(formatValueAndUnits(0.0015, 'x'), '0.0015 x'); // >= 0.001: 5 decimals
    assert.equal(formatValueAndUnits(0.00015, 'x'), '0.00015 x'); // >= 0.0001: 6 decimals
    assert.equal(formatValueAndUnits(Infinity, 'x'), '-');
    assert.equal(formatValueAndUnits(-Infinity, '%'), '-');
    assert.equal(formatValueAndUnits(-0, 'x'), '-0 x');
    assert.equal(formatValueAndUnits(42, ''), '42');
    assert.equal(formatValueAndUnits(42, 'empty'), '42');
    assert.equal(formatValueAndUnits(42, 'pcent'), '42%');
    assert.equal(formatValueAndUnits(42, '°C'), '42°C'); // no space before a non-alphanumeric first byte
    assert.equal(formatValueAndUnits(1e20, 'B'), '100000000000000000000 B');
    assert.equal(formatValueAndUnits(90061, 'seconds ago'), '1 day 01:01:01 ago');
    assert.equal(formatValueAndUnits(172800, 'seconds'), '2 days 00:00:00');
    assert.equal(formatValueAndUnits(61, 'minutes'), '1h 1m');
    assert.equal(formatValueAndUnits(1501, 'minutes ago'), '1d 01h 01m ago');
    assert.equal(formatValueAndUnits(30, 'hours'), '1d 6h');
    assert.equal(formatValueAndUnits(5.9, 'hours ago'), '5h ago');
    assert.equal(formatValueAndUnits(0, 'up/down'), 'down');
    assert.equal(formatValueAndUnits(2, 'ok/error'), 'ok');
    assert.equal(formatValueAndUnits(0, 'ok-failed'), 'failed');
  });

  it('prints %.Nf as glibc does', () => {
    assert.equal(cFixed(0.5, 0), '0'); // ties to even
    assert.equal(cFixed(1.5, 0), '2');
    assert.equal(cFixed(2.5, 0), '2');
    assert.equal(cFixed(99.9, 0), '100');
    assert.equal(cFixed(-0.5, 0), '-0'); // the sign stays, as Netdata 1.37.1 passed it to alarm-notify.sh
    assert.equal(cFixed(-2.5, 0), '-2');
    assert.equal(cFixed(0.125, 2), '0.12');
    assert.equal(cFixed(0.135, 2), '0.14'); // 0.135 is 0.13500000000000000888 in binary: no tie
    assert.equal(cFixed(0.1, 20), '0.10000000000000000555');
    assert.equal(cFixed(5e-324, 3), '0.000');
    assert.equal(cFixed(1e21, 0), '1000000000000000000000');
    assert.equal(cFixed(NaN, 0), 'nan');
    assert.equal(cFixed(Infinity, 0), 'inf');
    assert.equal(cFixed(-Infinity, 7), '-inf');
  });
});
