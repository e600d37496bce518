import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CAP, PROMPT_V1, PROMPT_V2, PROMPT_VN } from '../../src/net/capabilities';
import { parseStreamRequest } from '../../src/net/stream-request';
import { parseStreamReply } from '../../src/net/stream-reply';
import { BUSY_BODY, DENIED_BODY, DUPLICATE_BODY } from '../../src/net/stream-refusals';
import { SENDER_CAPABILITIES, refusalReason, senderRequest } from '../../src/sender/handshake';
import { VERSION } from '../../src/version';
import { handshakeRequest } from '../../scripts/lib/loadgen-protocol';
import { CAPTURES } from '../helpers/captures';

const captured = fs.readFileSync(path.join(CAPTURES, 'request-1.37.1.txt'), 'utf8');
const KEY = '99999999-8888-7777-6666-555555555555';

/** The parameter names of a request head, in order, as written (empty values included). */
const names = (head: string): string[] =>
  head.slice('STREAM '.length, head.indexOf(' HTTP/')).split('&').map((p) => p.slice(0, p.indexOf('=')));

describe('the STREAM request of a proxied host', () => {
  const child = parseStreamRequest(captured);
  const ours = senderRequest(KEY, child, 1);
  const back = parseStreamRequest(ours);

  it('has the keys of a real 1.37.1 child, in its order', () => {
    assert.deepEqual(names(ours), names(captured));
  });

  it('carries the child as it announced itself, one hop further, with our capabilities and user agent', () => {
    assert.equal(back.key, KEY);
    for (const k of ['hostname', 'registryHostname', 'machineGuid', 'os', 'timezone', 'abbrevTimezone', 'utcOffset', 'updateEvery', 'tags'] as const) {
      assert.deepEqual(back[k], child[k], k);
    }
    assert.deepEqual(back.systemInfo, child.systemInfo);
    assert.equal(back.hops, 2);
    assert.equal(back.ver, String(SENDER_CAPABILITIES));
    assert.equal(SENDER_CAPABILITIES, CAP.VCAPS | CAP.HLABELS | CAP.CLAIM | CAP.CLABELS | CAP.REPLICATION);
    assert.deepEqual([back.params.get('ml_capable'), back.params.get('ml_enabled'), back.params.get('mc_version')], ['0', '0', '0']);
    assert.deepEqual([back.program, back.programVersion], ['streamledger', VERSION]);
    assert.ok(ours.endsWith(' HTTP/1.1\r\nUser-Agent: streamledger/' + VERSION + '\r\nAccept: */*\r\n\r\n'));
  });

  it('encodes values so that they arrive unchanged, spaces, slashes and percent signs included', () => {
    assert.match(ours, /&NETDATA_CONTAINER_OS_NAME=Debian\+GNU%2fLinux&/);
    const odd = parseStreamRequest(captured.replace('hostname=nd-child-1&', 'hostname=nd%25child+1&'));
    assert.equal(parseStreamRequest(senderRequest(KEY, odd, 1)).hostname, 'nd%child 1');
  });

  it('fills in what an older child did not send, as Netdata does', () => {
    const old = parseStreamRequest(handshakeRequest({ key: 'k', hostname: 'old', guid: '5e1f0000-10ad-4e6e-8000-000000000001', updateEvery: 2, ver: null }));
    const req = senderRequest(KEY, old, 2);
    assert.deepEqual(names(req), names(captured));
    const r = parseStreamRequest(req);
    assert.equal(r.hops, 2);
    assert.equal(r.updateEvery, 2);
    assert.equal(r.systemInfo.NETDATA_SYSTEM_OS_NAME, 'loadgen');
    assert.equal(r.params.get('NETDATA_SYSTEM_KERNEL_NAME'), undefined, 'sent empty');
  });
});

describe('the reply to it', () => {
  it('reads every prompt a parent answers with', () => {
    assert.deepEqual(parseStreamReply(`${PROMPT_VN}960`, true), { kind: 'accepted', caps: 960, version: 960, consumed: PROMPT_VN.length + 3 });
    // a 1.29 parent answers a number: version 3 is host labels and claim ids
    const v3 = parseStreamReply(`${PROMPT_VN}3`, true);
    assert.equal(v3.kind === 'accepted' && v3.caps & SENDER_CAPABILITIES, CAP.HLABELS | CAP.CLAIM);
    assert.deepEqual(parseStreamReply(PROMPT_V2, false), { kind: 'accepted', caps: CAP.V2 | CAP.HLABELS, version: 1, consumed: PROMPT_V2.length });
    assert.deepEqual(parseStreamReply(PROMPT_V1, true), { kind: 'accepted', caps: CAP.V1, version: 0, consumed: PROMPT_V1.length });
  });

  it('waits for the end of a number that comes without a newline', () => {
    assert.deepEqual(parseStreamReply(`${PROMPT_VN}96`, false), { kind: 'incomplete' });
    assert.deepEqual(parseStreamReply('Hit me baby', false), { kind: 'incomplete' });
    const early = parseStreamReply(`${PROMPT_VN}960\nREPLAY_CHART`, false);
    assert.equal(early.kind === 'accepted' && early.consumed, PROMPT_VN.length + 3);
  });

  it('names a refusal in Netdata\'s words', () => {
    assert.equal(parseStreamReply(DENIED_BODY, true).kind, 'refused');
    assert.deepEqual(refusalReason(DENIED_BODY), { reason: "remote server denied access, probably we don't have the right API key?", known: true });
    assert.deepEqual(refusalReason(DUPLICATE_BODY), { reason: 'remote server rejected this stream, the host we are trying to stream is already streamed to it', known: true });
    assert.deepEqual(refusalReason(BUSY_BODY), { reason: 'remote server is currently busy, we should try later', known: true });
    assert.deepEqual(refusalReason(''), { reason: 'remote netdata does not respond.', known: false });
    assert.deepEqual(refusalReason('HTTP/1.1 404 Not Found'), { reason: 'server is not replying properly (is it a netdata?).', known: false });
  });
});
