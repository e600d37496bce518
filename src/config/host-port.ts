import { isIPv6 } from 'node:net';
import { InvalidValue, port } from './values';

export interface HostWord {
  host: string;
  /** The `%INTERFACE` scope of an IPv6 address, or null. */
  iface: string | null;
  /** The `:`-separated fields after the host (port, then e.g. `SSL`). */
  fields: string[];
}

/**
 * Splits one word of the forms Netdata uses for addresses: `HOST[%INTERFACE][:FIELD...]`, where HOST is a
 * name, an IPv4 address or a bracketed IPv6 address (`[::1]`, `[fe80::1%eth0]`).
 */
export function splitHostWord(word: string): HostWord {
  let host: string;
  let rest: string;
  if (word.startsWith('[')) {
    const close = word.indexOf(']');
    if (close < 0) throw new InvalidValue(`${JSON.stringify(word)}: missing ] after the IPv6 address`);
    host = word.slice(1, close);
    rest = word.slice(close + 1);
    if (rest !== '' && !rest.startsWith(':') && !rest.startsWith('%')) {
      throw new InvalidValue(`${JSON.stringify(word)}: unexpected text after ]`);
    }
  } else {
    if (isIPv6(word.split('%')[0])) {
      throw new InvalidValue(`${JSON.stringify(word)}: write IPv6 addresses in brackets, e.g. [::1]:19999`);
    }
    const end = word.search(/[:%]/);
    host = end < 0 ? word : word.slice(0, end);
    rest = end < 0 ? '' : word.slice(end);
  }

  let iface: string | null = null;
  const scope = host.indexOf('%');
  if (scope >= 0) {
    iface = host.slice(scope + 1);
    host = host.slice(0, scope);
  } else if (rest.startsWith('%')) {
    const end = rest.indexOf(':');
    iface = end < 0 ? rest.slice(1) : rest.slice(1, end);
    rest = end < 0 ? '' : rest.slice(end);
  }
  if (host === '') throw new InvalidValue(`${JSON.stringify(word)}: no host`);
  if (iface === '') throw new InvalidValue(`${JSON.stringify(word)}: empty interface after %`);
  return { host, iface, fields: rest === '' ? [] : rest.slice(1).split(':') };
}

/** A port field, or the default when absent. */
export function portField(word: string, field: string | undefined, fallback: number): number {
  if (field === undefined) return fallback;
  try {
    return port(field);
  } catch (err) {
    if (err instanceof InvalidValue) throw new InvalidValue(`${JSON.stringify(word)}: port ${err.message}`);
    throw err;
  }
}
