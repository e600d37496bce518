import assert from 'node:assert/strict';
import { it } from 'node:test';
import { sanitizeLabelName, sanitizeLabelValue } from '../../src/model/label-sanitize';

it('cleans label values as a Netdata 1.37 parent stores them', () => {
  assert.equal(sanitizeLabelValue('[none]'), '_none_');
  assert.equal(sanitizeLabelValue(''), '[none]');
  assert.equal(sanitizeLabelValue('___'), '[none]');
  assert.equal(sanitizeLabelValue('  Debian GNU/Linux  12 (bookworm) '), 'Debian GNU/Linux 12 (bookworm)');
  assert.equal(sanitizeLabelValue('a,b;c=d\\e'), 'a.b:c:d/e');
  assert.equal(sanitizeLabelValue('x"y\'z*?'), 'x_y_z__');
  assert.equal(sanitizeLabelValue('2.596e+09'), '2.596e+09');
  assert.equal(sanitizeLabelValue('tcp:127.0.0.1:29991'), 'tcp:127.0.0.1:29991');
  assert.equal(sanitizeLabelValue('ελληνικά'), 'ελληνικά');
  assert.equal(sanitizeLabelValue('a\tb\n\nc'), 'a b c');
  assert.equal([...sanitizeLabelValue('v'.repeat(500))].length, 200);
});

it('cleans label names, turning spaces and colons into underscores', () => {
  assert.equal(sanitizeLabelName('_collect_plugin'), '_collect_plugin');
  assert.equal(sanitizeLabelName('my label:x'), 'my_label_x');
  assert.equal(sanitizeLabelName('a(b)'), 'a_b_');
});
