import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { uncompressSync } from 'snappy';
import type { DataSource, ExportHost, ExportMetric } from '../../src/exporting/formats/batch-formatter';
import {
  REMOTE_WRITE_HEADERS,
  RemoteWriteFormatter,
  type RemoteWriteHost,
  type RemoteWriteMetric,
} from '../../src/exporting/formats/remote-write';
import { decodeWriteRequest, encodeWriteRequest, type RemoteWriteSeries } from '../../src/exporting/formats/remote-write-proto';

// ---------------------------------------------------------------------------------------------------------------
// An independent protobuf wire reader (varint, fixed64, length-delimited, fixed32), so the bodies are not only
// checked by round-tripping through protobufjs.

interface WireField {
  field: number;
  wire: number;
  varint?: bigint;
  fixed64?: Buffer;
  bytes?: Buffer;
}

function readVarint(buf: Buffer, pos: number): { value: bigint; pos: number } {
  let value = 0n;
  for (let shift = 0n; ; shift += 7n) {
    assert.ok(pos < buf.length, 'truncated varint');
    assert.ok(shift < 70n, 'varint longer than 10 bytes');
    const b = buf[pos++];
    value |= BigInt(b & 0x7f) << shift;
    if (!(b & 0x80)) return { value, pos };
  }
}

function readFields(buf: Buffer): WireField[] {
  const out: WireField[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const key = readVarint(buf, pos);
    pos = key.pos;
    const field = Number(key.value >> 3n);
    const wire = Number(key.value & 7n);
    if (wire === 0) {
      const v = readVarint(buf, pos);
      pos = v.pos;
      out.push({ field, wire, varint: v.value });
    } else if (wire === 1) {
      assert.ok(pos + 8 <= buf.length, 'truncated fixed64');
      out.push({ field, wire, fixed64: buf.subarray(pos, pos + 8) });
      pos += 8;
    } else if (wire === 2) {
      const len = readVarint(buf, pos);
      pos = len.pos;
      assert.ok(pos + Number(len.value) <= buf.length, 'truncated length-delimited field');
      out.push({ field, wire, bytes: buf.subarray(pos, pos + Number(len.value)) });
      pos += Number(len.value);
    } else if (wire === 5) {
      pos += 4;
      out.push({ field, wire });
    } else {
      assert.fail(`unexpected wire type ${wire}`);
    }
  }
  assert.equal(pos, buf.length);
  return out;
}

/** Each scalar field at most once, and fields written in field-number order (as protobuf serializers do). */
function assertScalarOrder(fields: WireField[]): void {
  const nums = fields.map((f) => f.field);
  assert.deepEqual(nums, [...new Set(nums)].sort((a, b) => a - b));
}

interface RawSample {
  value: number;
  /** The IEEE-754 bits of the double, or null when field 1 is absent (proto3 default +0). */
  bits: bigint | null;
  timestampMs: number;
}

/** WriteRequest{1: TimeSeries{1: Label{1: name, 2: value}, 2: Sample{1: double, 2: int64}}} */
function independentDecode(buf: Buffer): Array<{ labels: Array<{ name: string; value: string }>; samples: RawSample[] }> {
  return readFields(buf).map((ts) => {
    assert.equal(ts.field, 1, 'WriteRequest.timeseries is field 1');
    assert.equal(ts.wire, 2);
    const labels: Array<{ name: string; value: string }> = [];
    const samples: RawSample[] = [];
    let lastField = 0;
    for (const f of readFields(ts.bytes!)) {
      assert.equal(f.wire, 2, 'TimeSeries holds embedded messages only');
      assert.ok(f.field >= lastField, 'labels (1) come before samples (2)');
      lastField = f.field;
      if (f.field === 1) {
        const lf = readFields(f.bytes!);
        assertScalarOrder(lf);
        const label = { name: '', value: '' };
        for (const x of lf) {
          assert.equal(x.wire, 2, 'Label fields are strings');
          if (x.field === 1) label.name = x.bytes!.toString('utf8');
          else if (x.field === 2) label.value = x.bytes!.toString('utf8');
          else assert.fail(`unexpected Label field ${x.field}`);
        }
        labels.push(label);
      } else if (f.field === 2) {
        const sf = readFields(f.bytes!);
        assertScalarOrder(sf);
        const sample: RawSample = { value: 0, bits: null, timestampMs: 0 };
        for (const x of sf) {
          if (x.field === 1) {
            assert.equal(x.wire, 1, 'Sample.value is a double (fixed64)');
            sample.value = x.fixed64!.readDoubleLE(0);
            sample.bits = x.fixed64!.readBigUInt64LE(0);
          } else if (x.field === 2) {
            assert.equal(x.wire, 0, 'Sample.timestamp is an int64 (varint)');
            sample.timestampMs = Number(BigInt.asIntN(64, x.varint!));
          } else assert.fail(`unexpected Sample field ${x.field}`);
        }
        samples.push(sample);
      } else assert.fail(`unexpected TimeSeries field ${f.field}`);
    }
    return { labels, samples };
  });
}

/** Snappy raw (block) format: the uncompressed length as a varint first, no stream identifier chunk. */
function unsnappy(body: Buffer): Buffer {
  assert.notDeepEqual([...body.subarray(0, 4)], [0xff, 0x06, 0x00, 0x00], 'not the framed format');
  const raw = uncompressSync(body, { asBuffer: true }) as Buffer;
  assert.equal(readVarint(body, 0).value, BigInt(raw.length), 'the body starts with the varint of the uncompressed length');
  return raw;
}

/** Checks the body three ways (protobufjs decode, the wire reader, the expected series) and returns the raw samples. */
function checkBody(body: Buffer, expected: RemoteWriteSeries[]): RawSample[] {
  assert.deepEqual(decodeWriteRequest(body), expected);
  const independent = independentDecode(unsnappy(body));
  assert.deepEqual(
    independent.map((s) => ({ labels: s.labels, samples: s.samples.map((p) => ({ value: p.value, timestampMs: p.timestampMs })) })),
    expected,
  );
  return independent.flatMap((s) => s.samples);
}

// ---------------------------------------------------------------------------------------------------------------

const NOW_MS = 1670000009123;

const parent: RemoteWriteHost = {
  hostname: 'parent',
  tags: '',
  labels: [
    ['env', 'prod'],
    ['_os name', 'Linux "x"\\y'],
  ],
  programName: 'netdata',
  programVersion: 'v1.37.1',
};

const child: ExportHost = {
  hostname: 'child"1',
  tags: 'ignored',
  labels: [],
  programName: 'netdata',
  programVersion: 'v1.36.0',
};

function metric(over: Partial<RemoteWriteMetric>): RemoteWriteMetric {
  return {
    chartId: 'system.cpu',
    chartName: 'system.cpu',
    family: 'cpu',
    context: 'system.cpu',
    chartType: 'system',
    units: 'percentage',
    dimId: 'user',
    dimName: 'user',
    chart: 'system.cpu',
    dim: 'user',
    module: 'proc',
    counter: false,
    value: 0,
    collected: false,
    timestampMs: 1670000006000,
    ...over,
  };
}

const info = (host: ExportHost, instance: string, extra: Array<{ name: string; value: string }> = []): RemoteWriteSeries => ({
  labels: [
    { name: '__name__', value: 'netdata_info' },
    { name: 'instance', value: instance },
    { name: 'application', value: host.programName },
    { name: 'version', value: host.programVersion },
    ...extra,
  ],
  samples: [{ value: 1, timestampMs: NOW_MS }],
});

const dimSeries = (
  name: string,
  chart: string,
  family: string,
  dimension: string | null,
  instance: string,
  value: number,
  timestampMs: number,
): RemoteWriteSeries => ({
  labels: [
    { name: '__name__', value: name },
    { name: 'chart', value: chart },
    { name: 'family', value: family },
    ...(dimension === null ? [] : [{ name: 'dimension', value: dimension }]),
    { name: 'instance', value: instance },
  ],
  samples: [{ value, timestampMs }],
});

// the parent's host labels: keys through prometheus_name_copy, values through prometheus_label_copy
const PARENT_LABELS = [
  { name: 'env', value: 'prod' },
  { name: '_os_name', value: 'Linux \\"x\\"\\\\y' },
];

function batch(source: DataSource, perHost: Array<[ExportHost, RemoteWriteMetric[]]>, sendVariables = false) {
  const f = new RemoteWriteFormatter({ prefix: 'netdata', source, sendVariables });
  for (const [host, metrics] of perHost) {
    f.startHost(host, NOW_MS);
    for (const m of metrics) f.metric(host, m);
  }
  return { f, ...f.finish() };
}

describe('prometheus remote write formatter', () => {
  it('as collected: raw integers as doubles, _total on counters unless the module is prometheus', () => {
    const TWO_53 = 2n ** 53n;
    const { body, metrics } = batch('as collected', [
      [
        parent,
        [
          // a counter above 2^53: remote write carries IEEE-754 doubles, so only 53 significant bits survive.
          // 2^53 + 1 is not representable and rounds to nearest-even, 2^53 (what C's int64 -> double conversion
          // in add_metric() gives too); the exact integer is lost.
          metric({ counter: true, collected: true, value: TWO_53 + 1n, timestampMs: 1670000008456 }),
          metric({ counter: true, collected: true, value: 2n ** 63n - 1n, dim: 'system', dimId: 'system', timestampMs: 1670000008456 }),
          // a gauge, negative
          metric({ chart: 'system.load', context: 'system.load', family: 'load', units: 'load', dim: 'load1', collected: true, value: -5n, timestampMs: 1670000008001 }),
          // a counter of a chart collected by the prometheus module: no _total
          metric({ chart: 'prom.requests', context: 'prometheus_app.requests', family: 'app', module: 'prometheus', counter: true, dim: 'ok', collected: true, value: 42n, timestampMs: 1670000008001 }),
          // a heterogeneous chart: the dimension goes into the name, not into a label
          metric({ chart: 'net.eth0', context: 'net.net', family: 'eth0', dim: 'received-bytes', counter: true, collected: true, value: 7n, homogeneous: false, timestampMs: 1670000008001 }),
        ],
      ],
      [
        child,
        [
          // label values keep Netdata's text escaping; a zero value is the proto3 default and is left off the wire
          metric({ chart: 'mem."avail"', context: 'mem.available', family: 'sys\\tem', dim: 'avail\nable', collected: true, value: 0n, timestampMs: 1670000007000 }),
        ],
      ],
    ]);
    assert.equal(metrics, 6, 'the dimension series; netdata_info is not counted');
    const samples = checkBody(body, [
      info(parent, 'parent', PARENT_LABELS),
      dimSeries('netdata_system_cpu_total', 'system.cpu', 'cpu', 'user', 'parent', 9007199254740992, 1670000008456),
      dimSeries('netdata_system_cpu_total', 'system.cpu', 'cpu', 'system', 'parent', 9223372036854775808, 1670000008456),
      dimSeries('netdata_system_load', 'system.load', 'load', 'load1', 'parent', -5, 1670000008001),
      dimSeries('netdata_prometheus_app_requests', 'prom.requests', 'app', 'ok', 'parent', 42, 1670000008001),
      dimSeries('netdata_net_net_received_bytes_total', 'net.eth0', 'eth0', null, 'parent', 7, 1670000008001),
      // netdata_info's instance is escaped, the dimension series' instance is the raw hostname
      info(child, 'child\\"1'),
      dimSeries('netdata_mem_available', 'mem.\\"avail\\"', 'sys\\\\tem', 'avail\\\nable', 'child"1', 0, 1670000007000),
    ]);
    assert.equal(samples[1].bits, 0x4340000000000000n, 'exactly 2^53 as a double');
    assert.equal(samples[2].bits, 0x43e0000000000000n, 'int64 max rounds up to 2^63');
    assert.equal(samples[3].bits, 0xc014000000000000n, '-5.0');
    assert.equal(samples[0].bits, 0x3ff0000000000000n, 'netdata_info is 1.0');
    assert.equal(samples[7].bits, null, 'a +0 sample value is not written (proto3)');
  });

  it('average: <prefix>_<context><units>_average with the calculated value at before*1000', () => {
    const { body, metrics } = batch('average', [
      [
        parent,
        [
          metric({ value: 2.5125628 }),
          metric({ chart: 'net.eth0', context: 'net.net', family: 'eth0', units: 'kilobits/s', dim: 'received', value: 1234.5 }),
          metric({ chart: 'mem.pgfaults', context: 'mem.pgfaults', family: 'system', units: '%', dim: 'minor', value: 0.1 }),
        ],
      ],
      [child, [metric({ chart: 'system.io', context: 'system.io', family: 'disk', units: 'KiB/s', dim: 'in', value: 27 })]],
    ]);
    assert.equal(metrics, 4);
    checkBody(body, [
      info(parent, 'parent', PARENT_LABELS),
      dimSeries('netdata_system_cpu_percentage_average', 'system.cpu', 'cpu', 'user', 'parent', 2.5125628, 1670000006000),
      dimSeries('netdata_net_net_kilobits_persec_average', 'net.eth0', 'eth0', 'received', 'parent', 1234.5, 1670000006000),
      dimSeries('netdata_mem_pgfaults_percent_average', 'mem.pgfaults', 'system', 'minor', 'parent', 0.1, 1670000006000),
      info(child, 'child\\"1'),
      dimSeries('netdata_system_io_KiB_persec_average', 'system.io', 'disk', 'in', 'child"1', 27, 1670000006000),
    ]);
  });

  it('sum: <prefix>_<context>_sum, no units; counters get no _total', () => {
    const { body, metrics } = batch('sum', [
      [parent, [metric({ value: 25.125628, counter: true })]],
      [child, [metric({ chart: 'disk.sda', context: 'disk.io', family: 'sda', units: 'KiB/s', dim: 'reads', value: 1e21 })]],
    ]);
    assert.equal(metrics, 2);
    checkBody(body, [
      info(parent, 'parent', PARENT_LABELS),
      dimSeries('netdata_system_cpu_sum', 'system.cpu', 'cpu', 'user', 'parent', 25.125628, 1670000006000),
      info(child, 'child\\"1'),
      dimSeries('netdata_disk_io_sum', 'disk.sda', 'sda', 'reads', 'child"1', 1e21, 1670000006000),
    ]);
  });

  it('finish() resets the formatter for the next batch', () => {
    const f = new RemoteWriteFormatter({ prefix: 'nd', source: 'average' });
    f.startHost(parent, NOW_MS);
    f.metric(parent, metric({ value: 1 }));
    assert.equal(f.finish().metrics, 1);
    const empty = f.finish();
    assert.equal(empty.metrics, 0);
    assert.deepEqual(decodeWriteRequest(empty.body), []);
    assert.equal(unsnappy(empty.body).length, 0);

    f.startHost(child, NOW_MS + 1000);
    f.metric(child, metric({ value: 3 }));
    const next = f.finish();
    assert.equal(next.metrics, 1);
    assert.deepEqual(decodeWriteRequest(next.body), [
      { ...info(child, 'child\\"1'), samples: [{ value: 1, timestampMs: NOW_MS + 1000 }] },
      dimSeries('nd_system_cpu_percentage_average', 'system.cpu', 'cpu', 'user', 'child"1', 3, 1670000006000),
    ]);
  });

  it('send variables: custom variables after the host dimensions, counted once per host', () => {
    const withVars: RemoteWriteHost = { ...parent, labels: [], variables: [['my.var', 12.5], ['other', 0]] };
    const { body, metrics } = batch(
      'average',
      [
        [withVars, [metric({ value: 1 })]],
        [child, []],
      ],
      true,
    );
    assert.equal(metrics, 1 + 1 + 1);
    checkBody(body, [
      info(parent, 'parent'),
      dimSeries('netdata_system_cpu_percentage_average', 'system.cpu', 'cpu', 'user', 'parent', 1, 1670000006000),
      { labels: [{ name: '__name__', value: 'netdata_my_var' }, { name: 'instance', value: 'parent' }], samples: [{ value: 12.5, timestampMs: NOW_MS }] },
      { labels: [{ name: '__name__', value: 'netdata_other' }, { name: 'instance', value: 'parent' }], samples: [{ value: 0, timestampMs: NOW_MS }] },
      info(child, 'child\\"1'),
    ]);
  });

  it('encodes int64 timestamps as varints, negative ones as 10-byte two\'s complement', () => {
    const series: RemoteWriteSeries[] = [
      { labels: [{ name: 'a', value: '' }], samples: [{ value: 0.5, timestampMs: 2 ** 40 + 3 }, { value: -0, timestampMs: -1 }] },
    ];
    const body = encodeWriteRequest(series);
    const raw = unsnappy(body);
    const ts = readFields(raw);
    const inner = readFields(ts[0].bytes!);
    assert.deepEqual(readFields(inner[0].bytes!).map((f) => f.field), [1], 'an empty label value is not written');
    const s2 = readFields(inner[2].bytes!);
    assert.equal(s2[0].fixed64!.readBigUInt64LE(0), 0x8000000000000000n, '-0 is written (not the +0 default)');
    assert.equal(s2[1].varint, 2n ** 64n - 1n);
    assert.deepEqual(decodeWriteRequest(body), series);
  });

  it('exports the connector headers', () => {
    assert.deepEqual(Object.entries(REMOTE_WRITE_HEADERS), [
      ['Accept', '*/*'],
      ['Content-Encoding', 'snappy'],
      ['Content-Type', 'application/x-protobuf'],
      ['X-Prometheus-Remote-Write-Version', '0.1.0'],
    ]);
  });

  it('keeps ExportMetric assignable (the extension fields are optional)', () => {
    const plain: ExportMetric = metric({ value: 1 });
    const f = new RemoteWriteFormatter({ prefix: 'netdata', source: 'average' });
    f.startHost(child, NOW_MS);
    f.metric(child, plain);
    assert.equal(f.finish().metrics, 1);
  });
});
