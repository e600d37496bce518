/**
 * What the sender tests stand on: a stand-in parent on loopback (answers the STREAM request as told, records what it
 * receives), a host fed with protocol text the way a receiver session feeds its projection and its sender, and a
 * logger whose lines can be read back.
 */
import net from 'node:net';
import tls from 'node:tls';
import pino from 'pino';
import type { Logger } from '../../src/log';
import type { Int64 } from '../../src/model/types';
import { PROMPT_VN } from '../../src/net/capabilities';
import { HostProjection } from '../../src/projection/host-projection';
import { StreamParser } from '../../src/protocol/stream-parser';
import type { MetaCommand, StreamHandler } from '../../src/protocol/types';
import type { Upstream } from '../../src/sender/upstream';

export interface Connection {
  socket: net.Socket;
  /** Everything received, the STREAM request included. */
  text: string;
  /** What came after the request's blank line. */
  stream(): string;
}

export interface StandInParent {
  port: number;
  connections: Connection[];
  close(): Promise<void>;
}

/**
 * `reply`: what to answer the request with (null: nothing), then `after`: 'stream' keeps reading, 'stall' stops reading
 * (a parent that takes nothing more), 'close' ends the connection (a refusal). With `tls`, it listens with TLS.
 */
export async function standInParent(
  opts: { reply?: string | null; after?: 'stream' | 'stall' | 'close'; tls?: { key: Buffer; cert: Buffer } } = {},
): Promise<StandInParent> {
  const reply = opts.reply === undefined ? `${PROMPT_VN}960` : opts.reply;
  const connections: Connection[] = [];
  const accept = (socket: net.Socket): void => {
    const c: Connection = { socket, text: '', stream: () => c.text.slice(c.text.indexOf('\r\n\r\n') + 4) };
    connections.push(c);
    socket.on('error', () => {});
    socket.on('data', (d) => {
      const answered = c.text.includes('\r\n\r\n');
      c.text += d.toString('utf8');
      if (answered || !c.text.includes('\r\n\r\n') || reply === null) return;
      if (opts.after === 'close') return void socket.end(reply);
      socket.write(reply);
      if (opts.after === 'stall') socket.pause();
    });
  };
  const server = opts.tls ? tls.createServer(opts.tls, accept) : net.createServer(accept);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as net.AddressInfo).port,
    connections,
    close: () => {
      for (const c of connections) c.socket.destroy();
      return new Promise((r) => server.close(() => r()));
    },
  };
}

/** A logger keeping each message, for checking what the sender says. */
export function recordingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const logger = pino({ level: 'info', base: undefined }, { write: (s: string) => void lines.push(JSON.parse(s).msg) });
  return { logger, lines };
}

export function testProjection(machineGuid = '22222222-3333-4444-5555-666666666666'): HostProjection {
  const identity = {
    hostname: 'nd-child-1', machineGuid, os: 'linux', timezone: 'Etc/UTC', abbrevTimezone: 'UTC', utcOffset: 0, tags: '',
    programName: 'netdata', programVersion: 'v1.37.1', updateEvery: 1,
  };
  return new HostProjection({ identity, history: 60, storage: null });
}

/**
 * Feeds protocol text to a projection and to an upstream in the order a receiver session does: each line applied,
 * then handed on; a block handed on at its END, with the chart VARIABLEs sent inside it.
 */
export class HostFeed implements StreamHandler {
  private readonly parser = new StreamParser(this, { maxLineBytes: 65536 });
  private chartId: string | null = null;
  private usec = 0;
  private ids: string[] = [];
  private values: Array<Int64 | null> = [];
  private variables: Array<[MetaCommand, string]> = [];

  constructor(readonly projection: HostProjection, public upstream: Upstream | null) {}

  push(text: string): void {
    this.parser.push(Buffer.from(text, 'utf8'));
  }
  begin(chartId: string, usec: number): void {
    this.chartId = chartId;
    this.usec = usec;
    this.ids = [];
    this.values = [];
  }
  set(dimId: string, value: Int64 | null): void {
    this.ids.push(dimId);
    this.values.push(value);
  }
  end(): void {
    const id = this.chartId!;
    this.chartId = null;
    const arrivalUs = Date.now() * 1000;
    this.projection.collect(id, this.usec, arrivalUs, this.ids, this.values, this.ids.length);
    this.upstream?.sample(id, this.usec, this.ids, this.values, this.ids.length, this.variables, arrivalUs, 0);
    for (const [cmd] of this.variables) this.projection.apply(cmd);
    this.variables = [];
  }
  meta(cmd: MetaCommand, line: string): void {
    if (cmd.cmd === 'VARIABLE' && cmd.scope === 'CHART' && this.chartId !== null) return void this.variables.push([cmd, line]);
    this.projection.apply(cmd);
    this.upstream?.line(cmd, line);
  }
  bad(reason: string, line: string): void {
    throw new Error(`${reason}: ${line}`);
  }
}
