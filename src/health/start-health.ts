import type { ParentConfig } from '../config';
import type { HostRegistry } from '../hosts/host-registry';
import type { Logger } from '../log';
import { startHeartbeat, type Heartbeat } from '../util/heartbeat';
import { loadHealthConfig, summarizeProblems } from './config/load-health-config';
import { HealthService } from './health-service';

/**
 * Loads the health.d files (stock, then the user's) and runs the health of every child once a second; null with
 * `[health] enabled = no`. What the files hold and every kind of line not honoured are logged once.
 */
export function startHealth(p: ParentConfig, registry: HostRegistry, logger: Logger): { service: HealthService; heartbeat: Heartbeat } | null {
  if (!p.healthEnabled) {
    logger.info('health is disabled ([health] enabled = no)');
    return null;
  }
  const config = loadHealthConfig({ stockDir: p.stockHealthConfigDir, userDir: p.healthConfigDir });
  logger.info(
    `health: ${config.files.length} files from '${p.stockHealthConfigDir}' and '${p.healthConfigDir}': ${config.alarms} alarms, ${config.templates} templates, ${config.dropped} dropped, ${config.problems.length} lines not honoured`,
  );
  for (const line of summarizeProblems(config.problems)) logger.warn(`health configuration: ${line}`);
  for (const pr of config.problems.slice(0, 50)) logger.debug(`health configuration at line ${pr.line} of file '${pr.file}': ${pr.message}`);
  const service = new HealthService(config.definitions, registry, p.health, logger);
  const heartbeat = startHeartbeat(1, (now) => service.tick(now));
  return { service, heartbeat };
}
