import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import { HostEventLog } from '../../src/eventlog';
import type { EventLogOptions, SessionStart } from '../../src/eventlog';
import { silentLogger } from '../../src/log';

/** A fresh directory, removed when the test file ends. */
export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'streamledger-eventlog-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Opens a log that only commits when told to (or at session start/end/close), unless opts say otherwise. */
export function openLog(file: string, opts: Partial<EventLogOptions> = {}): HostEventLog {
  return HostEventLog.open(file, { flushMs: 3_600_000, flushEvents: 1_000_000, logger: silentLogger, ...opts });
}

export function sessionStart(startedUs: number, overrides: Partial<SessionStart> = {}): SessionStart {
  return {
    peerIp: '10.1.2.3',
    peerPort: 51234,
    apiKey: '11111111-2222-3333-4444-555555555555',
    hostname: 'child-a',
    machineGuid: '66666666-7777-8888-9999-000000000000',
    requestedVer: '16376',
    negotiated: 8056,
    capabilities: 8056,
    program: 'netdata',
    programVersion: 'v1.37.1',
    requestParams: { hostname: 'child-a', ver: '16376', update_every: '1' },
    startedUs,
    ...overrides,
  };
}
