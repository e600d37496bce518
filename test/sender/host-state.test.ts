import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SimplePattern } from '../../src/config';
import { CAP } from '../../src/net/capabilities';
import { parseMetaCommand } from '../../src/protocol/commands';
import { splitWords } from '../../src/protocol/tokenizer';
import { ChartFilter } from '../../src/sender/chart-filter';
import { SENDER_CAPABILITIES } from '../../src/sender/handshake';
import { hostStateLines } from '../../src/sender/host-state';
import { HostFeed, testProjection } from './harness';

const GUID = '22222222-3333-4444-5555-666666666666';
const CLAIM = '33333333-4444-5555-6666-777777777777';
const NOW = 1700000000;

/** A host as a 1.37 child defines it: labels, a claim id, three charts (one renamed, one with labels and a variable). */
const DEFINITIONS = `CLAIMED_ID ${GUID} ${CLAIM}
LABEL "_os_name" = 1 "Debian GNU/Linux"
LABEL "room" = 2 "b12"
OVERWRITE labels
CHART "system.cpu" "" "Total CPU utilization" "percentage" "cpu" "system.cpu" "stacked" 100 1 "" "proc.plugin" "/proc/stat"
CLABEL "_collect_plugin" "proc.plugin" 1
CLABEL_COMMIT
DIMENSION "user" "user" "incremental" 1 1 ""
DIMENSION "system" "system" "incremental" 1 1 "hidden"
VARIABLE CHART cpu_limit = 2.5
CHART "apps.cpu" "" "Apps CPU" "percentage" "apps" "apps.cpu" "stacked" 200 1 "" "apps.plugin" ""
DIMENSION "ssh" "ssh" "incremental" 1 100 ""
CHART "disk_util.sda" "disk_util.root_disk" "Disk utilization" "% of time" "sda" "disk.util" "area" 300 2 "" "proc.plugin" "/proc/diskstats"
DIMENSION "utilization" "utilization" "absolute" 1 10 ""
CHART_DEFINITION_END 0 0 1700000000
VARIABLE HOST active_processors = 2
`;

function fed(): HostFeed {
  const feed = new HostFeed(testProjection(GUID), null);
  feed.push(DEFINITIONS);
  return feed;
}

const filter = (pattern: string, feed: HostFeed) => new ChartFilter(new SimplePattern(pattern), (id) => feed.projection.chart(id)?.name ?? id);
const cmd = (line: string) => {
  const words = splitWords(line);
  const r = parseMetaCommand(words[0], words, { chart: true, chartLabels: true });
  assert.ok(r.ok, line);
  return r.command;
};

describe('the host state a new upstream connection starts with', () => {
  it('has the labels, the claim id, every chart that goes (CHART, CLABELs, DIMENSIONs, VARIABLEs, CHART_DEFINITION_END) and the host variables', () => {
    const feed = fed();
    const f = filter('!apps.* *', feed);
    assert.equal(
      hostStateLines(feed.projection, SENDER_CAPABILITIES, f, NOW),
      `LABEL "_os_name" = 1 "Debian GNU/Linux"
LABEL "room" = 2 "b12"
OVERWRITE labels
CLAIMED_ID ${GUID} ${CLAIM}
CHART "system.cpu" "" "Total CPU utilization" "percentage" "cpu" "system.cpu" "stacked" 100 1 "" "proc.plugin" "/proc/stat"
CLABEL "_collect_plugin" "proc.plugin" 1
CLABEL_COMMIT
DIMENSION "user" "user" "incremental" 1 1 ""
DIMENSION "system" "system" "incremental" 1 1 "hidden"
VARIABLE CHART cpu_limit = 2.5000000
CHART_DEFINITION_END 0 0 1700000000
CHART "disk_util.sda" "root_disk" "Disk utilization" "% of time" "sda" "disk.util" "area" 300 2 "" "proc.plugin" "/proc/diskstats"
DIMENSION "utilization" "utilization" "absolute" 1 10 ""
CHART_DEFINITION_END 0 0 1700000000
VARIABLE HOST active_processors = 2.0000000
`,
    );
  });

  it('leaves out what the parent did not negotiate', () => {
    const feed = fed();
    const text = hostStateLines(feed.projection, (CAP.HLABELS | CAP.CLAIM) & SENDER_CAPABILITIES, filter('*', feed), NOW);
    assert.doesNotMatch(text, /CLABEL/);
    assert.match(text, /^LABEL /);
    const v1 = hostStateLines(feed.projection, 0, filter('*', feed), NOW);
    assert.doesNotMatch(v1, /LABEL|CLAIMED_ID|OVERWRITE/);
    assert.match(v1, /^CHART "system.cpu"/);
  });

  it('matches `send charts matching` on the id or on the name', () => {
    const feed = fed();
    const text = hostStateLines(feed.projection, SENDER_CAPABILITIES, filter('disk_util.root_*', feed), NOW);
    assert.deepEqual(text.split('\n').filter((l) => l.startsWith('CHART ')).map((l) => l.split(' ')[1]), ['"disk_util.sda"']);
  });

  it('ends with the chart still being defined, so the DIMENSIONs still to come land on it upstream', () => {
    const feed = fed();
    const f = filter('*', feed);
    f.passes(cmd('CHART "system.cpu" "" "Total CPU utilization" "percentage" "cpu" "system.cpu" "stacked" 100 1 "" "proc.plugin" "/proc/stat"'), SENDER_CAPABILITIES);
    const charts = hostStateLines(feed.projection, SENDER_CAPABILITIES, f, NOW).split('\n').filter((l) => l.startsWith('CHART ')).map((l) => l.split(' ')[1]);
    assert.deepEqual(charts, ['"apps.cpu"', '"disk_util.sda"', '"system.cpu"']);
  });
});

describe('which received lines go upstream', () => {
  it('the lines of a chart that goes, and nothing of one that does not', () => {
    const feed = fed();
    const f = filter('!apps.* *', feed);
    const goes = (line: string, caps = SENDER_CAPABILITIES) => f.passes(cmd(line), caps);
    assert.equal(goes('CHART "apps.mem" "" "Apps memory" "MiB" "apps" "apps.mem" "stacked" 201 1 "" "apps.plugin" ""'), false);
    assert.equal(goes('DIMENSION "ssh" "ssh" "absolute" 1 1 ""'), false);
    assert.equal(goes('CLABEL "a" "b" 1'), false);
    assert.equal(goes('VARIABLE CHART x = 1'), false);
    assert.equal(goes('VARIABLE HOST y = 1'), true);
    assert.equal(goes('CHART "system.load" "" "Load" "load" "load" "system.load" "line" 100 1 "" "proc.plugin" ""'), true);
    assert.equal(goes('DIMENSION "load1" "load1" "absolute" 1 1000 ""'), true);
    assert.equal(goes('CLABEL "a" "b" 1'), true);
    assert.equal(goes('CLABEL "a" "b" 1', CAP.HLABELS | CAP.CLAIM), false, 'a parent without CLABELS');
    assert.equal(goes('CLABEL_COMMIT'), true);
    assert.equal(goes('LABEL "a" = 1 "b"'), true);
    assert.equal(goes('LABEL "a" = 1 "b"', CAP.V1), false);
    assert.equal(goes(`CLAIMED_ID ${GUID} NULL`, CAP.V2 | CAP.HLABELS), false);
    assert.equal(goes('CHART_DEFINITION_END 1 2 3'), false, 'the parent negotiated no replication');
    assert.equal(goes('TIMESTAMP 1700000000'), false);
  });

  it('a block goes by its chart, and ends the chart definition it follows', () => {
    const feed = fed();
    const f = filter('!apps.* *', feed);
    assert.equal(f.sample('apps.cpu'), false);
    assert.equal(f.sample('disk_util.sda'), true);
    f.passes(cmd('CHART "system.load" "" "Load" "load" "load" "system.load" "line" 100 1 "" "proc.plugin" ""'), SENDER_CAPABILITIES);
    assert.equal(f.defining, 'system.load');
    f.sample('system.cpu');
    assert.equal(f.defining, null);
    assert.equal(f.passes(cmd('DIMENSION "load1" "load1" "absolute" 1 1000 ""'), SENDER_CAPABILITIES), false);
  });
});
