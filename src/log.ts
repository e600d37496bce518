import pino from 'pino';

/** The process-wide logger; modules take a child of it (`logger.child({ module: 'x' })`). */
export type Logger = pino.Logger;

export function createLogger(level = process.env.STREAMLEDGER_LOG_LEVEL ?? 'info', destination?: string): Logger {
  const dest = destination ? pino.destination({ dest: destination, sync: false, mkdir: true }) : pino.destination(1);
  return pino({ level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime }, dest);
}

/** A logger that drops everything, for unit tests and tools. */
export const silentLogger: Logger = pino({ level: 'silent' });
