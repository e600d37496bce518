import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BatchFormatter, ExportHost, ExportMetric } from '../../src/exporting/formats/batch-formatter';
import { graphiteFormat } from '../../src/exporting/formats/graphite';
import { jsonFormat } from '../../src/exporting/formats/json';
import { opentsdbHttpFormat, opentsdbTelnetFormat } from '../../src/exporting/formats/opentsdb';
import { exportingName, jsonLabelValue, opentsdbLabelValue } from '../../src/exporting/formats/sanitize';
import { TextBatch, type TextFormat } from '../../src/exporting/formats/text-batch';

const host: ExportHost = { hostname: 'test-host', tags: 'TAG1=VALUE1 TAG2=VALUE2', labels: [], programName: 'netdata', programVersion: 'v1.37.1' };
const labelled: ExportHost = { hostname: 'myhost', tags: '', labels: [['key1', 'value1'], ['key2', 'value 2;~']], programName: 'netdata', programVersion: 'v1.37.1' };

function metric(o: Partial<ExportMetric>): ExportMetric {
  return {
    chartId: 'chart_id', chartName: 'chart_name', family: 'test_family', context: 'test_context', chartType: 'chart_id', units: 'test_units',
    dimId: 'dimension_id', dimName: 'dimension_name', chart: 'chart_name', dim: 'dimension_name', module: '', counter: false,
    value: 123000321, collected: true, timestampMs: 15051_000, ...o,
  };
}
const stored = (o: Partial<ExportMetric> = {}) => metric({ value: 690565856, collected: false, timestampMs: 15052_000, ...o });

function batch(format: TextFormat, h: ExportHost, ms: ExportMetric[]): string {
  const b: BatchFormatter = new TextBatch(format);
  b.startHost(h, 0);
  for (const m of ms) b.metric(h, m);
  const out = b.finish();
  assert.equal(out.metrics, ms.length);
  return out.body.toString('utf8');
}

// expected strings of Netdata's own exporting tests (exporting/tests/test_exporting_engine.c, ~1.37)
describe('exporting text formats, byte for byte as Netdata writes them', () => {
  it('graphite: prefix.host.chart.dim, host tags after ";", the value as collected (%lld) or stored (%0.7Lf), seconds', () => {
    assert.equal(batch(graphiteFormat('netdata'), host, [metric({})]), 'netdata.test-host.chart_name.dimension_name;TAG1=VALUE1 TAG2=VALUE2 123000321 15051\n');
    assert.equal(batch(graphiteFormat('netdata'), labelled, [stored({ chart: 'system.cpu', dim: 'user', value: 2.5125628 })]), 'netdata.myhost.system.cpu.user;key1=value1;key2=value_2__ 2.5125628 15052\n');
  });

  it('opentsdb telnet: put prefix.chart.dim seconds value host=H tags labels', () => {
    assert.equal(batch(opentsdbTelnetFormat('netdata'), host, [stored()]), 'put netdata.chart_name.dimension_name 15052 690565856.0000000 host=test-host TAG1=VALUE1 TAG2=VALUE2\n');
    assert.equal(batch(opentsdbTelnetFormat('netdata'), labelled, [metric({ value: 2n ** 63n - 1n })]), 'put netdata.chart_name.dimension_name 15051 9223372036854775807 host=myhost key1=value1 key2=value_2__\n');
  });

  it('opentsdb http: one JSON array per batch, host tags inside "host", labels as tags', () => {
    assert.equal(
      batch(opentsdbHttpFormat('netdata'), labelled, [stored({ value: 1.5 }), stored({ dim: 'd2', value: -0.25 })]),
      '[\n{"metric":"netdata.chart_name.dimension_name","timestamp":15052,"value":1.5000000,"tags":{"host":"myhost","key1":"value1","key2":"value_2__"}},\n' +
        '{"metric":"netdata.chart_name.d2","timestamp":15052,"value":-0.2500000,"tags":{"host":"myhost","key1":"value1","key2":"value_2__"}}\n]\n',
    );
    assert.equal(batch(opentsdbHttpFormat('netdata'), host, [metric({})]), '[\n{"metric":"netdata.chart_name.dimension_name","timestamp":15051,"value":123000321,"tags":{"host":"test-host TAG1=VALUE1 TAG2=VALUE2"}}\n]\n');
  });

  it('json: every name, a space after three colons only for stored values; plaintext lines, http an array', () => {
    const h = { ...labelled, tags: 'TAG1=VALUE1' };
    assert.equal(
      batch(jsonFormat('netdata', false), h, [metric({})]),
      '{"prefix":"netdata","hostname":"myhost","host_tags":"TAG1=VALUE1","labels":{"key1":"value1","key2":"value 2;~"},"chart_id":"chart_id","chart_name":"chart_name",' +
        '"chart_family":"test_family","chart_context":"test_context","chart_type":"chart_id","units":"test_units","id":"dimension_id","name":"dimension_name",' +
        '"value":123000321,"timestamp":15051}\n',
    );
    const object =
      '{"prefix":"netdata","hostname":"test-host","host_tags":"TAG1=VALUE1 TAG2=VALUE2","chart_id":"chart_id","chart_name":"chart_name","chart_family":"test_family",' +
      '"chart_context": "test_context","chart_type":"chart_id","units": "test_units","id":"dimension_id","name":"dimension_name","value":690565856.0000000,"timestamp": 15052}';
    assert.equal(batch(jsonFormat('netdata', true), host, [stored(), stored()]), `[\n${object},\n${object}\n]\n`);
    assert.match(batch(jsonFormat('netdata', false), { ...host, tags: '{"a":1}' }, [metric({})]), /"host_tags":\{"a":1\},"chart_id"/);
  });

  it('sanitizes names and label values as Netdata does, byte by byte', () => {
    assert.equal(exportingName('test.name-with/special#characters_'), 'test.name_with_special_characters_');
    assert.equal(exportingName('x'.repeat(250)).length, 200);
    assert.equal(exportingName('é'), '__');
    assert.equal(opentsdbLabelValue('check \t\\" #&$? -_./ string'), 'check__________-_./_string');
    assert.equal(opentsdbLabelValue('é'), 'é');
    assert.equal(jsonLabelValue('a"b\\c\nd é'), 'a\\"b\\\\c_d __');
  });

  it('a batch starts empty again after finish()', () => {
    const b: BatchFormatter = new TextBatch(graphiteFormat('p'));
    b.startHost(host, 0);
    b.metric(host, metric({}));
    b.finish();
    assert.deepEqual(b.finish(), { body: Buffer.alloc(0), metrics: 0 });
  });
});
