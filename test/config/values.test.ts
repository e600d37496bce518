import { test } from 'node:test';
import assert from 'node:assert/strict';
import { boolean, history, integer, InvalidValue, memoryMode, tristate } from '../../src/config/values';

test('booleans: yes/no/true/false/on/off/1/0 in any letter case', () => {
  for (const v of ['yes', 'YES', 'true', 'True', 'on', 'On', '1']) assert.equal(boolean(v), true, v);
  for (const v of ['no', 'No', 'false', 'FALSE', 'off', 'OFF', '0']) assert.equal(boolean(v), false, v);
});

test('booleans refuse auto, empty and other words', () => {
  assert.throws(() => boolean('auto'), (e: Error) => e instanceof InvalidValue && /auto is not allowed/.test(e.message));
  for (const v of ['', 'yess', '2', 'enabled', 'y']) assert.throws(() => boolean(v), InvalidValue, v);
});

test('tristates: yes|no|auto plus the boolean spellings and Netdata\'s "on demand"', () => {
  assert.equal(tristate('auto'), 'auto');
  assert.equal(tristate('AUTO'), 'auto');
  assert.equal(tristate('on demand'), 'auto');
  assert.equal(tristate('yes'), 'yes');
  assert.equal(tristate('on'), 'yes');
  assert.equal(tristate('0'), 'no');
  assert.throws(() => tristate('maybe'), /expected yes, no or auto/);
});

test('integers: whole numbers within range only', () => {
  const n = integer(0, 100);
  assert.equal(n('0'), 0);
  assert.equal(n('100'), 100);
  assert.equal(n('+7'), 7);
  for (const v of ['abc', '', '1.5', '10s', '0x10', ' ']) assert.throws(() => n(v), /not a number/, v);
  assert.throws(() => n('101'), /out of range: expected 0 to 100/);
  assert.throws(() => n('-1'), /out of range/);
  assert.throws(() => integer(0)('99999999999999999999'), /out of range/);
});

test('history follows Netdata: at least 5, at most a year', () => {
  assert.equal(history('5'), 5);
  assert.throws(() => history('4'), /out of range/);
  assert.equal(history(String(86400 * 365)), 86400 * 365);
  assert.throws(() => history(String(86400 * 365 + 1)), /out of range/);
});

test('memory modes: Netdata 1.37 names, exact', () => {
  for (const m of ['ram', 'save', 'map', 'dbengine', 'none', 'alloc']) assert.equal(memoryMode(m), m);
  assert.throws(() => memoryMode('RAM'), /expected one of: ram, save, map, dbengine, none, alloc/);
  assert.throws(() => memoryMode('disk'), InvalidValue);
});
