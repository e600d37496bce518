import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { END_LINE, formatBegin, formatSet, quote } from '../../src/protocol/encoder';
import { splitWords } from '../../src/protocol/tokenizer';
import { capture, parse, parseLine } from './recorder';

describe('encoder', () => {
  it('writes lines as a Netdata child does', () => {
    assert.equal(formatBegin('system.cpu', 1000000), 'BEGIN "system.cpu" 1000000');
    assert.equal(formatBegin('system.cpu', 0), 'BEGIN "system.cpu" 0');
    assert.equal(formatBegin('system.cpu', 1000000, 1700000000), 'BEGIN "system.cpu" 1000000 1700000000');
    assert.equal(formatBegin('system.cpu', 1000000, 0), 'BEGIN "system.cpu" 1000000');
    assert.equal(formatSet('user', 123), 'SET "user" = 123');
    assert.equal(formatSet('user', -5), 'SET "user" = -5');
    assert.equal(formatSet('user', 9223372036854775807n), 'SET "user" = 9223372036854775807');
    assert.equal(END_LINE, 'END');
  });

  it('regenerates every BEGIN, SET and END line of a real capture byte for byte', () => {
    const data = capture('stream-reply-version4.txt.gz');
    const hot = data
      .toString('utf8')
      .split('\n')
      .filter((l) => /^(BEGIN|SET|END)\b/.test(l));
    const { events } = parse([data]);
    const regenerated = events.flatMap((e) => {
      if (e.kind === 'begin') return [formatBegin(e.chartId, e.usec, e.t)];
      if (e.kind === 'set') return [formatSet(e.dimId, e.value)];
      if (e.kind === 'end') return [END_LINE];
      return [];
    });
    assert.equal(regenerated.length, hot.length);
    assert.deepEqual(regenerated, hot);
  });

  it('round-trips ids and values through the parser', () => {
    const ids = ['user', 'a b', 'x=y', "it's", 'say "hi"', 'back\\slash', 'esc\\"aped', 'température', '日本', '', 'tab\there'];
    const values = [0, 1, -1, 123456789, 2 ** 53 - 1, 2n ** 53n + 1n, -(2n ** 63n), 2n ** 63n - 1n, null];
    for (const id of ids) {
      for (const v of values) {
        const line = formatSet(id || 'x', v);
        assert.deepEqual(parseLine(line), [{ kind: 'set', dimId: id || 'x', value: v }], line);
      }
      if (id) {
        const begin = formatBegin(id, 1000000, 1700000000);
        assert.deepEqual(parseLine(begin), [{ kind: 'begin', chartId: id, usec: 1000000, t: 1700000000 }], begin);
      }
    }
    assert.deepEqual(parseLine(END_LINE), [{ kind: 'end' }]);
  });

  it('quotes a word so that it splits back to itself', () => {
    for (const w of ['plain', '', 'with space', 'a"b', "a'b", 'a\\"b', 'x=1']) {
      assert.deepEqual(splitWords(`W ${quote(w)} Z`), ['W', w, 'Z'], w);
    }
    assert.equal(quote('system.cpu'), '"system.cpu"');
    assert.equal(quote('a"b'), `'a"b'`);
  });
});
