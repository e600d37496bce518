import type { TestContext } from 'node:test';
import { assertHostListed } from './mirror';
import { DEFAULT_API_KEY, startNetdataChild, startNetdataParent } from './netdata';
import { defaultStreamConf, freePort, startParent, waitFor } from './parent';

/** stream.conf of a streamledger proxy: the test key accepted from children, and every host sent on to `parentPort`. */
export function proxyStreamConf(parentPort: number, extra = ''): string {
  return `${defaultStreamConf()}[stream]\n    enabled = yes\n    destination = 127.0.0.1:${parentPort}\n    api key = ${DEFAULT_API_KEY}\n` +
    `    reconnect delay seconds = 1\n${extra}`;
}

/**
 * A real Netdata 1.37.1 parent, a streamledger proxy sending to it, and a real Netdata child streaming to the proxy,
 * stopped when the test ends; resolves once the parent lists the child.
 */
export async function startRealChain(t: TestContext, child: { hostname: string; guid: string }, parentMemoryMode: 'ram' | 'dbengine') {
  const ndPort = await freePort();
  const nd = await startNetdataParent({ port: ndPort, memoryMode: parentMemoryMode });
  const proxy = await startParent({ streamConf: proxyStreamConf(ndPort) }).catch(async (e) => {
    await nd.stop();
    throw e;
  });
  const netdataChild = await startNetdataChild({ dest: `127.0.0.1:${proxy.port}`, hostname: child.hostname, guid: child.guid });
  t.after(async () => {
    await netdataChild.stop();
    await proxy.dispose();
    await nd.stop();
  });
  const ndUrl = `http://127.0.0.1:${ndPort}`;
  await waitFor(() => assertHostListed(ndUrl, child.hostname, child.guid), 30_000, 500);
  return { nd, ndUrl, proxy };
}
