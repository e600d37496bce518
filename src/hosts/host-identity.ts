import type { HostIdentity } from '../projection/host-projection';
import type { StreamRequest } from '../net/stream-request';

/** What a host says about itself in its STREAM request; kept in the sessions table, so it can be rebuilt at start-up. */
export function identityFromRequest(req: StreamRequest, machineGuid: string): HostIdentity {
  return {
    hostname: req.hostname ?? '',
    machineGuid,
    os: req.os ?? '',
    timezone: req.timezone ?? '',
    abbrevTimezone: req.abbrevTimezone ?? '',
    utcOffset: req.utcOffset,
    tags: req.tags ?? '',
    programName: req.program ?? '',
    programVersion: req.programVersion ?? '',
    updateEvery: req.updateEvery,
  };
}
