import type net from 'node:net';
import type { LoadedConfig } from '../config';
import type { Logger } from '../log';
import type { HostRegistry } from '../hosts/host-registry';
import { identityFromRequest } from '../hosts/host-identity';
import type { AccessLog } from '../net/access-log';
import type { Peer } from '../net/peer';
import { CAP, capabilitiesToString, negotiate } from '../net/capabilities';
import { authorizeStream } from '../net/stream-auth';
import { BUSY_BODY, DENIED_BODY, DUPLICATE_BODY } from '../net/stream-refusals';
import { parseStreamRequest, type StreamRequest } from '../net/stream-request';
import { startHostSender } from '../sender/start-sender';
import { nowUs } from '../util/clock';
import { ReceiverSession } from './receiver-session';

/** A receiver that sent nothing for this long is considered dead and may be replaced by a new connection (Netdata: 30 s). */
export const RECEIVER_ALIVE_SECONDS = 30;

/**
 * Turns an authenticated STREAM request into a receiver session: Netdata's checks and refusals, the rate limit, the
 * duplicate-connection rule, version negotiation, and the reply. Refusals are written raw (no HTTP status line), as a
 * Netdata 1.37 parent does; the status goes to the logs.
 */
export class StreamAcceptor {
  private lastAcceptedSec = 0;

  constructor(
    private readonly config: LoadedConfig,
    private readonly registry: HostRegistry,
    private readonly accessLog: AccessLog,
    private readonly logger: Logger,
    private readonly aliveSeconds = RECEIVER_ALIVE_SECONDS,
  ) {}

  accept(socket: net.Socket, head: string, rest: Buffer, peer: Peer): void {
    const where = `[receive from [${peer.ip}]:${peer.port}]`;
    let req: StreamRequest;
    try {
      req = parseStreamRequest(head);
    } catch (err) {
      this.logger.error(`STREAM ${where}: malformed streaming request: ${(err as Error).message}`);
      return this.refuse(socket, DENIED_BODY);
    }
    const auth = authorizeStream(req, peer.ip, this.config.stream, this.registry.localhost.machineGuid);
    if (!auth.ok) {
      this.accessLog.stream(peer.connId, peer.ip, peer.port, auth.outcome, req.hostname || '-', req.key || '-', req.machineGuid || '-');
      this.logger.error(`STREAM ${where}: ${auth.message}`);
      return this.refuse(socket, DENIED_BODY);
    }
    const { apiKey, hostname, machineGuid } = auth;

    const rate = this.config.parent.acceptStreamingEverySeconds;
    const nowSec = Math.floor(Date.now() / 1000);
    if (rate > 0 && this.lastAcceptedSec && nowSec - this.lastAcceptedSec < rate) {
      this.accessLog.stream(peer.connId, peer.ip, peer.port, 'RATE LIMIT TRY LATER', hostname, apiKey, machineGuid);
      this.logger.error(`STREAM ${where}: too busy to accept new streaming request. Will be allowed in ${rate - (nowSec - this.lastAcceptedSec)} secs.`);
      return this.refuse(socket, BUSY_BODY);
    }

    const existing = this.registry.find(machineGuid);
    if (existing?.receiver && existing.machineGuid === machineGuid) {
      const ageSec = Math.floor((nowUs() - existing.receiver.lastMessageUs()) / 1e6);
      if (ageSec <= this.aliveSeconds) {
        this.accessLog.stream(peer.connId, peer.ip, peer.port, 'REJECTED - ALREADY CONNECTED', existing.hostname, apiKey, machineGuid);
        this.logger.info(`STREAM ${existing.hostname} ${where}: multiple connections for same host detected - existing connection is active (within last ${ageSec} sec), rejecting new connection.`);
        return this.refuse(socket, DUPLICATE_BODY);
      }
      this.logger.info(`STREAM ${existing.hostname} ${where}: multiple connections for same host detected - existing connection is dead (${ageSec} sec), accepting new connection.`);
      existing.receiver.shutdown('replaced by a new connection');
    }
    if (rate > 0) this.lastAcceptedSec = nowSec;

    const settings = this.config.stream.host(apiKey, machineGuid);
    const identity = identityFromRequest(req, machineGuid);
    const host = this.registry.open(machineGuid, identity, apiKey);
    host.hostname = hostname;
    host.settings = settings;
    host.hops = req.hops;
    host.projection.setIdentity(identity);
    const prefix = `STREAM ${hostname} ${where}`;
    this.logger.info(
      `${prefix}: client willing to stream metrics for host '${hostname}' with machine_guid '${machineGuid}': update every = ${req.updateEvery}, history = ${settings.history}, memory mode = ${settings.memoryMode}, health ${settings.healthEnabled === 'yes' ? 'enabled' : settings.healthEnabled === 'no' ? 'disabled' : 'auto'}, tags '${req.tags ?? ''}'`,
    );
    this.logger.info(`${prefix}: initializing communication...`);
    const neg = negotiate(req.ver);
    if (neg.capabilities & CAP.VCAPS) this.logger.info(`${prefix}: established link with negotiated capabilities: ${capabilitiesToString(neg.capabilities)}`);
    else if (neg.capabilities & (CAP.VN | CAP.V2)) this.logger.info(`${prefix}: Netdata is using the stream version ${neg.negotiated}.`);
    else this.logger.info(`${prefix}: Netdata is using first stream protocol.`);

    if (!host.log) return this.refuse(socket, DENIED_BODY); // the parent's own host never reaches here: its GUID is refused above
    let sessionId: number;
    try {
      sessionId = host.log.startSession({
        peerIp: peer.ip,
        peerPort: peer.port,
        apiKey,
        hostname,
        machineGuid,
        requestedVer: req.ver,
        negotiated: neg.negotiated,
        capabilities: neg.capabilities & CAP.VCAPS ? neg.capabilities : null,
        program: req.program,
        programVersion: req.programVersion,
        requestParams: Object.fromEntries(req.params),
        startedUs: nowUs(),
      });
    } catch (err) {
      this.accessLog.stream(peer.connId, peer.ip, peer.port, 'FAILED - CANNOT ACQUIRE HOST', hostname, apiKey, machineGuid);
      // A full disk: the child retries later, as after any refusal.
      this.logger.error({ err }, `${prefix}: failed to record the session in the event log: ${(err as Error).message}`);
      return this.refuse(socket, BUSY_BODY);
    }

    socket.write(neg.reply);
    const upstream = startHostSender(host, req, settings, neg.capabilities, this.config, this.logger);
    const session = new ReceiverSession(
      host,
      socket,
      { connId: peer.connId, peerIp: peer.ip, peerPort: peer.port, apiKey, sessionId, capabilities: neg.capabilities, maxLineBytes: this.config.parent.eventLog.maxLineBytes, replication: settings.replication },
      this.logger,
      this.accessLog,
      (s) => {
        if (host.receiver === s) {
          host.receiver = null;
          host.lastDisconnectUs = nowUs();
          host.vanished = s.vanished;
        }
      },
      upstream,
    );
    host.receiver = session;
    this.logger.info(`${prefix}: receiving metrics...`);
    this.accessLog.stream(peer.connId, peer.ip, peer.port, 'CONNECTED', hostname, apiKey, machineGuid);
    if (rest.length) session.receive(rest);
  }

  private refuse(socket: net.Socket, body: string): void {
    socket.end(body);
    setTimeout(() => socket.destroy(), 1000).unref(); // do not wait on a peer that keeps its side open
  }
}
