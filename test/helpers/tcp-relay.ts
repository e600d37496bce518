import net from 'node:net';

/**
 * A TCP relay on loopback standing for the network between a child and its parent: cut() drops every connection and
 * stops listening, so new ones are refused (as a host that is down or unreachable answers) until restore() listens on
 * the same port again. A connection accepted while the parent is down is closed at once. cut('reset') resets the
 * connections instead of closing them (RST, not FIN): what a parent sees of a child whose machine vanished.
 */
export interface TcpRelay {
  port: number;
  cut(how?: 'close' | 'reset'): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpRelay(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpRelay> {
  const pairs = new Set<[net.Socket, net.Socket]>();
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, targetHost);
    const pair: [net.Socket, net.Socket] = [client, upstream];
    pairs.add(pair);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      pairs.delete(pair);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  const cut = async (how: 'close' | 'reset' = 'close'): Promise<void> => {
    const closed = server.listening ? new Promise<void>((resolve) => server.close(() => resolve())) : Promise.resolve();
    for (const [a, b] of pairs) {
      if (how === 'reset') {
        a.resetAndDestroy();
        b.resetAndDestroy();
      } else {
        a.destroy();
        b.destroy();
      }
    }
    pairs.clear();
    await closed;
  };
  return {
    port,
    cut,
    async restore() {
      if (!server.listening) await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    },
    close: () => cut(),
  };
}
