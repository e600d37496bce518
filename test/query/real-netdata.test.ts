import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runDataQuery } from '../../src/query';
import { cpuProjection, fixture } from './cpu-fixture';

// Answers of a real Netdata 1.37.1 parent for windows inside raw-system-cpu.csv, captured with
// curl ".../api/v1/data?chart=system.cpu&after=1795424700&before=1795424799&<params>".
const AFTER = 1795424700;
const BEFORE = 1795424799;
const NOW = 1795424900;

const cases: [string, string][] = [
  ['points=7', 'q-points7.json'],
  ['points=7&group=max', 'q-points7-max.json'],
  ['points=7&group=min', 'q-points7-min.json'],
  ['points=7&group=sum&options=flip', 'q-points7-sum-flip.json'],
  ['points=13&format=csv&dimensions=user|system', 'q-points13.csv'],
  ['points=9&format=array', 'q-points9.array'],
  ['points=5&options=percentage&dimensions=user,nice', 'q-points5-pct.json'],
  ['points=10&format=ssv&options=unaligned', 'q-points10-unaligned.ssv'],
  ['points=0&format=json&options=nonzero,objectrows,ms&dimensions=!user,*', 'q-raw-nonzero.json'],
  ['points=6&format=csvjsonarray&options=null2zero', 'q-points6.csvjsonarray'],
  ['points=4&format=tsv&options=abs,flip,seconds', 'q-points4.tsv'],
];

const host = cpuProjection();

for (const [query, file] of cases) {
  test(`data?${query} answers what Netdata 1.37.1 answered`, () => {
    const r = runDataQuery(host, new URLSearchParams(`chart=system.cpu&after=${AFTER}&before=${BEFORE}&${query}`), NOW);
    assert.equal(r.status, 200);
    assert.equal(r.body, fixture(file));
  });
}
