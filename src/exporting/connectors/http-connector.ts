import * as http from 'node:http';
import * as https from 'node:https';
import type { StreamDestination } from '../../config/types';
import { destinationName, type Connector, type ConnectorOptions, type SendResult } from './connector';

export interface HttpRequestShape {
  path: string;
  /** Content-Type and any other header the format needs (remote write's encoding and version). */
  headers: Record<string, string>;
  username: string;
  password: string;
}

/** The first bytes of an answer, for a log line. */
const SAMPLE_BYTES = 200;

/**
 * The HTTP variants (opentsdb:http, json:http, graphite:http, prometheus remote write): one POST per batch on a
 * kept-alive connection to the first destination that answers. A 2xx answer means sent; a 4xx means the server will
 * never take this batch, so it is dropped (logged, counted as lost); no answer or a 5xx is retried next round.
 */
export class HttpConnector implements Connector {
  private readonly agent: http.Agent;
  /** Sockets already counted as a connection made (the agent reuses kept-alive ones). */
  private readonly seen = new WeakSet<object>();

  constructor(
    private readonly o: ConnectorOptions,
    private readonly shape: HttpRequestShape,
  ) {
    this.agent = o.tls ? new https.Agent({ keepAlive: true, maxSockets: 1 }) : new http.Agent({ keepAlive: true, maxSockets: 1 });
  }

  async send(body: Buffer): Promise<SendResult> {
    let last = '';
    for (const d of this.o.destinations) {
      const r = await this.post(d, body);
      if ('status' in r) {
        if (r.status >= 200 && r.status < 300) return { ok: true, destination: destinationName(d) };
        const message = `${this.o.logWord}: '${destinationName(d)}' answered ${r.status} to a batch of ${body.length} bytes. Sample: '${r.sample}'`;
        if (r.status >= 400 && r.status < 500) return { ok: false, retry: false, message, destination: destinationName(d) };
        last = message;
      } else {
        last = `${this.o.logWord}: failed to write data to '${destinationName(d)}'. Willing to write ${body.length} bytes: ${r.error}. Will re-connect.`;
      }
    }
    return { ok: false, retry: true, message: last };
  }

  close(): void {
    this.agent.destroy();
  }

  private post(d: StreamDestination, body: Buffer): Promise<{ status: number; sample: string } | { error: string }> {
    const lib = this.o.tls ? https : http;
    const headers: Record<string, string | number> = {
      Host: destinationName(d),
      Accept: '*/*',
      ...this.shape.headers,
      'Content-Length': body.length,
    };
    if (this.shape.username || this.shape.password) {
      headers.Authorization = `Basic ${Buffer.from(`${this.shape.username}:${this.shape.password}`).toString('base64')}`;
    }
    return new Promise((resolve) => {
      const req = lib.request({ host: d.host, port: d.port, method: 'POST', path: this.shape.path, headers, agent: this.agent, timeout: this.o.timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          this.o.stats.receivedBytes += c.length;
          this.o.stats.reads++;
          if (size < SAMPLE_BYTES) chunks.push(c);
          size += c.length;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, sample: Buffer.concat(chunks).toString('utf8', 0, SAMPLE_BYTES).trim() }));
        res.on('error', (err) => resolve({ error: err.message }));
      });
      req.on('socket', (s) => {
        if (this.seen.has(s)) return;
        this.seen.add(s);
        this.o.stats.reconnects++;
      });
      req.on('timeout', () => req.destroy(new Error(`timeout after ${this.o.timeoutMs} ms`)));
      req.on('error', (err) => resolve({ error: err.message }));
      req.end(body);
    });
  }
}
