import { alarmHistory, alarmHistoryToText } from '../audit/alarm-history';
import { auditHost, auditToText, resolveRange, type AuditRange } from '../audit/audit-query';
import { ConfigError, loadConfig, parseArgs } from '../config';
import { findHostLog, type FoundHostLog } from '../audit/find-host-log';
import { main as runParent } from '../main';

const USAGE = `usage:
  streamledger [run] [-c CONFIG] [-W set SECTION KEY VALUE]...     run the parent
  streamledger events --host NAME|GUID [--after T] [--before T] [--limit N] [--json] [-c CONFIG]
      the sessions of a host and the protocol lines it sent between after and before
      (epoch seconds, or negative = seconds before now; default: the last 600 seconds)
  streamledger alarms --host NAME|GUID [--after T] [--before T] [--limit N] [--json] [-c CONFIG]
      the alarm log of a host between after and before: every status change and its notifications`;

function option(rest: string[], name: string): string | undefined {
  const i = rest.indexOf(name);
  if (i < 0) return undefined;
  const v = rest[i + 1];
  if (v === undefined) throw new Error(`${name} needs a value`);
  return v;
}

/** Runs `show` on the host's event log named by --host, over the --after/--before range, and prints what it returns. */
function readHostLog<T>(argv: string[], show: (found: FoundHostLog, range: AuditRange) => T, toText: (result: T) => string): number {
  const args = parseArgs(argv);
  const config = loadConfig({ file: args.configFile, overrides: args.overrides, warn: () => {} });
  const rest = args.rest;
  const which = option(rest, '--host');
  if (!which) throw new Error('--host NAME|GUID is needed');
  const limit = Number(option(rest, '--limit') ?? 100_000);
  const range = resolveRange(option(rest, '--after'), option(rest, '--before'), Date.now() / 1000, limit);
  const found = findHostLog(config.parent.cacheDir, which);
  if (!found) throw new Error(`no event log for host '${which}' under ${config.parent.cacheDir}`);
  try {
    const result = show(found, range);
    process.stdout.write(rest.includes('--json') ? JSON.stringify(result, null, 1) + '\n' : toText(result));
  } finally {
    found.log.close();
  }
  return 0;
}

const COMMANDS: Record<string, (argv: string[]) => number> = {
  events: (argv) => readHostLog(argv, (f, range) => auditHost(f.log, f.machineGuid, f.hostname, range), auditToText),
  alarms: (argv) => readHostLog(argv, (f, range) => alarmHistory(f.log, f.machineGuid, f.hostname, range), alarmHistoryToText),
};

export function cli(argv: string[]): void {
  const [cmd, ...rest] = argv;
  const command = cmd !== undefined && Object.hasOwn(COMMANDS, cmd) ? COMMANDS[cmd] : undefined;
  if (command) {
    try {
      process.exitCode = command(rest);
    } catch (err) {
      process.stderr.write(`streamledger ${cmd}: ${err instanceof ConfigError ? 'configuration error: ' : ''}${(err as Error).message}\n`);
      process.exitCode = 2;
    }
    return;
  }
  if (cmd === 'help' || cmd === '--help' || cmd === '-h') {
    process.stdout.write(USAGE + '\n');
    return;
  }
  void runParent(cmd === 'run' ? rest : argv);
}

if (require.main === module) cli(process.argv.slice(2));
