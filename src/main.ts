import { ConfigError, loadConfig, parseArgs, type LoadedConfig } from './config';
import { createHttpApi } from './api/http-api';
import { HostRegistry } from './hosts/host-registry';
import { createLogger, type Logger } from './log';
import { loadOrCreateLocalGuid } from './local-guid';
import { AccessLog } from './net/access-log';
import { Listener } from './net/listener';
import { StreamAcceptor } from './receiver/stream-acceptor';
import { startRetention } from './hosts/retention';
import { startHousekeeping } from './hosts/housekeeping';
import { storageFactories } from './hosts/storage-factories';
import { startHealth } from './health/start-health';
import { startExporting } from './exporting/start-exporting';

const MAX_HEAD_BYTES = 16384;

export interface RunningParent {
  listener: Listener;
  registry: HostRegistry;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Seconds of silence after which a receiver may be taken over (Netdata's 30); tests shorten it. */
  receiverAliveSeconds?: number;
}

/** Starts the parent: config, hosts rebuilt from their event logs, then the listener. Resolves once it accepts connections. */
export async function startParent(config: LoadedConfig, logger: Logger, opts: StartOptions = {}): Promise<RunningParent> {
  const p = config.parent;
  const accessLog = new AccessLog(p.accessLog);
  const registry = new HostRegistry(config, logger, loadOrCreateLocalGuid(p.libDir), storageFactories(p, logger));
  logger.info(`streamledger starting: host '${p.hostname}' (machine guid ${registry.localhost.machineGuid}), data in ${p.cacheDir}`);
  registry.loadFromDisk();
  const acceptor = new StreamAcceptor(config, registry, accessLog, logger, opts.receiverAliveSeconds);
  const health = startHealth(p, registry, logger);
  const api = createHttpApi({ registry, logger, memoryMode: p.memoryMode, history: p.history, cacheDir: p.cacheDir, health: health?.service ?? null });
  const listener = new Listener(
    { bind: p.bind, tls: p.tls, firstRequestTimeoutSeconds: p.firstRequestTimeoutSeconds, maxHeadBytes: MAX_HEAD_BYTES, httpIdleSeconds: p.httpIdleSeconds },
    (socket, head, rest, peer) => acceptor.accept(socket, head, rest, peer),
    api,
    logger,
    accessLog,
  );
  await listener.start();
  const exporting = startExporting(config.exporting, registry, logger);
  const retention = startRetention(registry, p.eventLog, logger);
  const housekeeping = startHousekeeping(registry, p, logger);
  let stopping: Promise<void> | null = null;
  return {
    listener,
    registry,
    stop() {
      stopping ??= (async () => {
        clearInterval(retention);
        clearInterval(housekeeping);
        if (health) {
          health.heartbeat.stop();
          health.service.close();
          // notifications already running get a few seconds to finish and be recorded in the alarm log
          await Promise.race([health.service.idle(), new Promise((r) => setTimeout(r, 5000).unref())]);
        }
        await exporting?.stop(5000);
        registry.closeAll('parent shutdown');
        await listener.close();
        await accessLog.close();
      })();
      return stopping;
    },
  };
}

export async function main(argv: string[]): Promise<void> {
  let config: LoadedConfig;
  const warnings: string[] = [];
  try {
    const args = parseArgs(argv);
    // a mistyped option would otherwise start a parent on settings the operator did not mean
    if (args.rest.length) throw new ConfigError(null, `command line: unknown option '${args.rest[0]}' (streamledger --help lists them)`);
    config = loadConfig({ file: args.configFile, overrides: args.overrides, warn: (m: string) => warnings.push(m) });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`streamledger: configuration error: ${err.message}\n`);
    process.exit(1);
  }
  const logger = createLogger(config.parent.logLevel, config.parent.errorLog);
  for (const w of warnings) logger.warn(w);
  let parent: RunningParent;
  try {
    parent = await startParent(config, logger);
  } catch (err) {
    logger.fatal({ err }, `cannot start: ${(err as Error).message}`);
    logger.flush();
    process.exitCode = 1;
    return;
  }
  const shutdown = (signal: string) => {
    logger.info(`received ${signal}: closing all connections and flushing the event logs`);
    void parent.stop().then(() => {
      logger.info('streamledger stopped');
      logger.flush();
      setTimeout(() => process.exit(0), 50);
    });
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err) => {
    process.stderr.write(`streamledger: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
}
