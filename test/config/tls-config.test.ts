import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeSelfSignedCert, tlsConf } from '../helpers/tls-cert';
import { configErrorOf, loadTemp, tempDir } from './temp-config';

const certs = tempDir({});
const pair = makeSelfSignedCert(certs, 'a');
const other = makeSelfSignedCert(certs, 'b');

test('without ssl key and certificate the parent is plain text only', () => {
  assert.equal(loadTemp('').config.parent.tls, null);
});

test('ssl key and certificate are read at start; ^SSL= sets each port', () => {
  const { config } = loadTemp(`[web]\n    bind to = 127.0.0.1:1 127.0.0.1:2^SSL=optional [::1]:3^SSL=force\n${tlsConf(pair)}`);
  const p = config.parent;
  assert.deepEqual(p.bind, [{ host: '127.0.0.1', port: 1 }, { host: '127.0.0.1', port: 2, tls: 'optional' }, { host: '::1', port: 3, tls: 'force' }]);
  assert.equal(p.tls?.keyFile, pair.keyFile);
  assert.equal(p.tls?.certFile, pair.certFile);
  assert.equal(p.tls?.cert, fs.readFileSync(pair.certFile, 'utf8'));
});

test('an unreadable or wrong key or certificate is a configuration error naming the file', () => {
  const missing = path.join(certs, 'missing.pem');
  const conf = (key: string, cert: string) => `[web]\n    ssl key = ${key}\n    ssl certificate = ${cert}\n`;
  assert.match(configErrorOf(() => loadTemp(conf(missing, pair.certFile))), new RegExp(`\\[web\\] "ssl key" = ".*": cannot read ${missing}`));
  assert.match(configErrorOf(() => loadTemp(conf(pair.keyFile, missing))), new RegExp(`\\[web\\] "ssl certificate" = ".*": cannot read ${missing}`));
  assert.match(configErrorOf(() => loadTemp(conf(pair.certFile, pair.certFile))), new RegExp(`${pair.certFile} is not an unencrypted PEM private key`));
  assert.match(configErrorOf(() => loadTemp(conf(pair.keyFile, pair.keyFile))), new RegExp(`${pair.keyFile} is not a PEM certificate`));
  assert.match(configErrorOf(() => loadTemp(conf(pair.keyFile, other.certFile))), new RegExp(`"ssl key" .*does not go with the certificate ${other.certFile}`));
});

test('half a pair, a ^SSL= port without one, or an unknown mode is refused rather than served in plain text', () => {
  assert.match(configErrorOf(() => loadTemp(`[web]\n    ssl key = ${pair.keyFile}\n`)), /"ssl key" .*needs \[web\] "ssl certificate" too/);
  assert.match(configErrorOf(() => loadTemp(`[web]\n    ssl certificate = ${pair.certFile}\n`)), /"ssl certificate" .*needs \[web\] "ssl key" too/);
  assert.match(configErrorOf(() => loadTemp('[web]\n    bind to = 127.0.0.1^SSL=force\n')), /"bind to" .*\^SSL= needs \[web\] "ssl key" and "ssl certificate"/);
  assert.match(configErrorOf(() => loadTemp(`[web]\n    bind to = 127.0.0.1^SSL=forced\n${tlsConf(pair)}`)), /expected \^SSL=optional or \^SSL=force/);
  // Netdata's ACL lists (`=dashboard|streaming`) are not supported, with or without the suffix
  assert.match(configErrorOf(() => loadTemp(`[web]\n    bind to = *=streaming^SSL=force\n${tlsConf(pair)}`)), /only HOST\[:PORT\] is supported/);
});
