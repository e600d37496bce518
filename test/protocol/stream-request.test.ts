import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseStreamRequest, urlDecode } from '../../src/net/stream-request';
import { CAPTURES } from './recorder';

const head = (url: string, headers = 'User-Agent: netdata/v1.37.1\r\n') => `STREAM ${url} HTTP/1.1\r\n${headers}\r\n`;

describe('parseStreamRequest', () => {
  it('reads the handshake of a real Netdata 1.37.1 child', () => {
    const r = parseStreamRequest(readFileSync(`${CAPTURES}/request-1.37.1.txt`, 'utf8'));
    assert.equal(r.key, '11111111-2222-3333-4444-555555555555');
    assert.equal(r.hostname, 'nd-child-1');
    assert.equal(r.registryHostname, 'nd-child-1');
    assert.equal(r.machineGuid, '22222222-3333-4444-5555-666666666666');
    assert.equal(r.os, 'linux');
    assert.equal(r.timezone, 'Etc/UTC');
    assert.equal(r.abbrevTimezone, 'UTC');
    assert.equal(r.utcOffset, 0);
    assert.equal(r.updateEvery, 1);
    assert.equal(r.tags, null); // `tags=` is empty: skipped, as Netdata does
    assert.equal(r.ver, '16376');
    assert.equal(r.hops, 1);
    assert.equal(r.program, 'netdata');
    assert.equal(r.programVersion, 'v1.37.1');
    assert.equal(r.systemInfo.NETDATA_CONTAINER_OS_NAME, 'Debian GNU/Linux');
    assert.equal(r.systemInfo.NETDATA_CONTAINER_OS_VERSION, '12 (bookworm)');
    // '+' decodes to a space: a real Netdata 1.37.1 parent reports this child's "cpu_freq": "2.445e 09" too
    assert.equal(r.systemInfo.NETDATA_SYSTEM_CPU_FREQ, '2.596e 09');
    assert.equal(r.systemInfo.NETDATA_PROTOCOL_VERSION, '1.1');
    assert.equal(r.systemInfo.NETDATA_SYSTEM_TOTAL_RAM, '25276510208');
    assert.equal(Object.keys(r.systemInfo).length, 28);
    assert.equal(r.params.get('ml_capable'), '0');
    assert.equal(r.params.get('mc_version'), '1');
    assert.equal(r.systemInfo.key, undefined);
  });

  it('URL-decodes the whole URL before splitting it, as Netdata does', () => {
    const r = parseStreamRequest(head('key=k&hostname=my+host&os=%4Cinux&tags=a%26b%3Dc&NETDATA_X=caf%C3%A9'));
    assert.equal(r.hostname, 'my host');
    assert.equal(r.os, 'Linux');
    assert.equal(r.tags, 'a');
    assert.equal(r.params.get('b'), 'c');
    assert.equal(r.systemInfo.NETDATA_X, 'café');
  });

  it('skips empty names and values, keeps the rest of a value after its first =, and lets the last repeat win', () => {
    const r = parseStreamRequest(head('&=x&key=&hostname=a=b&machine_guid=1&machine_guid=2&&ver=5'));
    assert.equal(r.key, null);
    assert.equal(r.hostname, 'a=b');
    assert.equal(r.machineGuid, '2');
    assert.equal(r.ver, '5');
    assert.deepEqual([...r.params.keys()], ['hostname', 'machine_guid', 'ver']);
  });

  it('reads numbers as strtol/strtoul and falls back to the defaults', () => {
    const r = parseStreamRequest(head('update_every=0x2&utc_offset=-3600&hops=2&registry_hostname=reg&hostname=h'));
    assert.equal(r.updateEvery, 2);
    assert.equal(r.utcOffset, -3600);
    assert.equal(r.hops, 2);
    assert.equal(r.registryHostname, 'reg');
    const empty = parseStreamRequest(head('key=k', ''));
    assert.equal(empty.updateEvery, 0);
    assert.equal(empty.utcOffset, 0);
    assert.equal(empty.hops, 1);
    assert.equal(empty.hostname, null);
    assert.equal(empty.registryHostname, null);
    assert.equal(empty.program, null);
    assert.equal(empty.programVersion, null);
  });

  it('reads the User-Agent header case-insensitively, with or without a version', () => {
    assert.equal(parseStreamRequest(head('key=k', 'user-agent:  streamledger/0.1.0 \r\n')).programVersion, '0.1.0');
    const bare = parseStreamRequest(head('key=k', 'Accept: */*\r\nUser-Agent: curl\r\n'));
    assert.equal(bare.program, 'curl');
    assert.equal(bare.programVersion, null);
    assert.equal(parseStreamRequest('STREAM key=k HTTP/1.1\nUser-Agent: a/b\n\n').program, 'a');
  });

  it('refuses what is not a STREAM request, and malformed URLs', () => {
    assert.throws(() => parseStreamRequest('GET /api/v1/info HTTP/1.1\r\n\r\n'), /not a STREAM request/);
    assert.throws(() => parseStreamRequest('STREAM key=k\r\n\r\n'), /without an HTTP version/);
    assert.throws(() => parseStreamRequest(head('key=%0A')), /malformed URL/);
    assert.throws(() => parseStreamRequest(head('key=%C3')), /malformed URL/);
    assert.throws(() => parseStreamRequest(head('key=%4')), /malformed URL/);
  });
});

describe('urlDecode (url_decode_r)', () => {
  it('decodes + and %XX, keeps raw characters', () => {
    assert.equal(urlDecode('a+b%20c%2Fd'), 'a b c/d');
    assert.equal(urlDecode('Debian GNU/Linux'), 'Debian GNU/Linux');
    assert.equal(urlDecode('%E6%97%A5'), '日');
    assert.equal(urlDecode('日'), '日');
  });
});
