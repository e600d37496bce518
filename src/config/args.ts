import { ConfigError } from './errors';

export const DEFAULT_CONFIG_FILE = 'conf/streamledger.conf';

export interface ParsedArgs {
  configFile: string;
  /** `-W set SECTION KEY VALUE`, in command-line order. */
  overrides: Array<[string, string, string]>;
  /** Everything not recognised here, in order, for the caller. */
  rest: string[];
}

/**
 * Netdata-style options: `-c FILE` (also `--config FILE`, `--config=FILE`) and `-W set SECTION KEY VALUE`
 * (applied after the file is read). `argv` is the arguments only, e.g. process.argv.slice(2).
 */
export function parseArgs(argv: string[]): ParsedArgs {
  const parsed: ParsedArgs = { configFile: DEFAULT_CONFIG_FILE, overrides: [], rest: [] };
  const take = (i: number, count: number, usage: string): string[] => {
    const values = argv.slice(i + 1, i + 1 + count);
    if (values.length < count) throw new ConfigError(null, `command line: ${usage}`);
    return values;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-c' || arg === '--config') {
      [parsed.configFile] = take(i, 1, `${arg} needs a FILE`);
      i += 1;
    } else if (arg.startsWith('--config=')) {
      parsed.configFile = arg.slice('--config='.length);
    } else if (arg === '-W' && argv[i + 1] === 'set') {
      const [section, key, value] = take(i + 1, 3, '-W set needs SECTION KEY VALUE');
      parsed.overrides.push([section, key, value]);
      i += 4;
    } else {
      parsed.rest.push(arg);
    }
  }
  if (parsed.configFile === '') throw new ConfigError(null, 'command line: the config file name is empty');
  return parsed;
}
