import type { ExportingSettings } from '../exporting-settings';
import type { BatchFormatter } from './batch-formatter';
import { graphiteFormat } from './graphite';
import { jsonFormat } from './json';
import { opentsdbHttpFormat, opentsdbTelnetFormat } from './opentsdb';
import { REMOTE_WRITE_HEADERS, RemoteWriteFormatter } from './remote-write';
import { TextBatch } from './text-batch';

/** The formatter of an instance's wire format. */
export function createFormatter(s: ExportingSettings): BatchFormatter {
  switch (s.format) {
    case 'graphite':
      return new TextBatch(graphiteFormat(s.prefix));
    case 'opentsdb':
      return new TextBatch(s.http ? opentsdbHttpFormat(s.prefix) : opentsdbTelnetFormat(s.prefix));
    case 'json':
      return new TextBatch(jsonFormat(s.prefix, s.http));
    case 'prometheus_remote_write':
      return new RemoteWriteFormatter({ prefix: s.prefix, source: s.dataSource });
  }
}

/** Path and headers of the HTTP variants: Netdata posts graphite, opentsdb and json to /api/put. */
export function httpShape(s: ExportingSettings): { path: string; headers: Record<string, string> } {
  switch (s.format) {
    case 'prometheus_remote_write':
      return { path: s.remoteWritePath, headers: { ...REMOTE_WRITE_HEADERS } };
    case 'graphite':
      return { path: '/api/put', headers: { 'Content-Type': 'application/graphite' } };
    default:
      return { path: '/api/put', headers: { 'Content-Type': 'application/json' } };
  }
}
