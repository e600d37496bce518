import pino from 'pino';

/** The process-wide logger; modules take a child of it (`logger.child({ module: 'x' })`). */
export type Logger = pino.Logger;

/** `destination`: stdout, stderr, none, or a file path (`[logs] error`). */
export function createLogger(level = 'info', destination = 'stdout'): Logger {
  if (destination === 'none') return pino({ level: 'silent' });
  const dest =
    destination === 'stdout' ? pino.destination(1) : destination === 'stderr' ? pino.destination(2) : pino.destination({ dest: destination, sync: false, mkdir: true });
  return pino({ level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime }, dest);
}

/** A logger that drops everything, for unit tests and tools. */
export const silentLogger: Logger = pino({ level: 'silent' });
