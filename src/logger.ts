import { pino } from 'pino';

/** The one logger shape passed through the code: pino's. Library code never writes to stdout. */
export type Logger = pino.Logger;

/** JSON lines on stderr, so stdout stays free for answers (`ask --jsonl`). */
export function createLogger(level = 'info'): Logger {
  return pino({ level, base: undefined }, pino.destination(2));
}

export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
