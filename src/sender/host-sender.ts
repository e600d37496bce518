import type net from 'node:net';
import type { StreamDestination } from '../config';
import type { HostEventLog } from '../eventlog';
import type { Int64 } from '../model/types';
import type { SimplePattern } from '../config/simple-pattern';
import type { Logger } from '../log';
import { CAP } from '../net/capabilities';
import { parseStreamReply } from '../net/stream-reply';
import type { HostProjection } from '../projection/host-projection';
import { END_LINE, formatBegin, formatSet, formatVariable } from '../protocol/encoder';
import { parseReplayChart, type ReplayChartCommand } from '../protocol/replication-commands';
import { splitWords } from '../protocol/tokenizer';
import type { MetaCommand } from '../protocol/types';
import { ChartFilter } from './chart-filter';
import { DeferredReplays } from './deferred-replays';
import { destinationName, openConnection, type SenderTls } from './connect';
import { catchUp } from './gaps-catch-up';
import { GapsClock } from './gaps-clock';
import { refusalReason, senderCapabilities } from './handshake';
import { chartDefinitionEnd, hostStateLines } from './host-state';
import { replicationAnswer } from './replication-answer';
import { ReplicationGate } from './replication-gate';
import { SendBuffer } from './send-buffer';
import type { SampleHandler, SenderStatus, Upstream } from './upstream';

export interface HostSenderOptions {
  hostname: string;
  projection: HostProjection;
  /** The STREAM request (handshake.ts senderRequest). */
  request: string;
  /** Tried in order from the preferred one; the first that connects is used. */
  destinations: StreamDestination[];
  /** The destination setting as written, for the "connecting..." and "failed to connect" lines. */
  destinationText: string;
  sendChartsMatching: SimplePattern;
  timeoutSeconds: number;
  bufferSizeBytes: number;
  reconnectDelaySeconds: number;
  tls: SenderTls;
  /** Whether the chart is still being replicated from the host's child: its REPLAY_CHART answers wait until not. */
  replicatingFromBelow?: (chartId: string) => boolean;
  /** The host's event log: a GAPS parent's REPLICATE is answered from it (gaps-catch-up.ts). */
  eventLog?: HostEventLog | null;
}

/** Bytes handed to the socket at once. */
const CHUNK_BYTES = 64 * 1024;
/** A VN prompt ends without a newline: after this much silence its number is complete. */
const PROMPT_SETTLE_MS = 200;
/** A parent's line longer than this is dropped (REPLAY_CHART lines are short). */
const MAX_COMMAND_BYTES = 64 * 1024;
/** The lines that continue a chart's definition: anything else ends it (and gets its CHART_DEFINITION_END first). */
const DEFINITION_PARTS = new Set(['DIMENSION', 'CLABEL', 'CLABEL_COMMIT']);

type State = 'connecting' | 'handshake' | 'connected' | 'waiting' | 'stopped';

/**
 * Streams one received host to a parent, as Netdata's sender thread does for a proxied host (streaming/sender.c):
 * connects to the first destination that accepts, does the STREAM handshake, sends the host's state (host-state.ts),
 * then every line the receiver stores for the host that `send charts matching` lets through.
 *
 * The receiver's calls only append to a buffer of `buffer size bytes` and return; the socket is written from the
 * event loop as it drains. A buffer that would overflow, a parent that takes nothing or says nothing for
 * `timeout seconds`, or a broken connection closes the connection (logged as Netdata logs it), drops what is buffered,
 * and connects again after `reconnect delay seconds`, starting with the state again. A refused handshake moves on to
 * the next destination; a failed connection tries the next one at once.
 *
 * With a parent that negotiated REPLICATION, every chart definition sent ends with CHART_DEFINITION_END, the parent's
 * REPLAY_CHART requests are answered from the projection (replication-answer.ts), and a chart's live blocks go only
 * after its answer said start streaming (replication-gate.ts), as a 1.37 child does. A request for a chart still being
 * replicated from the host's own child waits until that is over (deferred-replays.ts).
 *
 * With a parent that negotiated GAPS (a streamledger parent) every block goes with its collection second
 * (gaps-clock.ts); after the state comes `TIMESTAMP <now>`, and the parent's `REPLICATE <from> <to>` is answered from
 * the event log (gaps-catch-up.ts), after which live blocks go again; those arriving before are in the log, and go with
 * the catch-up.
 */
export class HostSender implements Upstream {
  private state: State = 'waiting';
  private socket: net.Socket | null = null;
  /** The destination of the current (or last) connection, as the log lines name it. */
  private connectedTo: string | null = null;
  private handshakeIndex = 0;
  /** Where the next connection attempt starts in the destination list. */
  private nextDestination = 0;
  private caps = 0;
  private reply = '';
  private commands = '';
  private readonly buffer: SendBuffer;
  private readonly filter: ChartFilter;
  private flushQueued = false;
  private notReadyLogged = false;
  /** The reconnect delay, the handshake reply's timeout or its settle time: one at a time. */
  private timer: NodeJS.Timeout | null = null;
  private ticker: NodeJS.Timeout | null = null;
  private connectedAtMs = 0;
  private lastTrafficMs = 0;
  private sentBytes = 0;
  private sentOnConnection = 0;
  private sendAttempts = 0;
  private reconnects = 0;
  private lastError: string | null = null;
  private readonly prefix: string;
  private readonly gate: ReplicationGate;
  /** The chart whose definition was sent and whose CHART_DEFINITION_END is still to go (REPLICATION). */
  private definitionOpen: string | null = null;
  /**
   * Answers that came due while a chart's definition was going out: RBEGIN/REND change the parent's current chart, so
   * one between a CHART and its DIMENSIONs makes a Netdata parent drop the connection; they go after the definition.
   */
  private answersAfterDefinition: ReplayChartCommand[] = [];
  private replicatedPoints = 0;
  private replicationAnswers = 0;
  private readonly deferred: DeferredReplays<ReplayChartCommand>;
  private readonly clock = new GapsClock();
  /** GAPS: live blocks go (the catch-up is over); false from the handshake until then. */
  private gapsLive = true;
  /** The connection whose REPLICATE is being answered (one at a time per connection). */
  private catchingUpFor: net.Socket | null = null;

  constructor(private readonly o: HostSenderOptions, private readonly logger: Logger) {
    this.prefix = `STREAM ${o.hostname}`;
    this.deferred = new DeferredReplays(o.replicatingFromBelow ?? (() => false), (_id, r) => this.answerReplay(r));
    this.buffer = new SendBuffer(o.bufferSizeBytes);
    this.gate = new ReplicationGate(o.bufferSizeBytes);
    this.filter = new ChartFilter(o.sendChartsMatching, (id) => o.projection.chart(id)?.name ?? id);
  }

  start(): void {
    void this.connect();
  }

  line(cmd: MetaCommand, text: string): void {
    try {
      const continuesDefinition = DEFINITION_PARTS.has(cmd.cmd) || (cmd.cmd === 'VARIABLE' && cmd.scope === 'CHART' && this.filter.defining !== null);
      const due = continuesDefinition ? [] : this.endDefinition();
      // a definition that finds no connection goes with the host's state when one is established
      if (this.filter.passes(cmd, this.caps) && this.state === 'connected') {
        if (cmd.cmd === 'CHART' && this.replicating()) this.definitionOpen = cmd.chart.id;
        // a VARIABLE goes with its scope spelled out: what precedes it upstream is not always what preceded it here
        this.enqueue((cmd.cmd === 'VARIABLE' ? formatVariable(cmd.scope, cmd.name, cmd.value) : text) + '\n');
      }
      this.answerAll(due);
    } catch (err) {
      this.logger.error({ err }, `${this.prefix} [send]: cannot queue a line for sending`);
    }
  }

  readonly sample: SampleHandler = (chartId, usec, dimIds, values, count, variables, arrivalUs, t) => {
    try {
      // answers that waited for the definition's end go after this block: built from the projection, which already
      // holds the block, they must find it held by the gate (and drop it), not release the gate before it
      const due = this.endDefinition();
      this.sendSample(chartId, usec, dimIds, values, count, variables, arrivalUs, t);
      this.answerAll(due);
    } catch (err) {
      this.logger.error({ err }, `${this.prefix} [send]: cannot queue a sample for sending`);
    }
  };

  /** The block, filtered, then held by the gate while its chart waits for its REPLAY_CHART answer. */
  private readonly sendSample: SampleHandler = (chartId, usec, dimIds, values, count, variables, arrivalUs, tBelow) => {
    if (!this.filter.sample(chartId) || !this.ready()) return;
    let t = 0;
    if (this.gaps()) {
      // before the catch-up is over the block is left to it: it is in the event log already
      if (!this.gapsLive) return;
      t = this.clock.second(chartId, usec, arrivalUs, tBelow);
    }
    const text = formatBlock(chartId, usec, t, dimIds, values, count, variables);
    if (this.replicating() && !this.gate.admit(chartId, text)) return;
    this.enqueue(text);
  };

  stop(): void {
    if (this.state === 'stopped') return;
    const socket = this.socket;
    const connected = this.state === 'connected';
    this.state = 'stopped';
    this.clearTimers();
    this.deferred.clear();
    this.socket = null;
    if (socket && connected) {
      // what is buffered still goes, then the parent sees the stream end as after a child's clean stop
      socket.end(this.buffer.take(Infinity)?.text ?? '');
      setTimeout(() => socket.destroy(), 1000).unref();
    } else socket?.destroy();
    this.buffer.clear();
    this.logger.info(`${this.prefix} [send]: sending thread now exits.`);
  }

  status(): SenderStatus {
    const connected = this.state === 'connected';
    return {
      destination: this.connectedTo,
      connected,
      since: connected ? Math.floor(this.connectedAtMs / 1000) : null,
      bytes_sent: this.sentBytes,
      reconnects: this.reconnects,
      replication_answers: this.replicationAnswers,
      replicated_points: this.replicatedPoints,
      buffer_bytes: this.buffer.length + (this.socket?.writableLength ?? 0),
      last_error: this.lastError,
    };
  }

  /** Read through a getter: an await in connect() may see stop() change the state. */
  private get stopped(): boolean {
    return this.state === 'stopped';
  }

  private where(): string {
    return `${this.prefix} [send to ${this.connectedTo}]`;
  }

  /** Tries every destination once, from nextDestination, until one accepts a connection. */
  private async connect(): Promise<void> {
    this.state = 'connecting';
    this.logger.info(`${this.prefix} [send to ${this.o.destinationText}]: connecting...`);
    const n = this.o.destinations.length;
    for (let k = 0; k < n; k++) {
      const index = (this.nextDestination + k) % n;
      const destination = this.o.destinations[index];
      this.connectedTo = destinationName(destination);
      this.reconnects++;
      let socket: net.Socket;
      try {
        socket = await openConnection(destination, this.o.timeoutSeconds * 1000, this.o.tls);
      } catch (err) {
        if (this.stopped) return;
        this.logger.error(`${this.where()}: ${(err as Error).message}`);
        continue;
      }
      if (this.stopped) {
        socket.destroy();
        return;
      }
      return this.handshake(socket, index);
    }
    this.lastError = 'failed to connect';
    this.logger.error(`${this.prefix} [send to ${this.o.destinationText}]: failed to connect`);
    this.retryLater();
  }

  private handshake(socket: net.Socket, index: number): void {
    this.socket = socket;
    this.state = 'handshake';
    this.handshakeIndex = index;
    this.reply = '';
    this.logger.info(`${this.where()}: initializing communication...`);
    socket.on('data', (chunk: Buffer) => this.receive(socket, chunk));
    socket.on('drain', () => this.flush());
    socket.on('end', () => this.lost(socket, 'connection closed by far end. Restarting connection'));
    socket.on('error', (err: NodeJS.ErrnoException) =>
      this.lost(socket, err.syscall === 'write'
        ? `failed to send metrics - closing connection - we have sent ${this.sentOnConnection} bytes on this connection.`
        : `error during read (${err.message}). Restarting connection`));
    socket.on('close', () => this.lost(socket, 'connection closed by far end. Restarting connection'));
    socket.write(this.o.request);
    this.logger.info(`${this.where()}: waiting response from remote netdata...`);
    this.setTimer(() => this.refused(''), this.o.timeoutSeconds * 1000);
  }

  private receive(socket: net.Socket, chunk: Buffer): void {
    if (socket !== this.socket) return;
    this.lastTrafficMs = Date.now();
    const text = chunk.toString('latin1');
    if (this.state === 'handshake') {
      this.reply += text;
      this.judgeReply(false);
    } else if (this.state === 'connected') this.commandsReceived(text);
  }

  private judgeReply(complete: boolean): void {
    const v = parseStreamReply(this.reply, complete);
    if (v.kind === 'incomplete') return this.setTimer(() => this.judgeReply(true), PROMPT_SETTLE_MS);
    if (v.kind === 'refused') return this.refused(v.body);
    this.clearTimers();
    // GAPS only where it was offered: with an event log to answer REPLICATE from
    this.caps = v.caps & senderCapabilities(!!this.o.eventLog);
    this.state = 'connected';
    this.connectedAtMs = this.lastTrafficMs = Date.now();
    this.sentOnConnection = 0;
    this.sendAttempts = 0;
    this.logger.info(`${this.where()}: established communication with a parent using protocol version ${v.version} - ready to send metrics...`);
    this.ticker = setInterval(() => this.checkTraffic(), 1000);
    this.ticker.unref();
    this.gate.clear();
    this.deferred.clear();
    this.answersAfterDefinition = [];
    this.definitionOpen = this.replicating() && this.filter.defining !== null && this.filter.sends(this.filter.defining, this.o.projection.chart(this.filter.defining)?.name ?? this.filter.defining) ? this.filter.defining : null;
    this.enqueue(hostStateLines(this.o.projection, this.caps, this.filter, nowSec()));
    this.gapsLive = !this.gaps();
    if (this.gaps()) {
      this.clock.clear();
      this.enqueue(`TIMESTAMP ${nowSec()}\n`);
    }
    const rest = this.reply.slice(v.consumed);
    this.reply = '';
    if (rest) this.commandsReceived(rest);
  }

  /** The parent did not accept: the next attempt, after the reconnect delay, starts with the next destination. */
  private refused(body: string): void {
    const { reason, known } = refusalReason(body.trim());
    const delay = this.o.reconnectDelaySeconds;
    this.lastError = reason;
    this.logger.error(known ? `${this.where()}: ${reason} - will retry in ${delay} secs, at ${logDate(Date.now() + delay * 1000)}` : `${this.where()}: ${reason}`);
    this.nextDestination = (this.handshakeIndex + 1) % this.o.destinations.length;
    this.disconnect();
  }

  /** The socket ended or failed: during the handshake that is the reply's end; later, the connection is lost. */
  private lost(socket: net.Socket, message: string): void {
    if (socket !== this.socket) return;
    if (this.state === 'handshake') return this.judgeReply(true);
    this.closeWith(message);
  }

  /** Closes an established connection for `message`; the next attempt starts with the first destination again. */
  private closeWith(message: string): void {
    this.lastError = message;
    this.logger.error(`${this.where()}: ${message}`);
    this.nextDestination = 0;
    this.disconnect();
  }

  private disconnect(): void {
    this.clearTimers();
    this.deferred.clear();
    this.socket?.destroy();
    this.socket = null;
    const dropped = this.buffer.clear();
    if (dropped) this.logger.error(`${this.prefix} [send]: discarding ${dropped} bytes of metrics already in the buffer.`);
    this.retryLater();
  }

  private retryLater(): void {
    this.state = 'waiting';
    this.setTimer(() => void this.connect(), this.o.reconnectDelaySeconds * 1000);
  }

  /** Whether samples go now; while not connected they are dropped, said once per outage as rrdset_done_push() does. */
  private ready(): boolean {
    if (this.state === 'connected') {
      if (this.notReadyLogged) {
        this.notReadyLogged = false;
        this.logger.info(`${this.prefix} [send]: sending metrics...`);
      }
      return true;
    }
    if (!this.notReadyLogged && this.state !== 'stopped') {
      this.notReadyLogged = true;
      this.logger.error(`${this.prefix} [send]: not ready - discarding collected metrics.`);
    }
    return false;
  }

  private enqueue(text: string): void {
    const socket = this.socket;
    if (!text || !socket) return;
    if (!this.buffer.add(text, Buffer.byteLength(text), socket.writableLength)) {
      return this.closeWith(`buffer full (${this.buffer.maxBytes}-bytes) after ${this.sentOnConnection} bytes. Restarting connection`);
    }
    if (this.flushQueued) return;
    this.flushQueued = true;
    setImmediate(() => this.flush());
  }

  /** Hands the buffer to the socket until the socket asks to wait ('drain' calls this again). */
  private flush(): void {
    this.flushQueued = false;
    const socket = this.socket;
    if (!socket || this.state !== 'connected') return;
    while (!socket.writableNeedDrain) {
      const chunk = this.buffer.take(CHUNK_BYTES);
      if (!chunk) return;
      this.sendAttempts++;
      socket.write(chunk.text, (err) => {
        if (err || socket !== this.socket) return;
        this.sentBytes += chunk.size;
        this.sentOnConnection += chunk.size;
        this.lastTrafficMs = Date.now();
      });
    }
  }

  /** Nothing written to the kernel nor read for `timeout seconds`: the parent is gone or stuck. */
  private checkTraffic(): void {
    const timeout = this.o.timeoutSeconds;
    if (Date.now() - this.lastTrafficMs <= timeout * 1000) return;
    this.closeWith(`could not send metrics for ${timeout} seconds - closing connection - we have sent ${this.sentOnConnection} bytes on this connection via ${this.sendAttempts} send attempts.`);
  }

  /** Lines from the parent, complete ones only (a line may span reads): REPLAY_CHART is answered, others logged. */
  private commandsReceived(text: string): void {
    this.commands += text;
    let nl: number;
    while ((nl = this.commands.indexOf('\n')) >= 0) {
      const line = this.commands.slice(0, nl).trim();
      this.commands = this.commands.slice(nl + 1);
      if (!line) continue;
      const words = splitWords(line);
      if (words[0] === 'REPLAY_CHART' && this.replicating()) this.replayChart(words, line);
      else if (words[0] === 'REPLICATE' && this.gaps()) this.replicate(words, line);
      else this.logger.info(`${this.where()} received command over connection: ${line}`);
      if (this.state !== 'connected') return;
    }
    if (this.commands.length > MAX_COMMAND_BYTES) this.commands = '';
  }

  private replicating(): boolean {
    return (this.caps & CAP.REPLICATION) !== 0;
  }

  private gaps(): boolean {
    return (this.caps & CAP.GAPS) !== 0;
  }

  /** REPLICATE <from> <to>: the blocks collected after `from` go from the event log, then live ones again. */
  private replicate(words: string[], line: string): void {
    const from = Number(words[1]);
    const log = this.o.eventLog;
    const socket = this.socket;
    if (!Number.isSafeInteger(from) || from < 0 || this.catchingUpFor === socket || this.gapsLive || !log || !socket) {
      this.logger.error(`${this.where()}: ignoring command over connection: ${line}`);
      return;
    }
    const startedMs = Date.now();
    this.catchingUpFor = socket;
    this.replicationAnswers++;
    const port = {
      block: (chartId: string, usec: number, t: number, dimIds: ArrayLike<string>, values: ArrayLike<Int64 | null>, count: number) => {
        const chart = this.o.projection.chart(chartId);
        return chart && this.filter.sends(chartId, chart.name) ? formatBlock(chartId, usec, t, dimIds, values, count, []) : null;
      },
      enqueue: (text: string) => this.enqueue(text),
      queuedBytes: () => this.buffer.length + socket.writableLength,
      active: () => this.socket === socket && this.state === 'connected',
      // a definition being forwarded must not get blocks between its lines
      busy: () => this.filter.defining !== null,
    };
    catchUp(log, this.clock, from, port, this.o.bufferSizeBytes / 2, () => (this.gapsLive = true))
      .then((r) => {
        this.replicatedPoints += r.blocks;
        if (!r.completed) return;
        const range = r.blocks ? `, collected ${r.firstT} to ${r.lastT}` : '';
        this.logger.info(`${this.where()}: REPLICATE from ${from}: ${r.blocks} blocks sent from the event log${range} in ${((Date.now() - startedMs) / 1000).toFixed(1)} s; sending metrics...`);
      })
      .catch((err: Error) => {
        if (this.socket === socket) this.closeWith(`cannot read the event log to answer REPLICATE (${err.message}). Restarting connection`);
      })
      .finally(() => {
        if (this.catchingUpFor === socket) this.catchingUpFor = null;
      });
  }

  /**
   * The chart whose definition was sent gets its CHART_DEFINITION_END; its live blocks wait for its REPLAY_CHART.
   * Returns the answers that waited for the definition's end, for the caller to give once its own line is queued.
   */
  private endDefinition(): ReplayChartCommand[] {
    const id = this.definitionOpen;
    if (id === null) return [];
    this.definitionOpen = null;
    const chart = this.o.projection.chart(id);
    if (chart && this.state === 'connected') {
      this.gate.defined(id);
      this.enqueue(chartDefinitionEnd(chart, nowSec()) + '\n');
    }
    return this.answersAfterDefinition.splice(0);
  }

  private answerAll(requests: ReplayChartCommand[]): void {
    for (const r of requests) this.answerReplay(r);
  }

  /** REPLAY_CHART "id" "true|false" after before: answered once the chart is not replicating from below. */
  private replayChart(words: string[], line: string): void {
    const r = parseReplayChart(words);
    const chart = r && this.o.projection.chart(r.chartId);
    if (!r || !chart || !this.filter.sends(chart.id, chart.name)) {
      this.logger.error(`${this.where()}: requested a REPLAY_CHART on chart '${r?.chartId ?? ''}', which does not exist: ${line}`);
      return;
    }
    this.deferred.submit(chart.id, r);
  }

  /** The answer from the projection, as replicate_chart_response(). */
  private answerReplay(r: ReplayChartCommand): void {
    if (this.definitionOpen !== null) {
      this.answersAfterDefinition.push(r);
      return;
    }
    const chart = this.o.projection.chart(r.chartId);
    if (!chart || this.state !== 'connected') return;
    const answer = replicationAnswer(chart, r.startStreaming, r.after, r.before, nowSec);
    this.replicationAnswers++;
    this.replicatedPoints += answer.points;
    this.enqueue(answer.text);
    if (!answer.startStreaming || this.state !== 'connected') return;
    // the held blocks are in the projection: the answer covered them, unless the chart keeps no collection state
    this.enqueue(this.gate.release(chart.id, chart.collectionState().lastCollectedUs !== 0));
  }

  private setTimer(fn: () => void, ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(fn, ms);
    this.timer.unref();
  }

  private clearTimers(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.ticker) clearInterval(this.ticker);
    this.timer = this.ticker = null;
  }
}

/** A block as it goes upstream: `t` (GAPS) is its collection second, 0 for none. */
function formatBlock(
  chartId: string, usec: number, t: number, dimIds: ArrayLike<string>, values: ArrayLike<Int64 | null>, count: number,
  variables: ReadonlyArray<readonly [MetaCommand, string]>,
): string {
  let text = formatBegin(chartId, usec, t) + '\n';
  // an empty SET left the dimension unset here: a Netdata proxy sends only the dimensions it updated
  for (let i = 0; i < count; i++) {
    const v = values[i];
    if (v !== null) text += formatSet(dimIds[i], v) + '\n';
  }
  // chart VARIABLEs go inside the block, where the parent's parser has the chart (rrdpush_send_chart_metrics)
  for (const [cmd] of variables) if (cmd.cmd === 'VARIABLE') text += formatVariable('CHART', cmd.name, cmd.value) + '\n';
  return text + END_LINE + '\n';
}

function nowSec(): number {
  return Math.floor(Date.now() / 1000);
}

/** Netdata's log_date(): local time, `%Y-%m-%d %H:%M:%S`. */
function logDate(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
