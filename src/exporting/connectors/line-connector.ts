import * as net from 'node:net';
import * as tls from 'node:tls';
import type { StreamDestination } from '../../config/types';
import { destinationName, type Connector, type ConnectorOptions, type SendResult } from './connector';

/**
 * Graphite, opentsdb telnet and json plaintext: batches written on one TCP (or TLS) connection kept open between
 * rounds; whatever the server sends back is read and discarded, as Netdata does. A batch counts as sent once the
 * kernel took all of it.
 */
export class LineConnector implements Connector {
  private socket: net.Socket | null = null;
  private connectedTo = '';

  constructor(private readonly o: ConnectorOptions) {}

  async send(body: Buffer): Promise<SendResult> {
    if (!this.socket) {
      this.socket = await this.connectFirst();
      if (!this.socket) return { ok: false, retry: true, message: `${this.o.logWord}: failed to update '${this.o.destinations.map(destinationName).join(' ')}'` };
    }
    const socket = this.socket;
    const error = await new Promise<Error | null>((resolve) => {
      const timer = setTimeout(() => resolve(new Error(`timeout after ${this.o.timeoutMs} ms`)), this.o.timeoutMs);
      socket.write(body, (err) => {
        clearTimeout(timer);
        resolve(err ?? null);
      });
    });
    if (!error) return { ok: true, destination: this.connectedTo };
    this.drop(socket);
    return {
      ok: false,
      retry: true,
      message: `${this.o.logWord}: failed to write data to '${this.connectedTo}'. Willing to write ${body.length} bytes: ${error.message}. Will re-connect.`,
    };
  }

  close(): void {
    if (this.socket) this.drop(this.socket);
  }

  private drop(socket: net.Socket): void {
    if (this.socket === socket) this.socket = null;
    socket.destroy();
  }

  private async connectFirst(): Promise<net.Socket | null> {
    for (const d of this.o.destinations) {
      const socket = await this.connect(d).catch(() => null);
      if (!socket) continue;
      this.o.stats.reconnects++;
      this.connectedTo = destinationName(d);
      socket.on('data', (chunk: Buffer) => {
        this.o.stats.receivedBytes += chunk.length;
        this.o.stats.reads++;
      });
      socket.on('end', () => {
        this.o.warn(`${this.o.logWord}: '${this.connectedTo}' closed the socket`);
        this.drop(socket);
      });
      socket.on('error', (err) => {
        this.o.warn(`${this.o.logWord}: cannot receive data from '${this.connectedTo}': ${err.message}`);
        this.drop(socket);
      });
      return socket;
    }
    return null;
  }

  private connect(d: StreamDestination): Promise<net.Socket> {
    return new Promise((resolve, reject) => {
      const opts = { host: d.host, port: d.port };
      const socket = this.o.tls ? tls.connect({ ...opts, servername: net.isIP(d.host) ? undefined : d.host }) : net.connect(opts);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error('timeout'));
      }, this.o.timeoutMs);
      socket.once(this.o.tls ? 'secureConnect' : 'connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(socket);
      });
      socket.once('error', (err) => {
        clearTimeout(timer);
        socket.destroy();
        reject(err);
      });
    });
  }
}
