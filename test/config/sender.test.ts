import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadTemp } from './temp-config';

test('[stream] defaults are Netdata 1.37\'s', () => {
  const s = loadTemp('', '').config.stream.sender;
  assert.equal(s.enabled, false);
  assert.equal(s.destination, '');
  assert.deepEqual(s.destinations, []);
  assert.equal(s.sslSkipCertificateVerification, false);
  assert.equal(s.caPath, null);
  assert.equal(s.caFile, null);
  assert.equal(s.apiKey, '');
  assert.equal(s.timeoutSeconds, 60);
  assert.equal(s.defaultPort, 19999);
  assert.equal(s.sendChartsMatching.source, '*');
  assert.equal(s.bufferSizeBytes, 10485760);
  assert.equal(s.reconnectDelaySeconds, 5);
  assert.equal(s.initialClockResyncIterations, 60);
  assert.equal(s.enableCompression, true);
});

test('[stream] keys are parsed, destinations included', () => {
  const stream = `[stream]
  enabled = yes
  destination = tcp:10.0.0.1 parent.example:20000:SSL [fe80::1%eth0]:19998 [::1]:SSL
  ssl skip certificate verification = yes
  CApath = /etc/ssl/certs/
  CAfile = /etc/ssl/certs/cert.pem
  api key = 11111111-2222-3333-4444-555555555555
  timeout seconds = 30
  default port = 19990
  send charts matching = !apps.* *
  buffer size bytes = 2048
  reconnect delay seconds = 7
  initial clock resync iterations = 0
  enable compression = no
`;
  const { config, warnings } = loadTemp('', stream);
  assert.deepEqual(warnings, []);
  const s = config.stream.sender;
  assert.equal(s.enabled, true);
  assert.deepEqual(s.destinations, [
    { host: '10.0.0.1', interface: null, port: 19990, ssl: false },
    { host: 'parent.example', interface: null, port: 20000, ssl: true },
    { host: 'fe80::1', interface: 'eth0', port: 19998, ssl: false },
    { host: '::1', interface: null, port: 19990, ssl: true },
  ]);
  assert.equal(s.sslSkipCertificateVerification, true);
  assert.equal(s.caPath, '/etc/ssl/certs/');
  assert.equal(s.caFile, '/etc/ssl/certs/cert.pem');
  assert.equal(s.apiKey, '11111111-2222-3333-4444-555555555555');
  assert.equal(s.timeoutSeconds, 30);
  assert.equal(s.sendChartsMatching.matches('apps.cpu'), false);
  assert.equal(s.sendChartsMatching.matches('system.cpu'), true);
  assert.equal(s.bufferSizeBytes, 2048);
  assert.equal(s.reconnectDelaySeconds, 7);
  assert.equal(s.initialClockResyncIterations, 0);
  assert.equal(s.enableCompression, false);
});
