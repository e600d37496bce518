import assert from 'node:assert/strict';
import { it } from 'node:test';
import { allmetricsRoute } from '../../src/api/routes/allmetrics';
import { parityAnswers, parityProjection } from '../query/parity-replay';

/** The block of one chart in an answer of the real parent, for comparison with ours. */
function section(body: string, start: string, end: string): string {
  const i = body.indexOf(start);
  assert.ok(i >= 0, `${start} not in the answer`);
  return body.slice(i, body.indexOf(end, i + start.length));
}

const real = (query: string) => parityAnswers().find((a) => a.query === query)!.body;

it('allmetrics?format=shell prints system.cpu as a real Netdata 1.37.1 parent does', () => {
  const ours = allmetricsRoute(parityProjection(), new URLSearchParams('format=shell'));
  assert.equal(ours.status, 200);
  assert.equal(section(ours.body, '# chart: system.cpu', '\n\n'), section(real('allmetrics?format=shell'), '# chart: system.cpu', '\n\n'));
  assert.ok(ours.body.endsWith('\n# NETDATA ALARMS RUNNING\n'));
});

it('allmetrics?format=json prints system.cpu as a real Netdata 1.37.1 parent does', () => {
  const ours = allmetricsRoute(parityProjection(), new URLSearchParams('format=json'));
  assert.equal(ours.status, 200);
  JSON.parse(ours.body);
  assert.equal(section(ours.body, '"system.cpu": {', '\n\t}'), section(real('allmetrics?format=json'), '"system.cpu": {', '\n\t}'));
});

it('allmetrics refuses an unknown format with Netdata\'s words', () => {
  const r = allmetricsRoute(parityProjection(), new URLSearchParams('format=xml'));
  assert.equal(r.status, 400);
  assert.equal(r.body, real('allmetrics?format=xml'));
});
