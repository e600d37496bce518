/**
 * Real time-series databases (Debian's packages, installed by scripts/install-tsdb.sh) for the exporting tests:
 * VictoriaMetrics, graphite's carbon-cache and Prometheus. Each runs as a child process of the test on 127.0.0.1,
 * on free ports, in its own temp dir (removed by dispose() unless STREAMLEDGER_KEEP_TMP=1), with its stdout and
 * stderr in <dir>/server.log. stop() and start() take it down and bring it back on the same ports and data dir
 * (a backend outage); dispose() stops it for good.
 *
 * How long a written sample takes to be readable (measured on VictoriaMetrics 1.79.5, carbon 1.1.7, Prometheus
 * 2.42.0), and how each names what it receives: see the comment on each start function.
 */
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TestContext } from 'node:test';
import { httpGet } from './http';
import { keepTmp, repoRoot } from './paths';
import { canConnect, freePort } from './ports';

const run = promisify(execFile);

export type TsdbKind = 'victoria-metrics' | 'carbon' | 'prometheus';
export type TsdbAvailability = { ok: true } | { ok: false; reason: string };

const VICTORIA_METRICS = '/usr/bin/victoria-metrics';
const CARBON_CACHE = '/usr/bin/carbon-cache';
/** carbon-cache's interpreter (its #! line) and the one whose dist-packages hold the whisper module. */
const PYTHON3 = '/usr/bin/python3';
const PROMETHEUS = '/usr/bin/prometheus';

const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 5_000;

/** The files each kind needs and a command that must exit 0 for it to count as runnable. */
const REQUIREMENTS: Record<TsdbKind, { files: string[]; check: [string, string[]] }> = {
  'victoria-metrics': { files: [VICTORIA_METRICS], check: [VICTORIA_METRICS, ['-version']] },
  carbon: { files: [CARBON_CACHE, PYTHON3], check: [PYTHON3, ['-c', 'import carbon.conf, whisper, twisted']] },
  prometheus: { files: [PROMETHEUS], check: [PROMETHEUS, ['--version']] },
};

const availabilities = new Map<TsdbKind, TsdbAvailability>();
let installAttempt: TsdbAvailability | undefined;

const installed = (which: TsdbKind): boolean => REQUIREMENTS[which].files.every((f) => fs.existsSync(f));

/** Whether `which` can run here; installs the packages with scripts/install-tsdb.sh when missing and root. */
export function tsdbAvailability(which: TsdbKind): TsdbAvailability {
  const known = availabilities.get(which);
  if (known) return known;
  const decide = (a: TsdbAvailability): TsdbAvailability => { availabilities.set(which, a); return a; };
  if (!installed(which)) {
    if (process.getuid?.() !== 0) {
      return decide({ ok: false, reason: `${which} is not installed (${REQUIREMENTS[which].files.join(', ')}); run scripts/install-tsdb.sh as root` });
    }
    if (!installAttempt) {
      const r = spawnSync('bash', [path.join(repoRoot(), 'scripts/install-tsdb.sh')], { encoding: 'utf8', timeout: 600_000 });
      installAttempt = r.status === 0
        ? { ok: true }
        : { ok: false, reason: `scripts/install-tsdb.sh failed (${r.status ?? r.signal}): ${(r.stderr || r.stdout || String(r.error ?? '')).trim().slice(-500)}` };
    }
    if (!installAttempt.ok) return decide(installAttempt);
    if (!installed(which)) return decide({ ok: false, reason: `scripts/install-tsdb.sh ran but ${REQUIREMENTS[which].files.join(', ')} still missing` });
  }
  const [cmd, args] = REQUIREMENTS[which].check;
  const v = spawnSync(cmd, args, { encoding: 'utf8', timeout: 20_000 });
  return decide(v.status === 0 ? { ok: true } : { ok: false, reason: `${cmd} ${args.join(' ')} failed (${v.status ?? v.signal}): ${(v.stderr || v.stdout || String(v.error ?? '')).trim().slice(-500)}` });
}

/**
 * For tests that need a real `which`: true when it is available. Otherwise the test is skipped with the reason,
 * except in CI (CI=true or STREAMLEDGER_REQUIRE_NETDATA=1, as for Netdata), where a missing server is a failure.
 */
export function requireTsdbOrSkip(t: TestContext, which: TsdbKind): boolean {
  const a = tsdbAvailability(which);
  if (a.ok) return true;
  if (process.env.CI === 'true' || process.env.STREAMLEDGER_REQUIRE_NETDATA === '1') {
    throw new Error(`real ${which} required (CI / STREAMLEDGER_REQUIRE_NETDATA=1) but unavailable: ${a.reason}`);
  }
  t.skip(a.reason);
  return false;
}

/** What every server helper returns. */
export interface TsdbServer {
  /** Its temp dir (config, data, server.log). */
  dir: string;
  /** The running process's pid, -1 while stopped. */
  readonly pid: number;
  /** The tail of its stdout/stderr log. */
  log(chars?: number): string;
  /** SIGTERM (SIGKILL after a few seconds), waits for it to exit. No-op when already stopped. */
  stop(): Promise<void>;
  /** Starts it again on the same ports and data dir, waits until it is ready. No-op when running. */
  start(): Promise<void>;
  /** stop() and remove the temp dir (unless STREAMLEDGER_KEEP_TMP=1). */
  dispose(): Promise<void>;
}

/** Killed on process exit, so a test that dies does not leave servers behind. */
const live = new Set<ChildProcess>();
let exitHook = false;
const killLiveOnExit = (): void => {
  for (const p of live) {
    try { p.kill('SIGKILL'); } catch { /* already gone */ }
  }
};

const tailOf = (file: string, chars: number): string => {
  try {
    const s = fs.readFileSync(file, 'utf8');
    return s.slice(-chars);
  } catch {
    return '';
  }
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs `cmd args` in `dir` with its output appended to dir/server.log; launch() resolves once `ready()` is true
 * and fails (with the log's tail) if the process exits first or does not get ready in time.
 */
function managedServer(name: string, dir: string, cmd: string, args: string[], ready: () => Promise<boolean>,
  opts: { env?: NodeJS.ProcessEnv; beforeLaunch?: () => void } = {}): TsdbServer {
  const logFile = path.join(dir, 'server.log');
  let proc: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();
  let disposed = false;
  const running = () => !!proc && proc.exitCode === null && proc.signalCode === null;

  const launch = async (): Promise<void> => {
    opts.beforeLaunch?.();
    const out = fs.openSync(logFile, 'a');
    fs.writeSync(out, `--- ${new Date().toISOString()} ${cmd} ${args.join(' ')}\n`);
    const p = spawn(cmd, args, { cwd: dir, env: { ...process.env, ...opts.env }, stdio: ['ignore', out, out] });
    fs.closeSync(out);
    proc = p;
    live.add(p);
    if (!exitHook) { exitHook = true; process.once('exit', killLiveOnExit); }
    let exitInfo: string | null = null;
    let spawnError: Error | null = null;
    p.once('error', (e) => { spawnError = e; });
    exited = new Promise((resolve) => p.once('close', (code, sig) => { exitInfo = `exited (${code ?? sig})`; live.delete(p); resolve(); }));
    const until = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      let ok = false;
      try { ok = await ready(); } catch { ok = false; }
      if (ok && running()) return;
      if (exitInfo || spawnError || Date.now() > until) {
        const why = spawnError ? `could not start: ${(spawnError as Error).message}` : exitInfo ?? `was not ready within ${READY_TIMEOUT_MS} ms`;
        if (!exitInfo) { p.kill('SIGKILL'); await exited; }
        throw new Error(`${name} ${why}\n--- ${logFile} (tail)\n${tailOf(logFile, 3000)}`);
      }
      await sleep(100);
    }
  };

  const stop = async (): Promise<void> => {
    const p = proc;
    if (!p || !running()) { await exited; return; }
    p.kill('SIGTERM');
    const timer = setTimeout(() => p.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  };

  const server: TsdbServer = {
    dir,
    get pid() { return running() ? proc!.pid ?? -1 : -1; },
    log: (chars = 5000) => tailOf(logFile, chars),
    stop,
    async start() {
      if (disposed) throw new Error(`${name}: start() after dispose()`);
      if (running()) return;
      await launch();
    },
    async dispose() {
      disposed = true;
      await stop();
      if (!keepTmp()) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return server;
}

/** Starts `server` the first time; on failure removes its dir (unless kept) and rethrows. */
async function firstStart<T extends TsdbServer>(server: T): Promise<T> {
  try {
    await server.start();
  } catch (e) {
    await server.dispose().catch(() => undefined);
    throw e;
  }
  return server;
}

async function httpOk(url: string): Promise<boolean> {
  try {
    return (await httpGet(url, 2000)).status === 200;
  } catch {
    return false;
  }
}

async function getJson(url: string, timeoutMs = 30_000): Promise<any> {
  const a = await httpGet(url, timeoutMs);
  let j: any;
  try {
    j = JSON.parse(a.body);
  } catch {
    throw new Error(`GET ${url}: HTTP ${a.status}, not JSON: ${a.body.slice(0, 500)}`);
  }
  if (a.status !== 200 || j?.status !== 'success') throw new Error(`GET ${url}: HTTP ${a.status}: ${a.body.slice(0, 500)}`);
  return j;
}

/** One series of an instant query (a scalar or string result comes back as one sample with no labels). */
export interface PromSample { metric: Record<string, string>; value: [number, string] }
/** One series of a range query. */
export interface PromRangeSeries { metric: Record<string, string>; values: Array<[number, string]> }

/** GET <base>/api/v1/query (Prometheus' API, which VictoriaMetrics also serves); returns data.result. */
async function promQuery(base: string, promql: string, timeSec?: number): Promise<PromSample[]> {
  const q = new URLSearchParams({ query: promql });
  if (timeSec !== undefined) q.set('time', String(timeSec));
  const j = await getJson(`${base}/api/v1/query?${q}`);
  const { resultType, result } = j.data;
  if (resultType === 'scalar' || resultType === 'string') return [{ metric: {}, value: result }];
  return result;
}

async function promQueryRange(base: string, promql: string, startSec: number, endSec: number, stepSec: number): Promise<PromRangeSeries[]> {
  const q = new URLSearchParams({ query: promql, start: String(startSec), end: String(endSec), step: String(stepSec) });
  const j = await getJson(`${base}/api/v1/query_range?${q}`);
  return j.data.result;
}

// ---------------------------------------------------------------------------------------------------------------
// VictoriaMetrics

/** One series as /api/v1/export gives it: raw samples, timestamps in milliseconds. */
export interface VmExportedSeries { metric: Record<string, string>; values: number[]; timestamps: number[] }

export interface VictoriaMetricsServer extends TsdbServer {
  /** HTTP API (queries, /api/v1/export, Prometheus remote write at /api/v1/write, /api/v1/import...). */
  httpPort: number;
  /** Graphite plaintext, TCP and UDP. */
  graphitePort: number;
  /** OpenTSDB telnet `put` lines (TCP and UDP; this port also answers HTTP /api/put). */
  opentsdbPort: number;
  /** OpenTSDB HTTP (POST /api/put). */
  opentsdbHttpPort: number;
  /** http://127.0.0.1:httpPort */
  url: string;
  /** Forces buffered samples to storage (/internal/force_flush), so what was written before can be read. */
  flush(): Promise<void>;
  /**
   * Raw samples of the series matching `match` (a series selector, e.g. `{__name__="a.b.c"}` or `x{host="y"}`)
   * between startSec and endSec (inclusive), after a flush. Timestamps in milliseconds. [] when nothing matches.
   */
  exportSeries(match: string, startSec: number, endSec: number): Promise<VmExportedSeries[]>;
  /** An instant query (/api/v1/query) at timeSec (default: now), after a flush; returns data.result. */
  query(promql: string, timeSec?: number): Promise<PromSample[]>;
}

/**
 * VictoriaMetrics (Debian's victoria-metrics 1.79.5) listening on 127.0.0.1 for HTTP (incl. Prometheus remote
 * write), graphite plaintext and OpenTSDB (telnet and HTTP). Ready (about 0.1 s) when /health answers.
 * Readability, measured: exportSeries() (which force-flushes) returns a sample within ~10 ms of the write (a
 * graphite/telnet line closed, an HTTP write answered); query() at the default time (now) sees it only once now
 * >= its timestamp + 1 s (so up to ~1 s), at once with timeSec >= timestamp + 1. Without a flush a sample takes
 * ~10 s to be searchable, hence both flush first.
 * Naming: graphite `a.b.c 42 T` is the series {__name__="a.b.c"}; OpenTSDB (telnet `put a.b T 1 host=x`, HTTP
 * /api/put) tags become labels: {__name__="a.b", host="x"}; remote write keeps its labels as sent.
 */
export async function startVictoriaMetrics(opts: { retentionPeriod?: string } = {}): Promise<VictoriaMetricsServer> {
  const [httpPort, graphitePort, opentsdbPort, opentsdbHttpPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-vm-'));
  const url = `http://127.0.0.1:${httpPort}`;
  const args = [
    `-httpListenAddr=127.0.0.1:${httpPort}`,
    `-graphiteListenAddr=127.0.0.1:${graphitePort}`,
    `-opentsdbListenAddr=127.0.0.1:${opentsdbPort}`,
    `-opentsdbHTTPListenAddr=127.0.0.1:${opentsdbHttpPort}`,
    `-storageDataPath=${path.join(dir, 'data')}`,
    // samples up to a year old are accepted (older ones are dropped as outside the retention)
    `-retentionPeriod=${opts.retentionPeriod ?? '1y'}`,
    // queries see samples up to "now" (default: not the last 30 s) and never answer from a response cache
    '-search.latencyOffset=0s',
    '-search.disableCache',
    // no deduplication (-dedup.minScrapeInterval stays unset): every raw sample is kept
    '-loggerLevel=INFO',
  ];
  // It opens its ingestion listeners before its HTTP one. The telnet OpenTSDB port is not probed: a connection
  // closed without a byte makes it log an error ("listenerSwitch: cannot read one byte ... EOF").
  const base = managedServer('victoria-metrics', dir, VICTORIA_METRICS, args, async () =>
    (await httpOk(`${url}/health`)) && (await canConnect(graphitePort, 500)) && (await canConnect(opentsdbHttpPort, 500)));
  const flush = async (): Promise<void> => {
    const a = await httpGet(`${url}/internal/force_flush`);
    if (a.status !== 200) throw new Error(`GET ${url}/internal/force_flush: HTTP ${a.status}: ${a.body.slice(0, 300)}`);
  };
  const vm: VictoriaMetricsServer = Object.assign(base, {
    httpPort, graphitePort, opentsdbPort, opentsdbHttpPort, url, flush,
    async exportSeries(match: string, startSec: number, endSec: number): Promise<VmExportedSeries[]> {
      await flush();
      const q = new URLSearchParams({ 'match[]': match, start: String(startSec), end: String(endSec) });
      const a = await httpGet(`${url}/api/v1/export?${q}`, 30_000);
      if (a.status !== 200) throw new Error(`GET ${url}/api/v1/export?${q}: HTTP ${a.status}: ${a.body.slice(0, 500)}`);
      return a.body.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as VmExportedSeries);
    },
    async query(promql: string, timeSec?: number): Promise<PromSample[]> {
      await flush();
      return promQuery(url, promql, timeSec);
    },
  });
  return firstStart(vm);
}

// ---------------------------------------------------------------------------------------------------------------
// carbon-cache (graphite)

export interface CarbonServer extends TsdbServer {
  /** Graphite plaintext (TCP). */
  linePort: number;
  /** carbon-cache's cache query port (its pickle receiver is off). */
  cacheQueryPort: number;
  /** Where the whisper files are: metric a.b.c is <whisperDir>/a/b/c.wsp. */
  whisperDir: string;
  /**
   * The points whisper holds for `metricPath` (dotted) in (fromSec, untilSec], one per second (1 s retention),
   * null where nothing was written. [] while the file does not exist yet (tests poll).
   */
  fetch(metricPath: string, fromSec: number, untilSec: number): Promise<Array<[t: number, v: number | null]>>;
}

/** Reads a whisper file as JSON [[t, v|null], ...] (whisper.fetch clamps the range to what the archive covers). */
const WHISPER_FETCH_PY = `
import json, sys, whisper
path, frm, until = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
r = whisper.fetch(path, frm, until)
out = []
if r is not None:
    (start, end, step), values = r
    out = [[start + i * step, v] for i, v in enumerate(values)]
sys.stdout.write(json.dumps(out))
`;

/**
 * carbon-cache (Debian's graphite-carbon 1.1.7, python3 + twisted) in the foreground, everything under its temp
 * dir, every metric stored with `retentions = 1s:1d` (average, xFilesFactor 0), no create/update rate limits, tags
 * off (a `;tag=v` name would otherwise be sent to a graphite-web that does not exist). Ready (about 0.3 s) when
 * its line and cache-query ports accept. Its writer drains the cache once a second: a line is in the whisper file
 * ~1 s after it was sent (measured 0.9-1.0 s; poll for 5 s or more). One fetch() costs ~30 ms (a python3 run).
 * stop() takes ~1 s (it writes its cache out on SIGTERM).
 */
export async function startCarbon(): Promise<CarbonServer> {
  const [linePort, cacheQueryPort] = [await freePort(), await freePort()];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-carbon-'));
  const storage = path.join(dir, 'storage');
  const whisperDir = path.join(storage, 'whisper');
  const conf = path.join(dir, 'conf');
  for (const d of [storage, whisperDir, conf, path.join(storage, 'lists'), path.join(storage, 'log')]) fs.mkdirSync(d, { recursive: true });
  fs.writeFileSync(path.join(conf, 'carbon.conf'), [
    '[cache]',
    `STORAGE_DIR = ${storage}/`,
    `LOCAL_DATA_DIR = ${whisperDir}/`,
    `WHITELISTS_DIR = ${path.join(storage, 'lists')}/`,
    `CONF_DIR = ${conf}/`,
    `LOG_DIR = ${path.join(storage, 'log')}/`,
    `PID_DIR = ${storage}/`,
    'DATABASE = whisper',
    'ENABLE_LOGROTATION = False',
    'MAX_CACHE_SIZE = inf',
    'MAX_UPDATES_PER_SECOND = inf',
    'MAX_CREATES_PER_MINUTE = inf',
    'MIN_TIMESTAMP_RESOLUTION = 1',
    'LINE_RECEIVER_INTERFACE = 127.0.0.1',
    `LINE_RECEIVER_PORT = ${linePort}`,
    'ENABLE_UDP_LISTENER = False',
    // 0 turns the pickle receiver off; the cache query port cannot be turned off
    'PICKLE_RECEIVER_PORT = 0',
    'CACHE_QUERY_INTERFACE = 127.0.0.1',
    `CACHE_QUERY_PORT = ${cacheQueryPort}`,
    'USE_FLOW_CONTROL = True',
    'LOG_UPDATES = False',
    'LOG_CREATES = True',
    'LOG_CACHE_HITS = False',
    'LOG_CACHE_QUEUE_SORTS = False',
    // pops metrics in any order, no sorting: with no rate limit every loop writes all that is cached
    'CACHE_WRITE_STRATEGY = naive',
    'WHISPER_AUTOFLUSH = True',
    'WHISPER_FALLOCATE_CREATE = False',
    'ENABLE_TAGS = False',
    'ENABLE_MANHOLE = False',
    '',
  ].join('\n'));
  fs.writeFileSync(path.join(conf, 'storage-schemas.conf'), '[everything]\npattern = .*\nretentions = 1s:1d\n');
  fs.writeFileSync(path.join(conf, 'storage-aggregation.conf'), '[everything]\npattern = .*\nxFilesFactor = 0\naggregationMethod = average\n');
  const pidFile = path.join(storage, 'carbon-cache.pid');
  const args = [CARBON_CACHE, `--config=${path.join(conf, 'carbon.conf')}`, `--pidfile=${pidFile}`, '--nodaemon', '--logfile=-', 'start'];
  const base = managedServer('carbon-cache', dir, PYTHON3, args,
    async () => (await canConnect(linePort, 500)) && (await canConnect(cacheQueryPort, 500)),
    // a pidfile left by a killed instance would make carbon refuse to start if its pid were reused meanwhile
    { env: { PYTHONUNBUFFERED: '1' }, beforeLaunch: () => fs.rmSync(pidFile, { force: true }) });
  const carbon: CarbonServer = Object.assign(base, {
    linePort, cacheQueryPort, whisperDir,
    async fetch(metricPath: string, fromSec: number, untilSec: number): Promise<Array<[number, number | null]>> {
      const file = path.join(whisperDir, ...metricPath.split('.')) + '.wsp';
      if (!fs.existsSync(file)) return [];
      const { stdout } = await run(PYTHON3, ['-c', WHISPER_FETCH_PY, file, String(Math.floor(fromSec)), String(Math.floor(untilSec))], { timeout: 30_000 });
      return JSON.parse(stdout) as Array<[number, number | null]>;
    },
  });
  return firstStart(carbon);
}

// ---------------------------------------------------------------------------------------------------------------
// Prometheus

export interface PrometheusScrape {
  job: string;
  /** host:port */
  target: string;
  /** The metrics path, e.g. /api/v1/allmetrics */
  path: string;
  /** URL query parameters, e.g. { format: ['prometheus'] } */
  params?: Record<string, string[]>;
  intervalSec: number;
}

export interface PrometheusServer extends TsdbServer {
  port: number;
  /** http://127.0.0.1:port (remote write, when enabled: <url>/api/v1/write) */
  url: string;
  /** An instant query (/api/v1/query) at timeSec (default: now); returns data.result. */
  query(promql: string, timeSec?: number): Promise<PromSample[]>;
  /** A range query (/api/v1/query_range); returns data.result. */
  queryRange(promql: string, startSec: number, endSec: number, stepSec: number): Promise<PromRangeSeries[]>;
}

/**
 * Prometheus (Debian's prometheus 2.42.0) on 127.0.0.1 with the given scrape jobs (honor_labels: true, so labels
 * the target exposes, `instance` and `job` included, win over Prometheus' own; a series without them gets
 * instance="<target host:port>", job="<job>") and, if asked, the remote-write receiver (<url>/api/v1/write; it
 * answers 400 "out of order sample" / "out of bounds" for a sample older than its series' last one or older than
 * its head block; samples of the last hour are fine). Ready (about 0.1 s) when /-/ready answers 200.
 * Measured: the first scrape comes ~5.5 s after every start (its target updates are batched every 5 s), then every
 * intervalSec; a scraped sample is queryable as soon as the scrape is done, a remote-written one as soon as the
 * write was answered (~ms). Scraped and written data survive stop()/start() (WAL).
 */
export async function startPrometheus(opts: { remoteWriteReceiver?: boolean; scrape?: PrometheusScrape[] } = {}): Promise<PrometheusServer> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-prometheus-'));
  const url = `http://127.0.0.1:${port}`;
  const config = {
    global: { scrape_interval: '15s', evaluation_interval: '15s' },
    scrape_configs: (opts.scrape ?? []).map((s) => ({
      job_name: s.job,
      honor_labels: true,
      metrics_path: s.path,
      ...(s.params ? { params: s.params } : {}),
      scrape_interval: `${s.intervalSec}s`,
      scrape_timeout: `${Math.min(s.intervalSec, 10)}s`,
      static_configs: [{ targets: [s.target] }],
    })),
  };
  // JSON is YAML
  fs.writeFileSync(path.join(dir, 'prometheus.yml'), JSON.stringify(config, null, 2) + '\n');
  const args = [
    `--config.file=${path.join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${path.join(dir, 'data')}`,
    '--storage.tsdb.retention.time=1d',
    `--web.listen-address=127.0.0.1:${port}`,
    ...(opts.remoteWriteReceiver ? ['--web.enable-remote-write-receiver'] : []),
    '--log.level=info',
  ];
  const base = managedServer('prometheus', dir, PROMETHEUS, args, () => httpOk(`${url}/-/ready`));
  const prom: PrometheusServer = Object.assign(base, {
    port, url,
    query: (promql: string, timeSec?: number) => promQuery(url, promql, timeSec),
    queryRange: (promql: string, startSec: number, endSec: number, stepSec: number) => promQueryRange(url, promql, startSec, endSec, stepSec),
  });
  return firstStart(prom);
}
