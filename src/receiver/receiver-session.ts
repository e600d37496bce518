import type net from 'node:net';
import type { Int64 } from '../model/types';
import type { Logger } from '../log';
import type { Host, LiveReceiver } from '../hosts/host';
import type { AccessLog } from '../net/access-log';
import { CAP } from '../net/capabilities';
import { LineTooLongError, StreamParser } from '../protocol/stream-parser';
import type { DimensionOrder, MetaCommand, StreamHandler } from '../protocol/types';
import { nowUs } from '../util/clock';
import type { ReplicationSettings } from '../config';
import { FUTURE_TOLERANCE_S, ReceiverReplication, isReplicationCommand, type ChartRefs, type ReplicationProgress } from '../replication/receiver-replication';
import type { SenderStatus, Upstream } from '../sender/upstream';

export interface ReceiverInfo {
  connId: number;
  peerIp: string;
  peerPort: number;
  apiKey: string;
  sessionId: number;
  capabilities: number;
  maxLineBytes: number;
  replication: ReplicationSettings;
}

/**
 * Per-chart lookups cached for the session: the log's dictionary refs and which dimensions the chart defines, indexed
 * in the projection's dimension order, which is also `order`'s.
 */
interface ChartCache extends ChartRefs {
  order: DimensionOrder; // what the child sends after BEGIN, so the parser can reuse these id strings
}

const MAX_REPORTS_PER_SESSION = 100;

/**
 * One child connection after the handshake: parses the stream, appends every command to the host's event log and applies
 * it to the projection. A bad line is logged with host, peer and the line; it never ends the session. Only an oversized
 * line (or the socket) does.
 */
export class ReceiverSession implements StreamHandler, LiveReceiver {
  readonly connectedUs = nowUs();
  private readonly parser: StreamParser;
  private readonly prefix: string;
  private lastMsgUs = this.connectedUs;
  private ended = false;
  /** The connection ended in a socket error (reset, unreachable) rather than being closed by the child. */
  vanished = false;
  private updates = 0;
  private reports = 0;
  private readonly chartCache = new Map<string, ChartCache>();
  private lastDefinedChart = '';
  // The BEGIN..END block being received; arrays are reused across blocks.
  private chartId: string | null = null;
  /**
   * Chart VARIABLEs sent inside a BEGIN..END block belong to the block's chart (as in Netdata's parser); they are logged
   * and applied right after the block's sample, so that replaying the log gives them to the same chart.
   */
  private blockVariables: Array<[MetaCommand, string]> = [];
  private chart: ChartCache | null = null;
  private usec = 0;
  private t = 0;
  private beginUs = 0;
  private n = 0;
  private readonly dimIds: string[] = [];
  private readonly dimRefs: number[] = [];
  /** Each value's dimension index in the chart: the projection then needs no lookup by id. */
  private readonly dimIndexes: number[] = [];
  private readonly values: (Int64 | null)[] = [];
  private readonly replication: ReceiverReplication;

  constructor(
    private readonly host: Host,
    private readonly socket: net.Socket,
    private readonly info: ReceiverInfo,
    private readonly logger: Logger,
    private readonly accessLog: AccessLog,
    private readonly onEnd: (session: ReceiverSession) => void,
    /** The host's sender when it is proxied: gets what is stored, as it is stored. */
    private readonly upstream: Upstream | null = null,
  ) {
    this.prefix = `STREAM ${host.hostname} [receive from [${info.peerIp}]:${info.peerPort}]`;
    this.parser = new StreamParser(this, { maxLineBytes: info.maxLineBytes });
    this.replication = new ReceiverReplication(
      host,
      info.replication,
      {
        sessionId: info.sessionId,
        prefix: this.prefix,
        send: (line) => {
          if (!socket.destroyed) socket.write(line);
        },
        appendAndApply: (cmd, line) => this.appendAndApply(cmd, line),
        report: (reason, line) => this.report(reason, line),
        chartRefs: (chartId) => this.lookupChart(chartId),
        readUs: () => this.lastMsgUs,
      },
      logger,
    );
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', (err) => {
      if (!this.ended) this.vanished = true;
      this.finish(`socket error: ${err.message}`);
    });
    socket.on('close', () => this.finish('disconnected'));
  }

  get connId(): number {
    return this.info.connId;
  }
  get peerIp(): string {
    return this.info.peerIp;
  }
  get peerPort(): number {
    return this.info.peerPort;
  }
  get sessionId(): number {
    return this.info.sessionId;
  }
  get capabilities(): number {
    return this.info.capabilities;
  }
  lastMessageUs(): number {
    return this.lastMsgUs;
  }
  replicationProgress(): ReplicationProgress {
    return this.replication.progress();
  }
  chartReplicating(chartId: string): boolean {
    return !this.ended && this.replication.replicating(chartId);
  }
  senderStatus(): SenderStatus | null {
    return this.upstream?.status() ?? null;
  }

  /** Bytes that arrived with the handshake, after its blank line. */
  receive(chunk: Buffer): void {
    if (this.ended) return;
    this.lastMsgUs = nowUs();
    try {
      this.parser.push(chunk);
    } catch (err) {
      if (!(err instanceof LineTooLongError)) throw err;
      this.logger.error(`${this.prefix}: received a line longer than ${this.info.maxLineBytes} bytes; closing the connection.`);
      this.shutdown('line too long');
    }
  }

  shutdown(reason: string): void {
    this.parser.stop();
    this.finish(reason);
    this.socket.destroy();
  }

  begin(chartId: string, usec: number, t: number): DimensionOrder | null {
    this.replication.finishPoint();
    if (this.chartId !== null) this.report(`BEGIN for chart '${chartId}' while chart '${this.chartId}' has no END; its values are dropped`, 'BEGIN');
    this.chartId = chartId;
    this.chart = this.lookupChart(chartId);
    if (!this.chart)
      this.report(`requested a BEGIN on chart '${chartId}', which does not exist on host '${this.host.hostname}'; ignoring its values`, `BEGIN "${chartId}"`);
    this.usec = usec;
    // a collection time means something only to a GAPS session; Netdata ignores a third BEGIN word
    this.t = this.info.capabilities & CAP.GAPS ? t : 0;
    this.beginUs = this.lastMsgUs; // the read that brought the BEGIN: one clock read per chunk, not per block
    this.n = 0;
    return this.chart?.order ?? null;
  }

  set(dimId: string, value: Int64 | null, expected: number): void {
    if (this.chartId === null) return this.report('SET without a BEGIN', `SET "${dimId}"`);
    const chart = this.chart;
    if (!chart) return;
    const k = expected >= 0 ? expected : chart.index.get(dimId);
    if (k === undefined)
      return this.report(`got a SET to dimension with id '${dimId}' of chart '${this.chartId}', which does not exist; ignoring it`, `SET "${dimId}"`);
    const i = this.n++;
    this.dimIds[i] = dimId;
    this.dimRefs[i] = chart.refs[k];
    this.dimIndexes[i] = k;
    this.values[i] = value;
  }

  end(): void {
    const chartId = this.chartId;
    if (chartId === null) return this.report('END without a BEGIN', 'END');
    this.chartId = null;
    if (this.chart && (!this.t || this.acceptsCollectionTime(chartId, this.t))) {
      this.host.log?.appendSample(this.info.sessionId, this.beginUs, this.chart.ref, this.usec, this.t, this.dimRefs, this.values, this.n);
      this.host.projection.collect(chartId, this.usec, this.beginUs, this.dimIds, this.values, this.n, this.t, this.dimIndexes);
      this.host.projection.lastAppliedSeq = this.host.log?.lastSeq() ?? 0;
      this.updates++;
      this.upstream?.sample(chartId, this.usec, this.dimIds, this.values, this.n, this.blockVariables, this.beginUs, this.t);
    }
    if (this.blockVariables.length) {
      for (const [cmd, line] of this.blockVariables) this.appendAndApply(cmd, line);
      this.blockVariables = [];
    }
    this.stopIfLogFails();
  }

  /** A GAPS block (BEGIN with a collection time) is stored once, in order, and not from the future. */
  private acceptsCollectionTime(chartId: string, t: number): boolean {
    if (t > Math.floor(nowUs() / 1e6) + FUTURE_TOLERANCE_S) {
      this.report(`BEGIN of chart '${chartId}' collected at ${t}, which is in the future; ignoring its values`, `BEGIN "${chartId}"`);
      return false;
    }
    if (this.host.projection.acceptsCollectionTime(chartId, t)) return true;
    this.report(`BEGIN of chart '${chartId}' collected at ${t}, which is already stored or older than what is; ignoring its values`, `BEGIN "${chartId}"`);
    return false;
  }

  meta(cmd: MetaCommand, line: string): void {
    if (isReplicationCommand(cmd)) {
      this.replication.handle(cmd, line);
      return this.stopIfLogFails();
    }
    this.replication.finishPoint();
    const gaps = (this.info.capabilities & CAP.GAPS) !== 0;
    if (cmd.cmd === 'TIMESTAMP' && !gaps) {
      this.logger.error(`STREAM ${this.host.hostname} from [${this.info.peerIp}]:${this.info.peerPort}: Child negotiated version ${this.info.capabilities} but sent TIMESTAMP!`);
    }
    if (cmd.cmd === 'VARIABLE' && cmd.scope === 'CHART' && this.chartId !== null) {
      this.blockVariables.push([cmd, line]);
      return;
    }
    this.appendAndApply(cmd, line);
    this.upstream?.line(cmd, line);
    // A (re)definition changes which dimensions a chart has: drop the cached lookup.
    if (cmd.cmd === 'CHART') {
      this.lastDefinedChart = cmd.chart.id;
      this.chartCache.delete(cmd.chart.id);
    } else if (cmd.cmd === 'DIMENSION') this.chartCache.delete(this.lastDefinedChart);
    else if (cmd.cmd === 'CHART_DEFINITION_END' && this.info.capabilities & CAP.REPLICATION) this.replication.chartDefined(this.lastDefinedChart, cmd);
    else if (cmd.cmd === 'TIMESTAMP' && gaps) this.replication.timestamp(cmd.t);
    this.stopIfLogFails();
  }

  private appendAndApply(cmd: MetaCommand, line: string): void {
    this.host.log?.appendLine(this.info.sessionId, this.lastMsgUs, line);
    this.host.projection.apply(cmd);
    this.host.projection.lastAppliedSeq = this.host.log?.lastSeq() ?? 0;
  }

  /**
   * A log that cannot commit keeps what it has in memory; taking more would grow memory without bound and make the
   * child believe it was stored. The child reconnects later and is refused until commits work again.
   */
  private stopIfLogFails(): void {
    const failure = this.host.log?.failure;
    if (!failure) return;
    this.logger.error(`${this.prefix}: cannot save received data to the event log (${failure}); closing the connection, what was received is kept until it can be saved.`);
    this.shutdown('event log cannot be written');
  }

  bad(reason: string, line: string): void {
    this.report(reason, line);
  }

  private lookupChart(chartId: string): ChartCache | null {
    const cached = this.chartCache.get(chartId);
    if (cached) return cached;
    const view = this.host.projection.chart(chartId);
    const log = this.host.log;
    if (!view || view.def.id !== chartId || !log) return null;
    const ref = log.chartRef(chartId);
    const ids = view.dimensions.map((d) => d.def.id);
    const index = new Map(ids.map((id, k) => [id, k]));
    const refs = ids.map((id) => log.dimRef(ref, id));
    const entry = { ref, index, refs, order: { ids, bytes: ids.map((id) => Buffer.from(id, 'utf8')) } };
    this.chartCache.set(chartId, entry);
    return entry;
  }

  /** Logs a protocol problem with host, peer and line; bounded per session so a garbage stream cannot flood the log. */
  private report(reason: string, line: string): void {
    if (++this.reports > MAX_REPORTS_PER_SESSION) return;
    const suffix = this.reports === MAX_REPORTS_PER_SESSION ? ' (further problems of this session are not logged)' : '';
    this.logger.error({ line: line.slice(0, 200) }, `${this.prefix}: ${reason}${suffix}`);
  }

  private finish(reason: string): void {
    if (this.ended) return;
    this.ended = true;
    try {
      this.replication.finishPoint();
    } catch (err) {
      this.logger.error({ err }, `${this.prefix}: cannot store the last replicated point`);
    }
    const end = nowUs();
    try {
      // a block cut short by the disconnection still has its variables logged
      for (const [cmd, line] of this.blockVariables.splice(0)) this.appendAndApply(cmd, line);
      this.host.log?.endSession(this.info.sessionId, end, reason);
    } catch (err) {
      this.logger.error({ err }, `${this.prefix}: cannot record the end of the session in the event log`);
    }
    this.upstream?.stop();
    this.accessLog.stream(this.info.connId, this.info.peerIp, this.info.peerPort, 'DISCONNECTED', this.host.hostname, this.info.apiKey, this.host.machineGuid);
    this.logger.error(`${this.prefix}: disconnected (completed ${this.updates} updates).`);
    this.onEnd(this);
  }
}
