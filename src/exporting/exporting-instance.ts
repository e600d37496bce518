import type { Host } from '../hosts/host';
import type { HostRegistry } from '../hosts/host-registry';
import type { Logger } from '../log';
import { BatchRing } from './batch-ring';
import type { Connector } from './connectors/connector';
import { HttpConnector } from './connectors/http-connector';
import { LineConnector } from './connectors/line-connector';
import { ExportStats } from './export-stats';
import { ExportingCharts } from './exporting-charts';
import type { ExportingSettings } from './exporting-settings';
import type { BatchFormatter } from './formats/batch-formatter';
import { createFormatter, httpShape } from './formats/index';
import { exportedHostName, formatHost } from './round-metrics';

/** The first second after `now` that ends an interval of `every` seconds (Netdata runs an instance at ...9, ...19). */
const nextRunAfter = (now: number, every: number): number => now + 1 + ((((every - 1 - (now + 1)) % every) + every) % every);

/**
 * One exporting instance: at the end of every `update every` seconds it formats the round [after, before) of every
 * host it sends (after = the previous round's before, so a late round covers more, never less), puts the batch in
 * its ring, and sends what the ring holds, oldest first, without holding up the next round.
 */
export class ExportingInstance {
  readonly stats = new ExportStats();
  private readonly ring: BatchRing;
  private readonly connector: Connector;
  private readonly formatter: BatchFormatter;
  private readonly charts: ExportingCharts;
  private readonly word: string;
  private readonly hostSent = new Map<string, boolean>();
  private after: number;
  private afterMs: number;
  private nextRun: number;
  private sending: Promise<void> | null = null;
  private failing = false;

  constructor(
    readonly settings: ExportingSettings,
    private readonly registry: HostRegistry,
    private readonly logger: Logger,
    now: number,
  ) {
    const s = settings;
    this.word = s.legacy ? 'BACKEND' : 'EXPORTING';
    this.ring = new BatchRing(s.bufferOnFailures);
    this.formatter = createFormatter(s);
    const o = { destinations: s.destinations, tls: s.tls, timeoutMs: s.timeoutMs, stats: this.stats, logWord: this.word, warn: (m: string) => logger.warn(m) };
    this.connector = s.http ? new HttpConnector(o, { ...httpShape(s), username: s.username, password: s.password }) : new LineConnector(o);
    this.charts = new ExportingCharts(registry.localhost.projection, s);
    this.after = now;
    this.afterMs = now * 1000;
    this.nextRun = nextRunAfter(now, s.updateEvery);
    logger.info(
      `${this.word}: configured ('${s.type}' on '${s.destinations.map((d) => `${d.host}:${d.port}`).join(' ')}' sending '${s.dataSource}' data, ` +
        `every ${s.updateEvery} seconds, as host '${s.hostname}', with prefix '${s.prefix}') for instance '${s.name}'`,
    );
  }

  /** Called every second; runs the round when its interval ends. */
  tick(now: number): void {
    if (now < this.nextRun) return;
    this.round(now);
    this.nextRun = nextRunAfter(now, this.settings.updateEvery);
  }

  /** Formats and queues the round ending at `before` (seconds), then sends. */
  round(before: number): void {
    const s = this.settings;
    const r = { after: this.after, before, fromMs: this.afterMs, nowMs: Date.now() };
    for (const host of this.registry.all()) {
      if (this.sends(host)) formatHost(s, host, this.registry.localhost, r, this.formatter);
    }
    const { body, metrics } = this.formatter.finish();
    this.after = before;
    this.afterMs = r.nowMs;
    if (metrics > 0) {
      const dropped = this.ring.push({ body, metrics, before });
      if (dropped) {
        this.stats.lost(dropped.metrics, dropped.body.length);
        this.logger.error(
          `${this.word}: instance '${s.name}': ${s.bufferOnFailures} batches are waiting (buffer on failures): dropped the oldest, ` +
            `of the round ending at ${dropped.before}: ${dropped.metrics} metrics, ${dropped.body.length} bytes lost`,
        );
      }
    }
    this.stats.bufferedMetrics = this.ring.metrics();
    this.stats.bufferedBytes = this.ring.bytes();
    this.charts.update(this.stats, before);
    this.sending ??= this.drain().finally(() => (this.sending = null));
  }

  /** Resolves once what is being sent now is done (for a clean stop). */
  async idle(): Promise<void> {
    await this.sending;
  }

  close(): void {
    this.connector.close();
  }

  /** `send hosts matching`, logged whenever a host's answer changes (Netdata logs it once per host). */
  private sends(host: Host): boolean {
    const name = exportedHostName(host, this.registry.localhost);
    const yes = this.settings.sendHosts.matches(name);
    if (this.hostSent.get(host.machineGuid) !== yes) {
      this.hostSent.set(host.machineGuid, yes);
      this.logger.info(`${yes ? 'enabled' : 'disabled'} exporting of host '${name}' for instance '${this.settings.name}'`);
    }
    return yes;
  }

  private async drain(): Promise<void> {
    for (let b = this.ring.oldest(); b; b = this.ring.oldest()) {
      const r = await this.connector.send(b.body);
      if (r.ok) {
        this.ring.remove(b);
        this.stats.sent(b.metrics, b.body.length);
        if (this.failing) this.logger.info(`${this.word}: instance '${this.settings.name}': sending to '${r.destination}' again`);
        this.failing = false;
        continue;
      }
      if (!r.retry) {
        this.ring.remove(b);
        this.stats.discards++;
        this.stats.lost(b.metrics, b.body.length);
        this.logger.error(`${r.message}: the batch is dropped, ${b.metrics} metrics lost`);
        continue;
      }
      this.stats.failed();
      this.failing = true;
      this.logger.error(`${r.message} (${this.ring.size} batches waiting for instance '${this.settings.name}')`);
      return;
    }
  }
}
