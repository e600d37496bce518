import { DEFAULT_API_KEY } from './netdata';
import { defaultStreamConf } from './parent';

/** stream.conf of a streamledger proxy: the test key accepted from children, and every host sent on to `parentPort`. */
export function proxyStreamConf(parentPort: number, extra = ''): string {
  return `${defaultStreamConf()}[stream]\n    enabled = yes\n    destination = 127.0.0.1:${parentPort}\n    api key = ${DEFAULT_API_KEY}\n` +
    `    reconnect delay seconds = 1\n${extra}`;
}
