import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SimplePattern } from '../../src/config';

const matches = (expr: string, s: string) => new SimplePattern(expr).matches(s);

test('a lone * matches anything, including empty strings, dots, slashes and ..', () => {
  for (const s of ['', 'x', '10.0.0.1', '::1', 'a/b/c', '..', '../x', './x', '/', 'a b']) {
    assert.equal(matches('*', s), true, s);
  }
});

test('no word matching means false; an empty pattern matches nothing and says it is empty', () => {
  assert.equal(matches('10.*', '192.168.1.1'), false);
  const empty = new SimplePattern('   ');
  assert.equal(empty.matches('anything'), false);
  assert.equal(empty.empty, true);
  assert.equal(new SimplePattern('*').empty, false);
  assert.equal(empty.source, '   ');
});

test('words are exact unless they hold *; matching is case-sensitive', () => {
  assert.equal(matches('10.0.0.1', '10.0.0.1'), true);
  assert.equal(matches('10.0.0.1', '10.0.0.10'), false);
  assert.equal(matches('10.0.0.1', '110.0.0.1'), false);
  assert.equal(matches('system.cpu', 'System.cpu'), false);
});

test('* works at the start, in the middle and at the end of a word, several times', () => {
  assert.equal(matches('*.cpu', 'system.cpu'), true);
  assert.equal(matches('*.cpu', 'system.cpus'), false);
  assert.equal(matches('apps.*', 'apps.mem'), true);
  assert.equal(matches('disk_*.sda', 'disk_ops.sda'), true);
  assert.equal(matches('disk_*.sda', 'disk_ops.sdb'), false);
  assert.equal(matches('a*b*c', 'aXXbYYc'), true);
  assert.equal(matches('a*b*c', 'acb'), false);
  assert.equal(matches('a*a', 'a'), false);
  assert.equal(matches('a**b', 'ab'), true);
});

test('* crosses dots and slashes, which stay literal characters', () => {
  assert.equal(matches('cgroup_*', 'cgroup_/docker/abc.scope'), true);
  assert.equal(matches('a*b', 'a/../b'), true);
  assert.equal(matches('a*b', 'a/./b'), true);
  assert.equal(matches('./x', 'x'), false);
  assert.equal(matches('./x', './x'), true);
  assert.equal(matches('10.0.*.1', '10.0.99.1'), true);
  // the dot is not a regex/glob wildcard
  assert.equal(matches('10.0.0.1', '10a0b0c1'), false);
});

test('other glob and regex characters are literal', () => {
  for (const literal of ['a?c', 'a[b]c', '{a,b}', '+(x)', 'a|b', '^a$', 'a(b)', '@(x)']) {
    assert.equal(matches(literal, literal), true, literal);
  }
  assert.equal(matches('a?c', 'abc'), false);
  assert.equal(matches('a[b]c', 'abc'), false);
  assert.equal(matches('{a,b}', 'a'), false);
  assert.equal(matches('a|b', 'a'), false);
});

test('the first matching word decides: negative words exclude', () => {
  assert.equal(matches('!10.0.0.1 10.*', '10.0.0.1'), false);
  assert.equal(matches('!10.0.0.1 10.*', '10.0.0.2'), true);
  // order matters: the positive word comes first here, so it wins
  assert.equal(matches('10.* !10.0.0.1', '10.0.0.1'), true);
  assert.equal(matches('!*', 'x'), false);
  assert.equal(matches('!apps.* *', 'apps.cpu'), false);
  assert.equal(matches('!apps.* *', 'system.cpu'), true);
  // a negative word that does not match just passes to the next one
  assert.equal(matches('!192.* 10.*', '172.16.0.1'), false);
});

test('IP address patterns, IPv4 and IPv6', () => {
  const allow = new SimplePattern('127.0.0.1 ::1 !10.1.* 10.* 192.168.*.*');
  assert.equal(allow.matches('127.0.0.1'), true);
  assert.equal(allow.matches('::1'), true);
  assert.equal(allow.matches('10.1.2.3'), false);
  assert.equal(allow.matches('10.2.2.3'), true);
  assert.equal(allow.matches('192.168.0.7'), true);
  assert.equal(allow.matches('172.16.0.1'), false);
  assert.equal(matches('fe80::*', 'fe80::1%eth0'), true);
});

test('any white space separates words; backslash keeps a space inside a word', () => {
  assert.equal(matches('a\tb\n c', 'b'), true);
  assert.equal(matches('a\\ b', 'a b'), true);
  assert.equal(matches('a\\ b', 'a'), false);
  // an escaped ! is a literal character, not negation
  assert.equal(matches('\\!x', '!x'), true);
  // a bare ! is dropped
  assert.equal(matches('! x', 'x'), true);
});

test('non-ASCII text matches literally and under *', () => {
  assert.equal(matches('café*', 'café-ü'), true);
  assert.equal(matches('*ü', 'café-ü'), true);
  // U+0100 then U+0062 would hold the digits of "b" across a character boundary if encoding were unaligned
  assert.equal(matches('*b*', '\u0100\u6200'), false);
});
