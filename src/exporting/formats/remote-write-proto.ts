/**
 * The Prometheus remote write request as Netdata 1.37's exporting engine packs it
 * (exporting/prometheus/remote_write/remote_write.proto and remote_write_request.cc): a proto3 `prometheus.WriteRequest`,
 * serialized, then compressed with snappy's raw block format (snappy::RawCompress: a varint of the uncompressed
 * length, then the compressed block; not the framed/stream format).
 *
 * The four message types are defined here with protobufjs' reflection API, so no .proto file is compiled at build
 * time. They are proto3: scalar fields at their default (an empty string, a +0 double, a 0 timestamp) are left out of
 * the wire bytes, as the C++ library Netdata links does.
 */
import { Root, type Type } from 'protobufjs';
import { compressSync, uncompressSync } from 'snappy';

export interface RemoteWriteLabel {
  name: string;
  value: string;
}

export interface RemoteWriteSample {
  value: number;
  /** Milliseconds since the epoch (an int64 on the wire). */
  timestampMs: number;
}

export interface RemoteWriteSeries {
  labels: RemoteWriteLabel[];
  samples: RemoteWriteSample[];
}

const root = Root.fromJSON({
  nested: {
    prometheus: {
      nested: {
        WriteRequest: {
          edition: 'proto3',
          fields: { timeseries: { rule: 'repeated', type: 'TimeSeries', id: 1 } },
        },
        TimeSeries: {
          edition: 'proto3',
          fields: {
            labels: { rule: 'repeated', type: 'Label', id: 1 },
            samples: { rule: 'repeated', type: 'Sample', id: 2 },
          },
        },
        Label: {
          edition: 'proto3',
          fields: { name: { type: 'string', id: 1 }, value: { type: 'string', id: 2 } },
        },
        Sample: {
          edition: 'proto3',
          fields: { value: { type: 'double', id: 1 }, timestamp: { type: 'int64', id: 2 } },
        },
      },
    },
  },
});

const WriteRequest: Type = root.lookupType('prometheus.WriteRequest');

/** The message as protobufjs sees it: the sample's field is `timestamp`. */
interface WireSeries {
  labels: RemoteWriteLabel[];
  samples: Array<{ value: number; timestamp: number }>;
}

/** The protobuf bytes of a WriteRequest holding `series` in order (uncompressed). */
export function serializeWriteRequest(series: ReadonlyArray<RemoteWriteSeries>): Buffer {
  const timeseries: WireSeries[] = series.map((s) => ({
    labels: s.labels.map((l) => ({ name: l.name, value: l.value })),
    samples: s.samples.map((p) => ({ value: p.value, timestamp: p.timestampMs })),
  }));
  const bytes = WriteRequest.encode({ timeseries }).finish();
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The body of one remote write POST: the WriteRequest's protobuf bytes, snappy raw (block) compressed. */
export function encodeWriteRequest(series: ReadonlyArray<RemoteWriteSeries>): Buffer {
  return compressSync(serializeWriteRequest(series));
}

/** The series of uncompressed WriteRequest bytes; absent fields read as their proto3 defaults. */
export function parseWriteRequest(bytes: Uint8Array): RemoteWriteSeries[] {
  const obj = WriteRequest.toObject(WriteRequest.decode(bytes), { longs: Number, defaults: true, arrays: true }) as {
    timeseries: WireSeries[];
  };
  return obj.timeseries.map((s) => ({
    labels: s.labels.map((l) => ({ name: l.name, value: l.value })),
    samples: s.samples.map((p) => ({ value: p.value, timestampMs: p.timestamp })),
  }));
}

/** For tests: snappy raw uncompress, then decode; int64 timestamps come back as numbers. */
export function decodeWriteRequest(body: Buffer): RemoteWriteSeries[] {
  return parseWriteRequest(uncompressSync(body, { asBuffer: true }) as Buffer);
}
