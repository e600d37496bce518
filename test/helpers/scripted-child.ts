import net from 'node:net';
import { KEY, streamRequest } from './in-process-parent';

/**
 * A child streaming over a real socket: it sends the STREAM request, then `definitions` once the parent answers, then
 * `collection(first)` every second until the returned function is called (which also closes the connection).
 */
export async function scriptedChild(
  port: number,
  opts: { hostname: string; guid: string; definitions: string; collection: (first: boolean) => string },
): Promise<() => void> {
  const s = net.connect(port, '127.0.0.1');
  s.on('error', () => {});
  await new Promise((r) => s.once('connect', r));
  s.write(streamRequest({ key: KEY, hostname: opts.hostname, machine_guid: opts.guid, update_every: '1', ver: '1' }));
  await new Promise((r) => s.once('data', r));
  s.write(opts.definitions);
  let first = true;
  const timer = setInterval(() => {
    s.write(opts.collection(first));
    first = false;
  }, 1000);
  return () => {
    clearInterval(timer);
    s.destroy();
  };
}
