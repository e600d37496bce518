import assert from 'node:assert/strict';
import type { MetaCommand } from '../../src/protocol/types';
import { describe, it } from 'node:test';
import { strtoll } from '../../src/protocol/c-numbers';
import { LineTooLongError, StreamParser } from '../../src/protocol/stream-parser';
import { capture, type Event, parse, parseLine, random, Recorder } from './recorder';

/** Counts of commands by their keyword, taken from the raw text without the parser. */
function keywordCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of text.split('\n').slice(0, -1)) {
    const keyword = line.split(' ')[0];
    counts.set(keyword, (counts.get(keyword) ?? 0) + 1);
  }
  return counts;
}

function eventCounts(events: Event[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of events) {
    const key = e.kind === 'meta' ? e.command.cmd : e.kind === 'bad' ? 'bad' : e.kind.toUpperCase();
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** Cuts `data` into chunks of random sizes (1..maxChunk). */
function chunked(data: Buffer, seed: number, maxChunk: number): Buffer[] {
  const next = random(seed);
  const chunks: Buffer[] = [];
  for (let at = 0; at < data.length; ) {
    const size = 1 + Math.floor(next() * maxChunk);
    chunks.push(data.subarray(at, at + size));
    at += size;
  }
  return chunks;
}

describe('StreamParser on real captures', () => {
  for (const name of ['stream-reply-version4.txt.gz', 'stream-reply-v1.txt.gz']) {
    it(`${name}: every command, no bad line, whatever the chunking`, () => {
      const data = capture(name);
      const expected = keywordCounts(data.toString('utf8'));
      const whole = parse([data]);
      const counts = eventCounts(whole.events);
      assert.equal(counts.get('bad'), undefined, JSON.stringify(whole.recorder.bads().slice(0, 3)));
      for (const [keyword, n] of expected) assert.equal(counts.get(keyword), n, keyword);
      assert.ok((counts.get('SET') ?? 0) > 5000 && (counts.get('CHART') ?? 0) === 187);

      const lastNewline = data.lastIndexOf(0x0a);
      assert.equal(whole.parser.linesParsed, data.toString('latin1').split('\n').length - 1);
      assert.equal(whole.parser.pendingBytes(), data.length - lastNewline - 1);

      for (const [seed, maxChunk] of [[1, 7], [2, 100], [3, 1500], [4, 70000]]) {
        const { events } = parse(chunked(data, seed, maxChunk));
        assert.deepEqual(events, whole.events, `seed ${seed}, chunks up to ${maxChunk} bytes`);
      }
    });
  }

  it('reads every SET value of a capture exactly', () => {
    const data = capture('stream-reply-version4.txt.gz');
    const sets = data
      .toString('utf8')
      .split('\n')
      .filter((l) => l.startsWith('SET '));
    const { events } = parse([data]);
    const parsed = events.filter((e) => e.kind === 'set');
    assert.equal(parsed.length, sets.length);
    sets.forEach((line, i) => {
      const m = /^SET "([^"]*)" = (-?\d+)$/.exec(line);
      assert.ok(m, line);
      const e = parsed[i] as Extract<Event, { kind: 'set' }>;
      assert.equal(e.dimId, m[1]);
      assert.equal(BigInt(e.value!), BigInt(m[2]), line);
    });
  });

  it('reads every replication line of a 1.37 child, and nothing as bad', () => {
    const data = capture('stream-reply-caps5112-replication.txt.gz');
    const { events, recorder } = parse([data]);
    assert.deepEqual(recorder.bads(), []);
    const lines = data.toString('utf8').split('\n');
    const metas = events.filter((e) => e.kind === 'meta') as Array<{ kind: 'meta'; command: MetaCommand }>;
    for (const k of ['RBEGIN', 'RSET', 'RDSTATE', 'RSSTATE', 'REND'] as const) {
      const want = lines.filter((l) => l.startsWith(k + ' ')).length;
      assert.ok(want > 0, k);
      assert.equal(metas.filter((e) => e.command.cmd === k).length, want, k);
    }
    const point = metas.find((e) => e.command.cmd === 'RBEGIN' && e.command.endT === 1795359411)!.command;
    assert.deepEqual(point, { cmd: 'RBEGIN', chartId: '', startT: 1795359410, endT: 1795359411, childNow: 1795359436 });
    const idle = metas.find((e) => e.command.cmd === 'RSET' && e.command.dimId === 'idle')!.command;
    assert.deepEqual(idle, { cmd: 'RSET', dimId: 'idle', value: 98.5, reset: false, empty: false });
    const end = metas.find((e) => e.command.cmd === 'REND')!.command;
    assert.deepEqual(end, { cmd: 'REND', updateEvery: 1, firstT: 1795359410, lastT: 1795359436, startStreaming: true, after: 1795359410, before: 1795359436, childNow: 1795359436 });
  });
});

describe('StreamParser line splitting', () => {
  const text = [
    'CHART "système.cpu" "" "Températures ✓" "°C" "" "" "line" 100 1 "" "plugin" "module"',
    'DIMENSION "cœur" "" "absolute" 1 1 ""',
    'BEGIN "système.cpu" 1000000',
    'SET "cœur" = -42',
    'SET "big" = 9223372036854775807',
    'SET "empty" = ',
    "SET 'quoted' = 0x10",
    'END',
    'VARIABLE "日本" = 3',
    '',
  ].join('\n');
  const data = Buffer.from(text, 'utf8');
  const reference = parse([data]).events;

  it('gives the same events for a split at every byte position, inside multi-byte characters too', () => {
    assert.equal(reference.length, 9);
    for (let p = 0; p <= data.length; p++) {
      assert.deepEqual(parse([data.subarray(0, p), data.subarray(p)]).events, reference, `split at ${p}`);
    }
  });

  it('gives the same events for one byte per push and for random three-way splits', () => {
    const bytes = Array.from(data, (b) => Buffer.from([b]));
    assert.deepEqual(parse(bytes).events, reference);
    const next = random(42);
    for (let i = 0; i < 500; i++) {
      const a = Math.floor(next() * data.length);
      const b = a + Math.floor(next() * (data.length - a));
      assert.deepEqual(parse([data.subarray(0, a), data.subarray(a, b), data.subarray(b)]).events, reference);
    }
  });

  it('does not keep a reference to a pushed buffer that the caller then reuses', () => {
    const recorder = new Recorder();
    const parser = new StreamParser(recorder, { maxLineBytes: 100 });
    const reused = Buffer.from('SET "a" = 1');
    parser.push(reused);
    reused.fill(0x58);
    parser.push(Buffer.from('2\n'));
    assert.deepEqual(recorder.events, [{ kind: 'set', dimId: 'a', value: 12 }]);
  });

  it('reads CRLF lines like LF lines, without the CR in the line it reports', () => {
    const crlf = parse(['BEGIN "a.b" 5\r\nSET "x" = 1\r\nEND\r\nFLUSH\r\nNOPE\r', '\n']).events;
    assert.deepEqual(crlf, [
      { kind: 'begin', chartId: 'a.b', usec: 5, t: 0 },
      { kind: 'set', dimId: 'x', value: 1 },
      { kind: 'end' },
      { kind: 'meta', command: { cmd: 'FLUSH' }, line: 'FLUSH' },
      { kind: 'bad', reason: 'unknown command', line: 'NOPE' },
    ]);
  });

  it('counts lines and pending bytes', () => {
    const recorder = new Recorder();
    const parser = new StreamParser(recorder, { maxLineBytes: 100 });
    parser.push(Buffer.from('END\nEN'));
    assert.equal(parser.linesParsed, 1);
    assert.equal(parser.pendingBytes(), 2);
    parser.push(Buffer.from('D'));
    assert.equal(parser.pendingBytes(), 3);
    parser.push(Buffer.from('\n'));
    assert.equal(parser.linesParsed, 2);
    assert.equal(parser.pendingBytes(), 0);
    assert.equal(recorder.events.length, 2);
  });
});

describe('StreamParser line length limit', () => {
  it('accepts a line of exactly maxLineBytes', () => {
    assert.deepEqual(parse(['SET "a" = 12\n'], 12).events, [{ kind: 'set', dimId: 'a', value: 12 }]);
  });

  it('throws for a complete line over the limit, after the lines before it', () => {
    const recorder = new Recorder();
    const parser = new StreamParser(recorder, { maxLineBytes: 12 });
    assert.throws(() => parser.push(Buffer.from('END\nSET "a" = 123\nEND\n')), LineTooLongError);
    assert.deepEqual(recorder.events, [{ kind: 'end' }]);
  });

  it('throws as soon as an unterminated line passes the limit, across pushes', () => {
    const parser = new StreamParser(new Recorder(), { maxLineBytes: 10 });
    parser.push(Buffer.from('BEGIN "a'));
    parser.push(Buffer.from('bc'));
    assert.equal(parser.pendingBytes(), 10);
    assert.throws(() => parser.push(Buffer.from('d"')), (e: unknown) => e instanceof LineTooLongError && e.lineBytes === 12 && e.maxLineBytes === 10);
  });

  it('counts a pending line and the head of the next chunk together', () => {
    const parser = new StreamParser(new Recorder(), { maxLineBytes: 10 });
    parser.push(Buffer.from('SET "abc'));
    assert.throws(() => parser.push(Buffer.from('def" = 1\n')), LineTooLongError);
  });
});

describe('BEGIN, SET and END', () => {
  it('BEGIN with no, one and two numbers, quoted or not', () => {
    assert.deepEqual(parseLine('BEGIN "system.cpu"'), [{ kind: 'begin', chartId: 'system.cpu', usec: 0, t: 0 }]);
    assert.deepEqual(parseLine('BEGIN "system.cpu" 1000000'), [{ kind: 'begin', chartId: 'system.cpu', usec: 1000000, t: 0 }]);
    assert.deepEqual(parseLine('BEGIN "system.cpu" 999 1700000000'), [{ kind: 'begin', chartId: 'system.cpu', usec: 999, t: 1700000000 }]);
    assert.deepEqual(parseLine("BEGIN 'a b' 5 6 "), [{ kind: 'begin', chartId: 'a b', usec: 5, t: 6 }]);
    assert.deepEqual(parseLine('BEGIN system.cpu 12x'), [{ kind: 'begin', chartId: 'system.cpu', usec: 12, t: 0 }]);
    assert.deepEqual(parseLine('BEGIN "a\\"b" 1'), [{ kind: 'begin', chartId: 'a\\"b', usec: 1, t: 0 }]);
  });

  it('refuses BEGIN without a chart and SET without a dimension', () => {
    assert.deepEqual(parseLine('BEGIN'), [{ kind: 'bad', reason: 'BEGIN without a chart id', line: 'BEGIN' }]);
    assert.deepEqual(parseLine('BEGIN ""'), [{ kind: 'bad', reason: 'BEGIN without a chart id', line: 'BEGIN ""' }]);
    assert.deepEqual(parseLine('SET'), [{ kind: 'bad', reason: 'SET without a dimension', line: 'SET' }]);
    assert.deepEqual(parseLine('SET = 5'), [{ kind: 'set', dimId: '5', value: null }]); // '=' is a separator
    assert.deepEqual(parseLine('SET "" = 5'), [{ kind: 'bad', reason: 'SET without a dimension', line: 'SET "" = 5' }]);
  });

  const value = (line: string) => parseLine(line)[0];
  const set = (v: number | bigint | null, dimId = 'x') => ({ kind: 'set', dimId, value: v });

  it('keeps 64-bit values exact, numbers while safe, bigints beyond', () => {
    assert.deepEqual(value('SET "x" = 999999999999999'), set(999999999999999));
    assert.deepEqual(value('SET "x" = 1234567890123456'), set(1234567890123456));
    assert.deepEqual(value('SET "x" = 9007199254740991'), set(9007199254740991));
    assert.deepEqual(value('SET "x" = 9007199254740993'), set(9007199254740993n));
    assert.deepEqual(value('SET "x" = -9007199254740993'), set(-9007199254740993n));
    assert.deepEqual(value('SET "x" = 9223372036854775807'), set(9223372036854775807n));
    assert.deepEqual(parseLine('SET "x" = -9223372036854775808'), [set(-9223372036854775808n)]);
    assert.ok(Object.is((value('SET "x" = -0') as { value: number }).value, 0));
    // every length past the safe digits, both signs: the parser's fast path agrees with strtoll on the same text
    const next = random(7);
    for (let i = 0; i < 2000; i++) {
      let text = String(1 + (i % 9));
      for (let d = 16 + (i % 4); d > 1; d--) text += String(Math.floor(next() * 10));
      if (i % 2) text = `-${text}`;
      const c = strtoll(text);
      if (!c.overflow) assert.deepEqual(parseLine(`SET "x" = ${text}`), [set(c.value)], text);
    }
  });

  it('saturates out-of-range values as strtoll does, and reports them', () => {
    const events = parseLine('SET "x" = 9223372036854775808');
    assert.deepEqual(events[0], set(9223372036854775807n));
    assert.equal(events[1].kind, 'bad');
    assert.match((events[1] as { reason: string }).reason, /out of int64 range/);
    assert.deepEqual(parseLine('SET "x" = -99999999999999999999')[0], set(-9223372036854775808n));
    assert.equal(parseLine('SET "x" = -99999999999999999999').length, 2);
  });

  it('reads hex and octal as strtoll base 0 does', () => {
    assert.deepEqual(parseLine('SET "x" = 0x1F'), [set(31)]);
    assert.deepEqual(parseLine('SET "x" = -0x10'), [set(-16)]);
    assert.deepEqual(parseLine('SET "x" = 0x7fffffffffffffff'), [set(9223372036854775807n)]);
    assert.deepEqual(parseLine('SET "x" = 010'), [set(8)]);
    assert.deepEqual(parseLine('SET "x" = +7'), [set(7)]);
  });

  it('stores what strtoll makes of a non-integer value, and reports it', () => {
    for (const [text, v] of [['12.5', 12], ['12abc', 12], ['abc', 0], ['08', 0]] as const) {
      const events = parseLine(`SET "x" = ${text}`);
      assert.deepEqual(events[0], set(v), text);
      assert.equal(events.length, 2, text);
      assert.match((events[1] as { reason: string }).reason, /is not an integer/);
    }
  });

  it('gives null for an empty or missing value', () => {
    assert.deepEqual(parseLine('SET "x" = '), [set(null)]);
    assert.deepEqual(parseLine('SET "x" ='), [set(null)]);
    assert.deepEqual(parseLine('SET "x"'), [set(null)]);
    assert.deepEqual(parseLine('SET "x" = ""'), [set(null)]);
  });

  it('reads other spellings of SET the same way (quotes, no =, extra words)', () => {
    for (const line of ["SET 'x' = 5", 'SET x = 5', 'SET x 5', 'SET "x"=5', 'SET "x" = 5 extra', '  SET "x" = 5', 'SET "x" =  5']) {
      assert.deepEqual(parseLine(line), [set(5)], line);
    }
    assert.deepEqual(parseLine('SET "a b=c" = 1'), [set(1, 'a b=c')]);
    assert.deepEqual(parseLine('SET "a\\"b" = 1'), [set(1, 'a\\"b')]);
  });

  it('END with trailing words or spaces is still END', () => {
    assert.deepEqual(parseLine('END '), [{ kind: 'end' }]);
    assert.deepEqual(parseLine('END now'), [{ kind: 'end' }]);
    assert.deepEqual(parseLine('ENDX'), [{ kind: 'bad', reason: 'unknown command', line: 'ENDX' }]);
  });
});

describe('dimension order hint from BEGIN', () => {
  it('gives the right ids whether or not the SETs follow the expected order', () => {
    const ids = ['user', 'system', 'nice'];
    const order = { ids, bytes: ids.map((id) => Buffer.from(id)) };
    const got: Array<[string, unknown, number]> = [];
    const parser = new StreamParser(
      {
        begin: () => order,
        set: (id, v, expected) => {
          got.push([id, v, expected]);
        },
        end: () => {},
        meta: () => {},
        bad: (reason, line) => assert.fail(`${reason}: ${line}`),
      },
      { maxLineBytes: 1024 },
    );
    parser.push(Buffer.from('BEGIN "system.cpu" 1000000\nSET "user" = 1\nSET "nice" = 2\nSET "nice" = 3\nSET "steal" = 4\nEND\n'));
    // the index is given only where the line spells the id expected at that position (user at 0, nice at 2)
    assert.deepEqual(got.map(([id, v, k]) => `${id}=${v}@${k}`), ['user=1@0', 'nice=2@-1', 'nice=3@2', 'steal=4@-1']);
  });
});
