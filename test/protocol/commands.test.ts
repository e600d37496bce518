import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChartDef, DimDef } from '../../src/model/types';
import type { MetaCommand } from '../../src/protocol/types';
import { type Event, parse } from './recorder';

/** The events of `lines`, one per line. */
function run(...lines: string[]): Event[] {
  return parse([lines.join('\n') + '\n']).events;
}

/** The commands and refusals of the last line of `lines`. */
function last(...lines: string[]): Event {
  const events = run(...lines);
  return events[events.length - 1];
}

function metaOf(e: Event): MetaCommand {
  assert.equal(e.kind, 'meta', `expected a command, got ${JSON.stringify(e)}`);
  return (e as Extract<Event, { kind: 'meta' }>).command;
}

function chartOf(line: string): ChartDef {
  const c = metaOf(last(line));
  assert.equal(c.cmd, 'CHART');
  return (c as Extract<MetaCommand, { cmd: 'CHART' }>).chart;
}

function dimOf(line: string): DimDef {
  const c = metaOf(last('CHART a.b', line));
  assert.equal(c.cmd, 'DIMENSION');
  return (c as Extract<MetaCommand, { cmd: 'DIMENSION' }>).dim;
}

function refusal(e: Event): string {
  assert.equal(e.kind, 'bad', `expected a refusal, got ${JSON.stringify(e)}`);
  return (e as Extract<Event, { kind: 'bad' }>).reason;
}

describe('CHART', () => {
  it('reads every field of a real child line', () => {
    const line = 'CHART "net_operstate.ifb0" "" "Interface Operational State" "state" "ifb0" "net.operstate" "line" 7009 1 " detail  " "proc.plugin" "/proc/net/dev"';
    const e = last(line);
    assert.equal(e.kind === 'meta' && e.line, line);
    assert.deepEqual(chartOf(line), {
      id: 'net_operstate.ifb0',
      name: '',
      title: 'Interface Operational State',
      units: 'state',
      family: 'ifb0',
      context: 'net.operstate',
      chartType: 'line',
      priority: 7009,
      updateEvery: 1,
      options: ' detail  ',
      plugin: 'proc.plugin',
      module: '/proc/net/dev',
    });
  });

  it("applies Netdata's defaults to missing words", () => {
    assert.deepEqual(chartOf('CHART system.cpu'), {
      id: 'system.cpu',
      name: '',
      title: '',
      units: 'unknown',
      family: 'system',
      context: 'system.cpu',
      chartType: 'line',
      priority: 1000,
      updateEvery: 0,
      options: '',
      plugin: '',
      module: '',
    });
  });

  it('treats empty family, context, priority and update every as missing, but keeps empty units', () => {
    const c = chartOf('CHART system.cpu "" "t" "" "" "" "" "" ""');
    assert.equal(c.units, '');
    assert.equal(c.family, 'system');
    assert.equal(c.context, 'system.cpu');
    assert.equal(c.chartType, 'line');
    assert.equal(c.priority, 1000);
    assert.equal(c.updateEvery, 0);
  });

  it('normalises the name as Netdata does', () => {
    assert.equal(chartOf('CHART system.cpu "system.cpu"').name, '');
    assert.equal(chartOf('CHART system.cpu "cpu"').name, '');
    assert.equal(chartOf('CHART system.cpu NULL').name, '');
    assert.equal(chartOf('CHART system.cpu "(null)"').name, '');
    assert.equal(chartOf('CHART system.cpu "system.total"').name, 'system.total');
    assert.equal(chartOf('CHART system.cpu "total"').name, 'system.total');
    assert.equal(chartOf('CHART system.cpu "disk.total"').name, 'system.disk.total');
  });

  it('reads chart types, falling back to line', () => {
    assert.equal(chartOf('CHART a.b "" "" "" "" "" area').chartType, 'area');
    assert.equal(chartOf('CHART a.b "" "" "" "" "" stacked').chartType, 'stacked');
    assert.equal(chartOf('CHART a.b "" "" "" "" "" Stacked').chartType, 'line');
    assert.equal(chartOf('CHART a.b "" "" "" "" "" heatmap').chartType, 'line');
  });

  it('reads priority and update every as str2i does', () => {
    const c = chartOf('CHART a.b "" "" "" "" "" line -5 3x');
    assert.equal(c.priority, -5);
    assert.equal(c.updateEvery, 3);
    assert.equal(chartOf('CHART a.b "" "" "" "" "" line abc').priority, 0);
  });

  it('refuses an id without type and id parts', () => {
    for (const line of ['CHART', 'CHART cpu', 'CHART .cpu', 'CHART system.', 'CHART ""']) {
      assert.equal(refusal(last(line)), 'CHART without a type.id', line);
    }
  });
});

describe('DIMENSION', () => {
  it('reads every field of a real child line', () => {
    assert.deepEqual(dimOf('DIMENSION "received" "received" "incremental" -8 1000 "hidden noreset"'), {
      id: 'received',
      name: 'received',
      algorithm: 'incremental',
      multiplier: -8,
      divisor: 1000,
      options: 'hidden noreset',
    });
  });

  it("applies Netdata's defaults", () => {
    assert.deepEqual(dimOf('DIMENSION user'), { id: 'user', name: 'user', algorithm: 'absolute', multiplier: 1, divisor: 1, options: '' });
    assert.equal(dimOf('DIMENSION user ""').name, 'user');
  });

  it('reads the four algorithms and falls back to absolute', () => {
    for (const a of ['absolute', 'incremental', 'percentage-of-absolute-row', 'percentage-of-incremental-row']) {
      assert.equal(dimOf(`DIMENSION x x ${a}`).algorithm, a);
    }
    assert.equal(dimOf('DIMENSION x x derivative').algorithm, 'absolute');
    assert.equal(dimOf('DIMENSION x x ""').algorithm, 'absolute');
  });

  it('turns a zero multiplier or divisor into 1 and reads them with strtol base 0', () => {
    const zero = dimOf('DIMENSION x x absolute 0 0');
    assert.equal(zero.multiplier, 1);
    assert.equal(zero.divisor, 1);
    const based = dimOf('DIMENSION x x absolute 0x10 010');
    assert.equal(based.multiplier, 16);
    assert.equal(based.divisor, 8);
    assert.equal(dimOf('DIMENSION x x absolute abc').multiplier, 1);
  });

  it('refuses a missing id and a dimension without a chart', () => {
    assert.equal(refusal(last('CHART a.b', 'DIMENSION')), 'DIMENSION without an id');
    assert.equal(refusal(last('DIMENSION x')), 'DIMENSION without a CHART');
    assert.equal(refusal(last('CHART a.b', 'END', 'DIMENSION x')), 'DIMENSION without a CHART');
    assert.equal(metaOf(last('BEGIN a.b', 'DIMENSION x')).cmd, 'DIMENSION');
  });
});

describe('labels', () => {
  it('CLABEL and CLABEL_COMMIT as a child sends them', () => {
    const events = run('CHART a.b', 'CLABEL "_collect_plugin" "proc.plugin" 536870913', 'CLABEL "device" "" 1', 'CLABEL_COMMIT');
    assert.deepEqual(events.slice(1).map(metaOf), [
      { cmd: 'CLABEL', name: '_collect_plugin', value: 'proc.plugin', source: 536870913 },
      { cmd: 'CLABEL', name: 'device', value: '', source: 1 },
      { cmd: 'CLABEL_COMMIT' },
    ]);
  });

  it('refuses malformed chart labels and commits without labels or chart', () => {
    assert.equal(refusal(last('CHART a.b', 'CLABEL "a" "b"')), 'malformed CLABEL');
    assert.equal(refusal(last('CHART a.b', 'CLABEL "a" "b" ""')), 'malformed CLABEL');
    assert.equal(refusal(last('CLABEL "a" "b" 1')), 'CLABEL without a CHART or BEGIN');
    assert.equal(refusal(last('CHART a.b', 'CLABEL_COMMIT')), 'CLABEL_COMMIT without a CLABEL');
    assert.equal(refusal(last('CLABEL_COMMIT')), 'CLABEL_COMMIT without a CHART or BEGIN');
    assert.equal(refusal(last('CHART a.b', 'CLABEL a b 1', 'CLABEL_COMMIT', 'CLABEL_COMMIT')), 'CLABEL_COMMIT without a CLABEL');
  });

  it('LABEL name = source value, joining the words of an unquoted value', () => {
    assert.deepEqual(metaOf(last('LABEL "_os_name" = 1 "Debian GNU/Linux"')), { cmd: 'LABEL', name: '_os_name', value: 'Debian GNU/Linux', source: 1 });
    assert.deepEqual(metaOf(last('LABEL greeting = 2 hello  big world')), { cmd: 'LABEL', name: 'greeting', value: 'hello big world', source: 2 });
    assert.deepEqual(metaOf(last('LABEL "e" = 1 ""')), { cmd: 'LABEL', name: 'e', value: '', source: 1 });
    assert.equal(refusal(last('LABEL "a" = 1')), 'malformed LABEL');
  });

  it('OVERWRITE', () => {
    assert.deepEqual(metaOf(last('OVERWRITE labels')), { cmd: 'OVERWRITE', what: 'labels' });
    assert.deepEqual(metaOf(last('OVERWRITE')), { cmd: 'OVERWRITE', what: '' });
  });
});

describe('VARIABLE', () => {
  it('reads an explicit scope', () => {
    assert.deepEqual(metaOf(last('VARIABLE HOST active_processors = 2.0000000')), { cmd: 'VARIABLE', scope: 'HOST', name: 'active_processors', value: 2 });
    assert.deepEqual(metaOf(last('VARIABLE GLOBAL x = -1.5')), { cmd: 'VARIABLE', scope: 'HOST', name: 'x', value: -1.5 });
    assert.deepEqual(metaOf(last('CHART a.b', 'VARIABLE CHART pidmax = 32768.0000000')), { cmd: 'VARIABLE', scope: 'CHART', name: 'pidmax', value: 32768 });
    assert.deepEqual(metaOf(last('BEGIN a.b', 'VARIABLE LOCAL x = 1e3')), { cmd: 'VARIABLE', scope: 'CHART', name: 'x', value: 1000 });
  });

  it('defaults to the current chart, else the host', () => {
    const scopeAfter = (...lines: string[]) => (metaOf(last(...lines, 'VARIABLE v = 1')) as { scope: string }).scope;
    assert.equal(scopeAfter(), 'HOST');
    assert.equal(scopeAfter('CHART a.b'), 'CHART');
    assert.equal(scopeAfter('CHART a.b', 'DIMENSION x'), 'CHART');
    assert.equal(scopeAfter('BEGIN a.b'), 'CHART');
    assert.equal(scopeAfter('BEGIN a.b', 'END'), 'HOST');
    assert.equal(scopeAfter('CHART a.b', 'FLUSH'), 'HOST');
  });

  it('refuses a missing name, an empty value and a chart variable without a chart', () => {
    assert.equal(refusal(last('VARIABLE')), 'VARIABLE without a name');
    assert.equal(refusal(last('VARIABLE HOST x =')), 'VARIABLE x with an empty value');
    assert.equal(refusal(last('VARIABLE CHART x = 1')), 'CHART VARIABLE x without a chart');
  });

  it('uses the numeric prefix of a value with leftovers, as str2ndd does', () => {
    assert.equal((metaOf(last('VARIABLE HOST x = 12abc')) as { value: number }).value, 12);
  });
});

describe('other commands', () => {
  it('CLAIMED_ID', () => {
    assert.deepEqual(metaOf(last('CLAIMED_ID 22222222-3333-4444-5555-666666666666 NULL')), {
      cmd: 'CLAIMED_ID',
      machineGuid: '22222222-3333-4444-5555-666666666666',
      claimId: null,
    });
    assert.deepEqual(metaOf(last('CLAIMED_ID 22222222-3333-4444-5555-666666666666 ABCDEF01-3333-4444-5555-666666666666')), {
      cmd: 'CLAIMED_ID',
      machineGuid: '22222222-3333-4444-5555-666666666666',
      claimId: 'ABCDEF01-3333-4444-5555-666666666666',
    });
    assert.equal(refusal(last('CLAIMED_ID 22222222-3333-4444-5555-666666666666')), 'malformed CLAIMED_ID');
    assert.equal(refusal(last('CLAIMED_ID nope NULL')), 'CLAIMED_ID machine GUID is not a UUID');
    assert.equal(refusal(last('CLAIMED_ID 22222222-3333-4444-5555-666666666666 null')), 'CLAIMED_ID claim id is not a UUID');
  });

  it('CHART_DEFINITION_END', () => {
    assert.deepEqual(metaOf(last('CHART a.b', 'CHART_DEFINITION_END 1795359411 1795359435 1795359436')), {
      cmd: 'CHART_DEFINITION_END',
      firstT: 1795359411,
      lastT: 1795359435,
      childNow: 1795359436,
    });
    assert.deepEqual(metaOf(last('CHART a.b', 'CHART_DEFINITION_END 0 0')), { cmd: 'CHART_DEFINITION_END', firstT: 0, lastT: 0, childNow: 0 });
    assert.equal(refusal(last('CHART_DEFINITION_END 1 2 3')), 'CHART_DEFINITION_END without a CHART');
  });

  it('TIMESTAMP, FLUSH, DISABLE', () => {
    assert.deepEqual(metaOf(last('TIMESTAMP 1700000000')), { cmd: 'TIMESTAMP', t: 1700000000 });
    assert.equal(refusal(last('TIMESTAMP')), 'TIMESTAMP without a time');
    assert.deepEqual(metaOf(last('FLUSH')), { cmd: 'FLUSH' });
    assert.deepEqual(metaOf(last('DISABLE')), { cmd: 'DISABLE' });
  });

  it('reports unknown and unsupported commands, and quoted keywords are unknown', () => {
    assert.deepEqual(last('HELLO world'), { kind: 'bad', reason: 'unknown command', line: 'HELLO world' });
    assert.equal(refusal(last('"SET" "x" = 1')), 'unknown command');
    assert.equal(refusal(last('set "x" = 1')), 'unknown command');
    assert.equal(refusal(last('FUNCTION x 10 "y"')), 'unsupported command');
  });

  it('replication lines: RBEGIN, RSET with flags, RDSTATE, RSSTATE, REND', () => {
    assert.deepEqual(metaOf(last('RBEGIN "system.cpu"')), { cmd: 'RBEGIN', chartId: 'system.cpu', startT: 0, endT: 0, childNow: 0 });
    assert.deepEqual(metaOf(last("RBEGIN '' 10 11 12")), { cmd: 'RBEGIN', chartId: '', startT: 10, endT: 11, childNow: 12 });
    assert.equal(refusal(last("RBEGIN '' 12 11 12")), 'RBEGIN with invalid timings (12 to 11)');
    assert.equal(refusal(last('RBEGIN')), 'RBEGIN without a chart id');
    assert.deepEqual(metaOf(last('RSET "user" 2.5000000 ""')), { cmd: 'RSET', dimId: 'user', value: 2.5, reset: false, empty: false });
    assert.deepEqual(metaOf(last('RSET "user" 7.0000000 "R"')), { cmd: 'RSET', dimId: 'user', value: 7, reset: true, empty: false });
    const emptySlot = metaOf(last('RSET "user" nan "E"'));
    assert.ok(emptySlot.cmd === 'RSET' && emptySlot.empty && Number.isNaN(emptySlot.value));
    assert.equal(refusal(last('RSET')), 'RSET without a dimension');
    assert.deepEqual(metaOf(last('RDSTATE "idle" 1795359436331196 1106230 99.5000000 99.5000000')), {
      cmd: 'RDSTATE', dimId: 'idle', lastCollectedUs: 1795359436331196, lastCollected: 1106230, lastCalculated: 99.5, lastStored: 99.5,
    });
    const huge = last('RDSTATE "c" 1 9223372036854775807 0 0');
    assert.ok(huge.kind === 'meta' && huge.command.cmd === 'RDSTATE' && huge.command.lastCollected === 9223372036854775807n);
    assert.deepEqual(metaOf(last('RSSTATE 1795359436331199 1795359436000000')), { cmd: 'RSSTATE', lastCollectedUs: 1795359436331199, lastUpdatedUs: 1795359436000000 });
    assert.deepEqual(metaOf(last('REND 1 100 200 false 150 160 201')), {
      cmd: 'REND', updateEvery: 1, firstT: 100, lastT: 200, startStreaming: false, after: 150, before: 160, childNow: 201,
    });
    assert.equal(refusal(last('REND 1 2 3')), 'malformed REND');
  });

  it('ignores blank lines but counts them', () => {
    const { events, parser } = parse(['\n  \n=\n\r\n\t\nEND\n']);
    assert.deepEqual(events, [{ kind: 'end' }]);
    assert.equal(parser.linesParsed, 6);
  });
});
