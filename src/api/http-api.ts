import type { Logger } from '../log';
import type { HostRegistry } from '../hosts/host-registry';
import type { Host } from '../hosts/host';
import type { HttpHandler, HttpRequest } from '../net/http-connection';
import { renderChart, renderCharts } from './render';
import { runDataQuery } from '../query';
import { renderInfo } from './routes/info';
import { eventsRoute, onDiskEventsRoute } from './routes/events';
import { allmetricsRoute } from './routes/allmetrics';
import { VERSION } from '../version';
import { ramModeEntries } from '../projection/collection/chart-collector';
import { html, json, text, type Reply } from './respond';
import { renderAlarms } from './routes/alarms';
import { renderAlarmLog } from './routes/alarm-log';
import { renderAlarmVariables } from './routes/alarm-variables';
import { renderAlarmCount } from './routes/alarm-count';
import type { ChartView } from '../model/chart-view';
import type { HealthService } from '../health/health-service';

export interface ApiContext {
  registry: HostRegistry;
  logger: Logger;
  memoryMode: string;
  history: number;
  /** Where host directories are, for the audit of hosts that are on disk only. */
  cacheDir: string;
  /** null when `[health] enabled = no`. */
  health: HealthService | null;
}

/**
 * The HTTP side of the port: /api/v1/{info,charts,chart,data,events,...}, each also under /host/<hostname|guid>/.
 * Requests are answered synchronously from the projections; nothing here writes to a host. A request that fails is
 * logged and answered 500; the connection and every other request carry on.
 */
export function createHttpApi(ctx: ApiContext): HttpHandler {
  return (req) => {
    try {
      return route(ctx, req);
    } catch (err) {
      ctx.logger.error({ err, url: req.url }, 'API request failed');
      return text('Internal server error.', 500);
    }
  };
}

/** What Netdata 1.37 reports as a host's history: the slots its rings really hold (whole pages), 0 for dbengine. */
function reportedHistory(mode: string, history: number): number {
  return mode === 'dbengine' ? 0 : ramModeEntries(history);
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '/': '&#x2F;', "'": '&#x27;' };
/** buffer_strcat_htmlescape(). */
const htmlEscape = (s: string): string => s.replace(/[&<>"/']/g, (c) => HTML_ESCAPES[c]);

/**
 * web_client_api_request_single_chart(): `answer` for the chart of `chart=` (by id, else by name; the last one given),
 * or Netdata's 400 without one and 404 for one the host does not have.
 */
function singleChart(host: Host, params: URLSearchParams, answer: (chart: ChartView) => Reply): Reply {
  const id = params.getAll('chart').filter(Boolean).pop();
  if (!id) return text('No chart id is given at the request.', 400);
  const chart = host.projection.chart(id);
  if (!chart) return text(`Chart is not found: ${htmlEscape(id)}`, 404);
  return answer(chart);
}

function route(ctx: ApiContext, req: HttpRequest): Reply {
  const url = new URL(req.url, 'http://localhost');
  let path = url.pathname;
  let host: Host = ctx.registry.localhost;
  const m = /^\/host\/([^/]+)(\/.*)?$/.exec(path);
  if (m) {
    const name = decodeURIComponent(m[1]);
    const found = ctx.registry.find(name);
    if (!found) return html(`This netdata does not maintain a database for host: ${name}`, 404);
    host = found;
    path = m[2] ?? '/';
  }
  const params = url.searchParams;
  if (path === '/api/v1/events' && !m) {
    const which = params.get('host');
    if (!which) return text('Which host? Give host=<hostname or machine guid>.', 400);
    const found = ctx.registry.find(which);
    if (found) return eventsRoute(found, params);
    return onDiskEventsRoute(ctx.cacheDir, which, params) ?? html(`This netdata does not maintain a database for host: ${which}`, 404);
  }
  switch (path) {
    case '/api/v1/info':
      return json(renderInfo(ctx.registry, host, ctx.memoryMode));
    case '/api/v1/charts':
      return json(
        renderCharts(host.projection, {
          version: VERSION,
          history: reportedHistory(host.projection.storage?.mode ?? 'none', host.settings?.history ?? ctx.history),
          memoryMode: host.settings?.memoryMode ?? ctx.memoryMode,
          hosts: ctx.registry.all().map((h) => h.hostname),
        }),
      );
    case '/api/v1/chart':
      return singleChart(host, params, (chart) => json(renderChart(host.projection, chart)));
    case '/api/v1/data': {
      const r = runDataQuery(host.projection, params, Math.floor(Date.now() / 1000));
      return { status: r.status, contentType: r.contentType, body: r.body };
    }
    case '/api/v1/events':
      return eventsRoute(host, params);
    case '/api/v1/alarms': {
      const alerts = ctx.health?.alerts(host) ?? null;
      return json(
        renderAlarms({
          hostname: host.hostname,
          enabled: alerts !== null,
          latestLogId: ctx.health?.latestLogId(host) ?? 0,
          now: Math.floor(Date.now() / 1000),
          alerts: alerts ?? [],
          chart: (id) => host.projection.chart(id),
          all: params.has('all'),
        }),
      );
    }
    case '/api/v1/alarm_variables':
      return singleChart(host, params, (chart) =>
        json(renderAlarmVariables({ hostname: host.hostname, projection: host.projection, chart, alerts: ctx.health?.alerts(host) ?? null })),
      );
    case '/api/v1/alarm_log': {
      const health = ctx.health;
      const id = host.projection.identity;
      return json(
        renderAlarmLog(health?.alarmLog(host) ?? null, Number(params.get('after')) || 0, {
          hostname: host.hostname, timezone: id.abbrevTimezone || 'UTC', utcOffset: id.utcOffset,
          defaultExec: health?.defaultExec ?? '', defaultRecipient: health?.defaultRecipient ?? 'root',
          editCommand: (e) => health?.editCommand(e) ?? '',
        }),
      );
    }
    case '/api/v1/alarm_count':
      return json(renderAlarmCount(ctx.health?.alerts(host) ?? null, params, (id) => host.projection.chart(id)));
    case '/api/v1/allmetrics':
      return allmetricsRoute(host.projection, params, {
        hosts: ctx.registry.all().map((h) => h.projection),
        clientIp: req.peer.ip,
      });
    default:
      if (path.startsWith('/api/v1/')) return text(`Unsupported v1 API command: ${path.slice('/api/v1/'.length)}`, 404);
      return text(`File does not exist, or is not accessible: ${path}`, 404);
  }
}
