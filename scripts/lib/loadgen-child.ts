/**
 * One simulated Netdata child: connects, does the STREAM handshake, sends its definitions, then writes
 * one Buffer per collection second. Reconnects after a lost connection (1 s, like a child's default
 * `reconnect delay seconds`); a refused handshake is final and reported with the parent's words.
 *
 * With the GAPS capability (streamledger's gap filling) it acts as a streamledger node would: every BEGIN carries its
 * collection time, and after the definitions it sends `TIMESTAMP <now>` and holds its live seconds until the parent
 * answers `REPLICATE <from> <to>`; it then replays the seconds in (from, to] (its values are a function of the second,
 * so any past second can be sent again exactly) and goes on live after `to`, never sending a second twice on a
 * connection.
 */
import net from 'node:net';
import type { LoadChart } from './loadgen-model';
import { childIdentity } from './loadgen-model';
import { parseStreamReply } from '../../src/net/stream-reply';
import { CAP, SecondEncoder, definitions, emptyReplay, handshakeRequest } from './loadgen-protocol';

export interface ChildOptions {
  host: string;
  port: number;
  key: string;
  index: number;
  hostnamePrefix: string;
  charts: LoadChart[];
  updateEvery: number;
  ver: number | null;
  /** Bytes queued in the socket above which a second is skipped instead of queued (backpressure). */
  maxQueuedBytes: number;
  /** The third block of each chart on a connection resets the parent's clock for it (see ANCHOR_USEC). */
  anchorClock?: boolean;
}

type State = 'idle' | 'handshake' | 'streaming' | 'stopped';

const RECONNECT_MS = 1000;
const HANDSHAKE_TIMEOUT_MS = 10_000;
/** A VN prompt ends without a newline: after this much silence its number is complete. */
const PROMPT_SETTLE_MS = 200;
/** A GAPS child that gets no REPLICATE answer within this goes live anyway. */
const REPLICATE_WAIT_MS = 10_000;

export class SimulatedChild {
  readonly hostname: string;
  readonly guid: string;
  connectFailures = 0;
  disconnects = 0;
  skippedSeconds = 0;
  /** Set when the parent refused the handshake (or negotiated something the generator cannot do). */
  fatal: string | null = null;
  caps = 0;
  /** GAPS: seconds sent again because the parent asked (REPLICATE), and the requests answered. */
  replayedSeconds = 0;
  replicateRequests = 0;

  private state: State = 'idle';
  private socket: net.Socket | null = null;
  private reply = '';
  private pending = '';
  private settleTimer: NodeJS.Timeout | null = null;
  private handshakeTimer: NodeJS.Timeout | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  /** With REPLICATION, the charts whose REPLAY_CHART arrived (a 1.37 child streams only those). */
  private replayed: Set<number> | undefined;
  private readonly encoder: SecondEncoder;
  private readonly chartIndex = new Map<string, number>();
  /** GAPS: live seconds wait until the parent's REPLICATE (or REPLICATE_WAIT_MS) ... */
  private awaitingReplicate = false;
  private replicateTimer: NodeJS.Timeout | null = null;
  /** ... and a second at or before this one was already written on this connection. */
  private sentUpTo = 0;
  /** The seconds held back while waiting for REPLICATE (0: none): they are sent with the replay. */
  private heldFrom = 0;
  private heldUpTo = 0;

  constructor(private readonly o: ChildOptions, private readonly onFatal: (child: SimulatedChild) => void) {
    ({ hostname: this.hostname, guid: this.guid } = childIdentity(o.hostnamePrefix, o.index));
    this.encoder = new SecondEncoder(o.index, o.charts, o.anchorClock ?? false);
    o.charts.forEach((c, i) => this.chartIndex.set(c.def.id, i));
  }

  get streaming(): boolean {
    return this.state === 'streaming';
  }

  /**
   * Streaming, and with REPLICATION every chart's REPLAY_CHART answered: from here on each tick sends every chart.
   * A chart enabled a second later on one parent than on another would start its clock a second later there.
   */
  get ready(): boolean {
    return this.state === 'streaming' && (!this.replayed || this.replayed.size === this.o.charts.length);
  }

  start(): void {
    if (this.state === 'stopped') return;
    this.state = 'handshake';
    this.reply = '';
    this.pending = '';
    this.replayed = undefined;
    this.awaitingReplicate = false;
    this.sentUpTo = 0;
    this.heldFrom = this.heldUpTo = 0;
    this.encoder.reset();
    const s = net.connect({ host: this.o.host, port: this.o.port });
    this.socket = s;
    s.setNoDelay(true);
    s.on('connect', () => {
      s.write(handshakeRequest({ key: this.o.key, hostname: this.hostname, guid: this.guid,
        updateEvery: this.o.updateEvery, ver: this.o.ver }));
      this.handshakeTimer = setTimeout(() => this.fail(`no handshake reply within ${HANDSHAKE_TIMEOUT_MS} ms`), HANDSHAKE_TIMEOUT_MS);
    });
    s.on('data', (d: Buffer) => this.onData(d.toString('latin1')));
    s.on('error', () => { /* 'close' follows and decides */ });
    s.on('close', () => this.onClose(s));
  }

  /** Writes second `t`; returns what went out (nothing when not streaming or the socket is backed up). */
  tick(t: number): { values: number; bytes: number } {
    const s = this.socket;
    if (this.state !== 'streaming' || !s || t <= this.sentUpTo) return { values: 0, bytes: 0 };
    if (this.awaitingReplicate) {
      this.heldFrom ||= t;
      this.heldUpTo = t;
      return { values: 0, bytes: 0 };
    }
    if (s.writableLength > this.o.maxQueuedBytes) {
      this.skippedSeconds++;
      return { values: 0, bytes: 0 };
    }
    // GAPS: a second the generator's clock skipped (it fell behind) is sent too, as a child's log would have it
    if (this.encoder.collectionTime && this.sentUpTo) {
      const every = this.o.updateEvery;
      const sent = { values: 0, bytes: 0 };
      for (let u = this.sentUpTo + every; u <= t; u += every) {
        const w = this.write(u);
        sent.values += w.values;
        sent.bytes += w.bytes;
      }
      return sent;
    }
    return this.write(t);
  }

  private write(t: number): { values: number; bytes: number } {
    const { text, values } = this.encoder.encode(t, this.replayed);
    this.sentUpTo = t;
    if (!values) return { values: 0, bytes: 0 };
    const buf = Buffer.from(text, 'latin1');
    this.socket!.write(buf);
    return { values, bytes: buf.length };
  }

  /** Ends the connection cleanly and waits (at most 5 s) for it to close. */
  async stop(): Promise<void> {
    this.state = 'stopped';
    this.clearTimers();
    const s = this.socket;
    if (!s || s.destroyed) return;
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => { s.destroy(); resolve(); }, 5000);
      s.once('close', () => { clearTimeout(t); resolve(); });
      s.end();
    });
  }

  private onData(text: string): void {
    if (this.state === 'streaming') return this.onCommands(text);
    if (this.state !== 'handshake') return;
    this.reply += text;
    this.judgeReply(false);
  }

  private judgeReply(complete: boolean): void {
    if (this.settleTimer) clearTimeout(this.settleTimer);
    this.settleTimer = null;
    const v = parseStreamReply(this.reply, complete);
    if (v.kind === 'incomplete') {
      this.settleTimer = setTimeout(() => this.judgeReply(true), PROMPT_SETTLE_MS);
      return;
    }
    if (v.kind === 'refused') return this.fail(`parent refused the handshake: ${v.reason}`);
    if (v.caps & (CAP.COMPRESSION | CAP.BINARY)) {
      return this.fail(`parent negotiated capabilities ${v.caps} including LZ4 compression or BINARY, which the ` +
        `load generator cannot speak; offer a --ver without bits ${CAP.COMPRESSION} and ${CAP.BINARY}`);
    }
    if (this.handshakeTimer) clearTimeout(this.handshakeTimer);
    this.caps = v.caps;
    this.state = 'streaming';
    if (v.caps & CAP.REPLICATION) this.replayed = new Set();
    const now = Math.floor(Date.now() / 1000);
    this.socket!.write(definitions(this.o.charts, this.guid, v.caps, now));
    if (v.caps & CAP.GAPS) {
      this.encoder.collectionTime = true;
      this.awaitingReplicate = true;
      this.socket!.write(`TIMESTAMP ${now}\n`);
      // no answer: go live with what was held back
      this.replicateTimer = setTimeout(() => this.sendRange(this.heldFrom - 1, 0), REPLICATE_WAIT_MS);
    }
    const rest = this.reply.slice(v.consumed);
    if (rest) this.onCommands(rest);
  }

  /** Lines the parent sends while streaming: REPLAY_CHART (1.37 replication) and REPLICATE (GAPS). */
  private onCommands(text: string): void {
    this.pending += text;
    let nl: number;
    while ((nl = this.pending.indexOf('\n')) >= 0) {
      const line = this.pending.slice(0, nl);
      this.pending = this.pending.slice(nl + 1);
      const r = /^REPLICATE (\d+) (\d+)/.exec(line);
      if (r) {
        this.replicate(Number(r[1]), Number(r[2]));
        continue;
      }
      const m = /^REPLAY_CHART\s+"([^"]*)"\s+"?(\w+)"?\s+(\d+)\s+(\d+)/.exec(line);
      if (!m || !this.replayed) continue;
      const i = this.chartIndex.get(m[1]);
      if (i === undefined) continue;
      this.socket!.write(emptyReplay(m[1], this.o.updateEvery, Number(m[3]), Number(m[4]), Math.floor(Date.now() / 1000)));
      this.replayed.add(i);
    }
  }

  /**
   * REPLICATE from to: the seconds in (from, to], with their original collection times, and those held back while
   * waiting for the answer; then live again.
   */
  private replicate(from: number, to: number): void {
    this.replicateRequests++;
    this.sendRange(from, to);
  }

  private sendRange(from: number, to: number): void {
    if (this.replicateTimer) clearTimeout(this.replicateTimer);
    this.replicateTimer = null;
    const every = this.o.updateEvery;
    const last = Math.max(to, this.heldUpTo);
    for (let t = (Math.floor(from / every) + 1) * every; t <= last; t += every) {
      if (t <= this.sentUpTo) continue;
      this.write(t);
      this.replayedSeconds++;
    }
    this.awaitingReplicate = false;
  }

  private fail(reason: string): void {
    if (this.fatal || this.state === 'stopped') return;
    this.fatal = `${this.hostname}: ${reason}`;
    this.state = 'stopped';
    this.clearTimers();
    this.socket?.destroy();
    this.onFatal(this);
  }

  private onClose(s: net.Socket): void {
    if (s !== this.socket) return;
    if (this.state === 'handshake' && this.reply) this.judgeReply(true);
    if (this.state === 'stopped') return;
    if (this.state === 'streaming') this.disconnects++;
    else this.connectFailures++;
    this.clearTimers();
    this.state = 'idle';
    this.reconnectTimer = setTimeout(() => this.start(), RECONNECT_MS);
  }

  private clearTimers(): void {
    for (const t of [this.settleTimer, this.handshakeTimer, this.reconnectTimer, this.replicateTimer]) if (t) clearTimeout(t);
    this.settleTimer = this.handshakeTimer = this.reconnectTimer = this.replicateTimer = null;
  }
}
