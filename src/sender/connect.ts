import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import tls from 'node:tls';
import type { StreamDestination } from '../config';

/** How `:SSL` destinations are checked (stream.conf `[stream]`). */
export interface SenderTls {
  skipVerification: boolean;
  /** Trusted certificates: the system's, plus `CAfile` and the certificates in `CApath`; undefined = the system's. */
  ca: string[] | undefined;
}

/** A destination as the logs name it: `HOST[%INTERFACE]:PORT[:SSL]`, an IPv6 address in brackets. */
export function destinationName(d: StreamDestination): string {
  const host = net.isIPv6(d.host) ? `[${d.host}]` : d.host;
  return `${host}${d.interface ? `%${d.interface}` : ''}:${d.port}${d.ssl ? ':SSL' : ''}`;
}

/**
 * The system's certificate authorities plus `CAfile` and every PEM file in `CApath`, as OpenSSL's
 * SSL_CTX_load_verify_locations() adds them to the defaults; undefined when neither is set. A file that cannot be
 * read is reported and left out.
 */
export function certificateAuthorities(caFile: string | null, caPath: string | null, report: (msg: string) => void): string[] | undefined {
  if (!caFile && !caPath) return undefined;
  const extra: string[] = [];
  const read = (file: string): void => {
    try {
      const text = fs.readFileSync(file, 'utf8');
      if (text.includes('-----BEGIN CERTIFICATE-----')) extra.push(text);
    } catch (err) {
      report(`SSL: cannot read certificates from '${file}': ${(err as Error).message}`);
    }
  };
  if (caFile) read(caFile);
  if (caPath) {
    try {
      for (const name of fs.readdirSync(caPath)) {
        const file = path.join(caPath, name);
        if (fs.statSync(file, { throwIfNoEntry: false })?.isFile()) read(file);
      }
    } catch (err) {
      report(`SSL: cannot list certificates in '${caPath}': ${(err as Error).message}`);
    }
  }
  return [...tls.rootCertificates, ...extra];
}

/**
 * Opens a connection to one destination, TLS for an `:SSL` one, ready to carry the STREAM request; rejects after
 * `timeoutMs`. A rejection's message is what Netdata logs for that failure.
 *
 * As Netdata's security_test_certificate(), a certificate is checked for its chain only, not for the host name, and
 * not at all with `ssl skip certificate verification = yes`.
 */
export function openConnection(d: StreamDestination, timeoutMs: number, settings: SenderTls): Promise<net.Socket> {
  const host = d.interface ? `${d.host}%${d.interface}` : d.host;
  return new Promise((resolve, reject) => {
    let socket: net.Socket;
    let onError: (err: Error) => void;
    const fail = (message: string): void => {
      clearTimeout(timer);
      socket.destroy();
      reject(new Error(message));
    };
    const timer = setTimeout(() => fail(`Timed out while connecting to '${d.host}', port '${d.port}'.`), timeoutMs);
    timer.unref();
    const ready = (): void => {
      clearTimeout(timer);
      socket.removeListener('error', onError);
      resolve(socket);
    };
    const tcpFailure = (err: Error): string => `Failed to connect to '${d.host}', port '${d.port}' (${err.message})`;
    if (!d.ssl) {
      socket = net.connect({ host, port: d.port }, ready);
      onError = (err) => fail(tcpFailure(err));
      socket.once('error', onError);
      return;
    }
    const tlsSocket = tls.connect({
      host,
      port: d.port,
      servername: net.isIP(d.host) ? undefined : d.host,
      ca: settings.ca,
      rejectUnauthorized: false,
      checkServerIdentity: () => undefined,
    });
    socket = tlsSocket;
    let connected = false;
    tlsSocket.once('connect', () => (connected = true));
    tlsSocket.once('secureConnect', () => {
      if (settings.skipVerification || tlsSocket.authorized) return ready();
      fail(`Closing the stream connection, because the server SSL certificate is not valid (${tlsSocket.authorizationError}).`);
    });
    onError = (err) => fail(connected ? `SSL cannot connect with the server: ${err.message}` : tcpFailure(err));
    tlsSocket.once('error', onError);
  });
}
