import type { StreamConfig } from '../config';
import type { StreamRequest } from './stream-request';

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export function isGuid(s: string): boolean {
  return GUID.test(s);
}

export type AuthResult =
  | { ok: true; apiKey: string; hostname: string; machineGuid: string }
  | { ok: false; outcome: string; message: string };

/**
 * The receiver's checks, in Netdata's order (seeds receiver.c, rrdpush_receiver_thread_spawn). Every refusal gets the same
 * body from the caller; `outcome` is the access-log wording and `message` the error-log line (after the STREAM prefix).
 */
export function authorizeStream(req: StreamRequest, peerIp: string, stream: StreamConfig, ownGuid: string): AuthResult {
  const key = req.key ?? '';
  const hostname = req.hostname ?? '';
  const guid = (req.machineGuid ?? '').toLowerCase();
  const deny = (outcome: string, message: string): AuthResult => ({ ok: false, outcome, message });

  if (!key) return deny('ACCESS DENIED - NO KEY', 'request without an API key. Forbidding access.');
  if (!hostname) return deny('ACCESS DENIED - NO HOSTNAME', 'request without a hostname. Forbidding access.');
  if (!guid) return deny('ACCESS DENIED - NO MACHINE GUID', 'request without a machine GUID. Forbidding access.');
  if (!isGuid(key))
    return deny('ACCESS DENIED - INVALID KEY', `API key '${key}' is not valid GUID (use the command uuidgen to generate one). Forbidding access.`);
  if (!isGuid(guid)) return deny('ACCESS DENIED - INVALID MACHINE GUID', `machine GUID '${guid}' is not GUID. Forbidding access.`);

  const keySection = stream.key(key);
  if (keySection.exists && keySection.type !== 'api') return deny('ACCESS DENIED - INVALID KEY', `API key '${key}' is a machine GUID. Forbidding access.`);
  if (!keySection.enabled) return deny('ACCESS DENIED - KEY NOT ENABLED', `API key '${key}' is not allowed. Forbidding access.`);
  if (!keySection.allowFrom.empty && !keySection.allowFrom.matches(peerIp))
    return deny('ACCESS DENIED - KEY NOT ALLOWED FROM THIS IP', `API key '${key}' is not permitted from this IP. Forbidding access.`);

  const machine = stream.machine(guid);
  if (machine.exists && machine.type !== 'machine')
    return deny('ACCESS DENIED - INVALID MACHINE GUID', `machine GUID '${guid}' is an API key. Forbidding access.`);
  if (!machine.enabled) return deny('ACCESS DENIED - MACHINE GUID NOT ENABLED', `machine GUID '${guid}' is not allowed. Forbidding access.`);
  if (!machine.allowFrom.empty && !machine.allowFrom.matches(peerIp))
    return deny('ACCESS DENIED - MACHINE GUID NOT ALLOWED FROM THIS IP', `Machine GUID '${guid}' is not permitted from this IP. Forbidding access.`);

  if (guid === ownGuid.toLowerCase())
    return deny(
      'DENIED - ATTEMPT TO RECEIVE METRICS FROM MACHINE_GUID IDENTICAL TO PARENT',
      `denied to receive metrics, machine GUID [${guid}] is my own. Did you copy the parent/proxy machine GUID to a child?`,
    );
  return { ok: true, apiKey: key, hostname, machineGuid: guid };
}
