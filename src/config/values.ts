import { SimplePattern } from './simple-pattern';
import type { MemoryMode, Tristate } from './types';

/** Thrown by a value parser; the caller adds the file, section and key. */
export class InvalidValue extends Error {}

/** Turns the text of a value into a typed value, or throws InvalidValue. */
export type ValueParser<T> = (text: string) => T;

const TRUE_WORDS = ['yes', 'true', 'on', '1'];
const FALSE_WORDS = ['no', 'false', 'off', '0'];
// Netdata also reads `on demand` as auto in yes|no|auto settings.
const AUTO_WORDS = ['auto', 'on demand'];

export const text: ValueParser<string> = (value) => value;

export const nonEmptyText: ValueParser<string> = (value) => {
  if (value === '') throw new InvalidValue('must not be empty');
  return value;
};

export const boolean: ValueParser<boolean> = (value) => {
  const word = value.toLowerCase();
  if (TRUE_WORDS.includes(word)) return true;
  if (FALSE_WORDS.includes(word)) return false;
  if (AUTO_WORDS.includes(word)) throw new InvalidValue('auto is not allowed here: expected yes or no');
  throw new InvalidValue('not a boolean: expected yes|no|true|false|on|off|1|0');
};

export const tristate: ValueParser<Tristate> = (value) => {
  if (AUTO_WORDS.includes(value.toLowerCase())) return 'auto';
  try {
    return boolean(value) ? 'yes' : 'no';
  } catch {
    throw new InvalidValue('expected yes, no or auto');
  }
};

/** A whole number in [min, max]. */
export function integer(min: number, max: number = Number.MAX_SAFE_INTEGER): ValueParser<number> {
  return (value) => {
    if (!/^[-+]?\d+$/.test(value)) throw new InvalidValue('not a number');
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < min || n > max) throw new InvalidValue(`out of range: expected ${min} to ${max}`);
    return n;
  };
}

/** One of a fixed set of words (compared exactly, as Netdata does). */
export function oneOf<T extends string>(allowed: readonly T[]): ValueParser<T> {
  return (value) => {
    if ((allowed as readonly string[]).includes(value)) return value as T;
    throw new InvalidValue(`expected one of: ${allowed.join(', ')}`);
  };
}

/** Every MemoryMode, in the order messages list them. */
export const MEMORY_MODES: readonly MemoryMode[] = ['ram', 'save', 'map', 'dbengine', 'none', 'alloc'];
export const memoryMode: ValueParser<MemoryMode> = oneOf(MEMORY_MODES);

export const pattern: ValueParser<SimplePattern> = (value) => new SimplePattern(value);

/** Netdata's limits: history is at least 5 entries, at most a year of seconds. */
export const HISTORY_MIN = 5;
export const HISTORY_MAX = 86400 * 365;
export const history = integer(HISTORY_MIN, HISTORY_MAX);

/** Netdata accepts update every from 1 to 600 seconds. */
export const updateEvery = integer(1, 600);

export const port = integer(1, 65535);
