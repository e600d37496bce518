import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { SimplePattern } from '../../src/config';
import { parseDestinations } from '../../src/config/stream-destination';
import { PROMPT_VN } from '../../src/net/capabilities';
import { parseStreamRequest } from '../../src/net/stream-request';
import { HostProjection } from '../../src/projection/host-projection';
import { RamHostStorage } from '../../src/projection/ram/ram-storage';
import { StreamParser } from '../../src/protocol/stream-parser';
import type { MetaCommand } from '../../src/protocol/types';
import { SENDER_CAPABILITIES, senderRequest } from '../../src/sender/handshake';
import { HostSender } from '../../src/sender/host-sender';
import { replicationAnswer } from '../../src/sender/replication-answer';
import { CAPTURES } from '../helpers/captures';
import { waitFor } from '../helpers/wait';
import { HostFeed, recordingLogger, standInParent } from './harness';

const DEFINITIONS = `CHART "system.cpu" "" "Total CPU utilization" "percentage" "cpu" "system.cpu" "stacked" 100 1 "" "proc.plugin" "/proc/stat"
DIMENSION "user" "user" "incremental" 1 1 ""
DIMENSION "system" "system" "incremental" 1 1 ""
CHART "system.load" "" "System Load Average" "load" "load" "system.load" "line" 100 1 "" "proc.plugin" "/proc/loadavg"
DIMENSION "load1" "load1" "absolute" 1 1000 ""
`;

function ramProjection(): HostProjection {
  const identity = {
    hostname: 'nd-child-1', machineGuid: '22222222-3333-4444-5555-666666666666', os: 'linux', timezone: 'Etc/UTC',
    abbrevTimezone: 'UTC', utcOffset: 0, tags: '', programName: 'netdata', programVersion: 'v1.37.1', updateEvery: 1,
  };
  return new HostProjection({ identity, history: 3600, storage: new RamHostStorage() });
}

/**
 * system.cpu holds points at 1000..1005: 1003 is a gap (no dimension has a value), at 1004 only user has one.
 * system.load is defined and holds nothing.
 */
function knownPoints(): HostProjection {
  const feed = new HostFeed(ramProjection(), null);
  feed.push(DEFINITIONS);
  const points: Array<[number, number, number]> = [[1000, 1, 2], [1001, 1.5, 2.25], [1002, 10, 20], [1003, NaN, NaN], [1004, 7, NaN], [1005, 100, 0.5]];
  for (const [t, user, system] of points) assert.ok(feed.projection.replayPoint('system.cpu', t, ['user', 'system'], [user, system], 2));
  return feed.projection;
}

const fixedClock = (now: number) => () => now;

/** What the receiving side's parser makes of an answer: every command, and any line it refused. */
function parseAnswer(text: string): { cmds: MetaCommand[]; bad: string[] } {
  const cmds: MetaCommand[] = [];
  const bad: string[] = [];
  const parser = new StreamParser(
    { begin: () => void bad.push('BEGIN'), set: () => void bad.push('SET'), end: () => void bad.push('END'), meta: (c) => void cmds.push(c), bad: (r, l) => void bad.push(`${r}: ${l}`) },
    { maxLineBytes: 65536 },
  );
  parser.push(Buffer.from(`CHART "system.cpu" "" "t" "u" "f" "c" "line" 1 1 "" "" ""\n${text}`));
  return { cmds: cmds.slice(1), bad };
}

/** The answer's start when it covers (1000, 1002]: the chart's RBEGIN and its first two stored points. */
const FIRST_TWO_POINTS = `RBEGIN "system.cpu"
RBEGIN '' 1000 1001 2000
RSET "user" 1.5000000 ""
RSET "system" 2.2500000 ""
RBEGIN '' 1001 1002 2000
RSET "user" 10.0000000 ""
RSET "system" 20.0000000 ""
`;

describe('the answer to REPLAY_CHART (replicate_chart_response of 1.37.1)', () => {
  it('whole range with start streaming: the points after `after` up to the last one, the collection state, REND true', () => {
    const chart = knownPoints().chart('system.cpu')!;
    const a = replicationAnswer(chart, true, 999, 1005, fixedClock(2000));
    assert.equal(
      a.text,
      // the db's first entry bounds `after`, and the point ending there is not sent (replication starts at after + 1)
      `${FIRST_TWO_POINTS}RBEGIN '' 1003 1004 2000
RSET "user" 7.0000000 ""
RSET "system" NAN "E"
RBEGIN '' 1004 1005 2000
RSET "user" 100.0000000 ""
RSET "system" 0.5000000 ""
RDSTATE "user" 1005000000 0 0.0000000 100.0000000
RDSTATE "system" 1005000000 0 0.0000000 0.5000000
RSSTATE 1005000000 1005000000
REND 1 1000 1005 true 999 1005 2000
`,
    );
    assert.deepEqual([a.startStreaming, a.points], [true, 4]);
  });

  it('partial range without start streaming: only (after, before], no state, REND false', () => {
    const chart = knownPoints().chart('system.cpu')!;
    const a = replicationAnswer(chart, false, 1000, 1002, fixedClock(2000));
    assert.equal(
      a.text,
      `${FIRST_TWO_POINTS}REND 1 1000 1005 false 1000 1002 2000
`,
    );
    assert.deepEqual([a.startStreaming, a.points], [false, 2]);
  });

  it('start streaming false then true: the second step runs to the last point and starts streaming', () => {
    const chart = knownPoints().chart('system.cpu')!;
    const first = replicationAnswer(chart, false, 999, 1002, fixedClock(2000));
    assert.match(first.text, /\nREND 1 1000 1005 false 999 1002 2000\n$/);
    const second = replicationAnswer(chart, true, 1002, 1004, fixedClock(2000));
    assert.deepEqual([second.startStreaming, second.points], [true, 2]);
    assert.match(second.text, /^RBEGIN "system.cpu"\nRBEGIN '' 1003 1004 2000\n[^]*RBEGIN '' 1004 1005 2000\n[^]*\nREND 1 1000 1005 true 1002 1005 2000\n$/);
  });

  it('nothing stored: no points, and start streaming (the last entry is then the wall clock, as Netdata has it)', () => {
    const chart = knownPoints().chart('system.load')!;
    assert.equal(replicationAnswer(chart, true, 1000, 1005, fixedClock(2000)).text, 'RBEGIN "system.load"\nREND 1 0 2000 true 1000 2000 2000\n');
    assert.equal(replicationAnswer(chart, true, 0, 0, fixedClock(2000)).text, 'RBEGIN "system.load"\nREND 1 0 2000 true 0 0 2000\n');
  });

  it('a second passing while answering turns start streaming off, so the parent asks again', () => {
    const chart = knownPoints().chart('system.cpu')!;
    let now = 2000;
    const a = replicationAnswer(chart, true, 1004, 1005, () => now++);
    assert.equal(a.startStreaming, false);
    assert.match(a.text, /\nREND 1 1000 1005 false 1004 1005 2001\n$/);
    assert.doesNotMatch(a.text, /RDSTATE|RSSTATE/);
  });

  it('is read back by the receiving side\'s parser as the points it holds', () => {
    const chart = knownPoints().chart('system.cpu')!;
    const { cmds, bad } = parseAnswer(replicationAnswer(chart, true, 999, 1005, fixedClock(2000)).text);
    assert.deepEqual(bad, []);
    const points = cmds.filter((c) => c.cmd === 'RBEGIN' && c.chartId === '').map((c) => c.cmd === 'RBEGIN' && [c.startT, c.endT, c.childNow]);
    assert.deepEqual(points, [[1000, 1001, 2000], [1001, 1002, 2000], [1003, 1004, 2000], [1004, 1005, 2000]]);
    const sets = cmds.filter((c) => c.cmd === 'RSET').map((c) => c.cmd === 'RSET' && [c.dimId, c.empty ? 'E' : c.value]);
    assert.deepEqual(sets.slice(4, 6), [['user', 7], ['system', 'E']]);
    const end = cmds.at(-1)!;
    assert.deepEqual(end, { cmd: 'REND', updateEvery: 1, firstT: 1000, lastT: 1005, startStreaming: true, after: 999, before: 1005, childNow: 2000 });
    assert.ok(cmds.some((c) => c.cmd === 'RDSTATE' && c.dimId === 'user' && c.lastStored === 100));
  });
});

describe('a sender with a parent that negotiated REPLICATION', () => {
  const REQUEST = senderRequest('11111111-2222-3333-4444-555555555555', parseStreamRequest(fs.readFileSync(path.join(CAPTURES, 'request-1.37.1.txt'), 'utf8')), 1);

  async function setup(t: TestContext, replicatingFromBelow?: (chartId: string) => boolean) {
    const parent = await standInParent({ reply: `${PROMPT_VN}${SENDER_CAPABILITIES}` });
    t.after(() => parent.close());
    const { logger, lines } = recordingLogger();
    const feed = new HostFeed(ramProjection(), null);
    feed.push(DEFINITIONS);
    let usec = 0;
    const block = (v: number) => feed.push(`BEGIN "system.cpu" ${(usec = usec ? 1_000_000 : 0)}\nSET "user" = ${v}\nSET "system" = ${v * 2}\nEND\n`);
    block(100);
    const sender = new HostSender({
      hostname: 'nd-child-1', projection: feed.projection, request: REQUEST, destinations: parseDestinations(`127.0.0.1:${parent.port}`, 19999),
      destinationText: `127.0.0.1:${parent.port}`, sendChartsMatching: new SimplePattern('*'), timeoutSeconds: 60, bufferSizeBytes: 1 << 20,
      reconnectDelaySeconds: 1, tls: { skipVerification: false, ca: undefined }, replicatingFromBelow,
    }, logger);
    feed.upstream = sender;
    t.after(() => sender.stop());
    sender.start();
    const c = await waitFor(() => (parent.connections[0]?.stream().includes('CHART_DEFINITION_END') ? parent.connections[0] : null), 5000);
    return { feed, sender, c, block, lines };
  }

  it('offers REPLICATION, ends every chart definition with CHART_DEFINITION_END, answers REPLAY_CHART split across reads', async (t) => {
    const { sender, c, lines } = await setup(t);
    assert.match(c.text, /&ver=5056&/);
    const stream = c.stream();
    assert.match(stream, /DIMENSION "system" [^\n]*\nCHART_DEFINITION_END \d+ \d+ \d+\nCHART "system.load"/);
    assert.match(stream, /DIMENSION "load1" [^\n]*\nCHART_DEFINITION_END 0 0 \d+\n/);
    c.socket.write('REPLAY_CHART "system.lo');
    await new Promise((r) => setTimeout(r, 50));
    c.socket.write('ad" "true" 0 0\nREPLAY_CHART "no.such" "true" 0 0\n');
    await waitFor(() => /RBEGIN "system.load"\nREND 1 0 \d+ true 0 0 \d+\n/.test(c.stream()), 5000);
    await waitFor(() => lines.some((l) => /requested a REPLAY_CHART on chart 'no.such', which does not exist/.test(l)), 5000);
    assert.equal(sender.status().replication_answers, 1);
  });

  it('holds a chart\'s live blocks until its REPLAY_CHART, covered by the answer, then streams each block once', async (t) => {
    const { c, block } = await setup(t);
    block(200);
    block(300);
    await new Promise((r) => setTimeout(r, 100));
    assert.doesNotMatch(c.stream(), /(^|\n)BEGIN "system.cpu"/, 'no live block before REPLAY_CHART');
    c.socket.write('REPLAY_CHART "system.cpu" "true" 0 0\n');
    // the answer carries the collection state of the blocks held (the last one's values), so they are not sent
    await waitFor(() => /RDSTATE "user" \d+ 300 [^\n]*\nRDSTATE "system" \d+ 600 [^\n]*\nRSSTATE \d+ \d+\nREND 1 /.test(c.stream()), 5000);
    block(400);
    block(500);
    await waitFor(() => c.stream().includes('SET "user" = 500'), 5000);
    const stream = c.stream();
    assert.equal(stream.match(/\nBEGIN "system.cpu"/g)?.length, 2);
    assert.ok(stream.indexOf('REND') < stream.indexOf('\nBEGIN "system.cpu"'));
    assert.doesNotMatch(stream, /SET "user" = (200|300)\n/);
  });

  it('keeps an answer out of a chart definition being sent: RBEGIN/REND would leave the parent without its current chart', async (t) => {
    const { feed, c } = await setup(t);
    // a chart is being defined (its CHART went out, its DIMENSIONs are still to come) when the parent asks for another
    feed.push('CHART "app.new" "" "t" "u" "f" "app.new" "line" 1 1 "" "" ""\n');
    await waitFor(() => c.stream().includes('CHART "app.new"'), 5000);
    c.socket.write('REPLAY_CHART "system.load" "true" 0 0\n');
    await new Promise((r) => setTimeout(r, 200));
    feed.push('DIMENSION "a" "a" "absolute" 1 1 ""\n');
    feed.push('BEGIN "system.cpu" 1000000\nSET "user" = 1\nSET "system" = 2\nEND\n');
    await waitFor(() => c.stream().includes('RBEGIN "system.load"'), 5000);
    const s = c.stream();
    assert.match(s.slice(s.indexOf('CHART "app.new"')), /^CHART "app.new"[^\n]*\nDIMENSION "a" [^\n]*\nCHART_DEFINITION_END \d+ \d+ \d+\nRBEGIN "system.load"\n/);
  });

  it('an answer that waited for a definition to end covers the block that ended it: that block is not sent again', async (t) => {
    const { feed, c } = await setup(t);
    feed.push('CHART "app.new" "" "t" "u" "f" "app.new" "line" 1 1 "" "" ""\n');
    await waitFor(() => c.stream().includes('CHART "app.new"'), 5000);
    c.socket.write('REPLAY_CHART "system.cpu" "true" 0 0\n');
    await new Promise((r) => setTimeout(r, 200));
    // the block ends the definition and is in the projection when the answer is built: the answer carries it
    feed.push('BEGIN "system.cpu" 1000000\nSET "user" = 7\nSET "system" = 14\nEND\n');
    await waitFor(() => /RDSTATE "user" \d+ 7 /.test(c.stream()), 5000);
    feed.push('BEGIN "system.cpu" 1000000\nSET "user" = 8\nSET "system" = 16\nEND\n');
    await waitFor(() => c.stream().includes('SET "user" = 8'), 5000);
    // sent live after the answer, it would give the parent a second sample equal to the last one: a zero delta
    assert.doesNotMatch(c.stream(), /SET "user" = 7\n/);
  });

  it('answers a REPLAY_CHART only once its chart is no longer replicated from the proxy\'s own child, with the points that came meanwhile', async (t) => {
    const below = new Set(['system.load']);
    const { feed, c } = await setup(t, (id) => below.has(id));
    const now = Math.floor(Date.now() / 1000);
    c.socket.write(`REPLAY_CHART "system.load" "true" ${now - 10} ${now}\nREPLAY_CHART "system.cpu" "true" 0 0\n`);
    await waitFor(() => c.stream().includes('RBEGIN "system.cpu"'), 5000);
    await new Promise((r) => setTimeout(r, 300));
    assert.doesNotMatch(c.stream(), /RBEGIN "system.load"/, 'answered while the child still replicates the chart');
    // the child's replicated points arrive (the first one bounds the answer, which starts after it), then its
    // replication of the chart ends
    assert.ok(feed.projection.replayPoint('system.load', now - 5, ['load1'], [4], 1));
    assert.ok(feed.projection.replayPoint('system.load', now - 4, ['load1'], [5], 1));
    below.delete('system.load');
    const point = new RegExp(`RBEGIN "system.load"\nRBEGIN '' ${now - 5} ${now - 4} \\d+\nRSET "load1" 5\\.0+ ""\n`);
    await waitFor(() => point.test(c.stream()), 5000);
  });
});
