/**
 * When an event arrived, as the event log records it: the time of the socket read that brought its line (a sample:
 * its BEGIN), over a real socket into an in-process parent with a real event log.
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, it } from 'node:test';
import type { LogEvent } from '../../src/eventlog/types';
import { KEY, startTestParent, streamRequest, waitFor, type TestParent } from '../helpers/in-process-parent';

const GUID = '3d1f6a0e-5b7c-4c2d-9e8f-0a1b2c3d4e5f';
const HOST = 'arrivals';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const block = (v: number) => `BEGIN "a.b" 1000000\nSET "x" = ${v}\nEND\n`;

let parent: TestParent | null = null;
after(() => parent?.stop());

it('the lines of one socket read share its arrival time; a later read has a later one', async () => {
  parent = await startTestParent();
  const socket = net.connect(parent.port, '127.0.0.1');
  socket.on('error', () => {});
  await new Promise((r) => socket.once('connect', r));
  let reply = '';
  socket.on('data', (d) => (reply += d.toString()));
  socket.write(streamRequest({ key: KEY, hostname: HOST, machine_guid: GUID, update_every: '1', ver: '3' }));
  await waitFor(() => reply.length > 0, 5000);

  const before = Date.now() * 1000;
  // one write: a definition, two blocks and a host variable, read by the parent in one go
  socket.write('CHART "a.b" "" "t" "u" "f" "a.b" "line" 1 1 "" "p" "m"\nDIMENSION "x" "x" "absolute" 1 1 ""\n' + block(1) + block(2) + 'VARIABLE HOST v = 1\n');
  await sleep(300);
  socket.write(block(3));
  const log = () => parent?.parent.registry.find(HOST)?.log ?? null;
  const events = await waitFor(() => {
    const all = [...(log()?.readEvents({}) ?? [])] as LogEvent[];
    return all.filter((e) => e.kind === 'sample').length === 3 ? all : undefined;
  }, 5000);
  socket.destroy();

  const first = events.filter((e) => !(e.kind === 'sample' && e.values[0] === 3));
  const last = events.find((e) => e.kind === 'sample' && e.values[0] === 3);
  assert.equal(first.length, 5, 'CHART, DIMENSION, two samples, VARIABLE');
  assert.ok(first.every((e) => e.arrivalUs === first[0].arrivalUs), JSON.stringify(first.map((e) => e.arrivalUs)));
  assert.ok(first[0].arrivalUs >= before);
  assert.ok(last && last.arrivalUs - first[0].arrivalUs >= 250_000, `${last?.arrivalUs} vs ${first[0].arrivalUs}`);
});
