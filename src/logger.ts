import { createRequire } from 'node:module';
import type { pino as Pino } from 'pino';

/** The one logger shape passed through the code: pino's. Library code never writes to stdout. */
export type Logger = Pino.Logger;

type PinoModule = { pino: typeof Pino };

/** pino's numeric levels: a call below the logger's level is dropped. */
const LEVELS: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };

/**
 * JSON lines on stderr, so stdout stays free for answers (`ask --jsonl`).
 *
 * pino itself (~20 ms to load) is loaded by the first line actually written: a one-off `ask` or a
 * `deadlines` run from a timer, at level warn, usually writes none.
 */
export function createLogger(level = 'info'): Logger {
  return deferred(() => {
    const { pino } = createRequire(import.meta.url)('pino') as PinoModule;
    return pino({ level, base: undefined }, pino.destination(2));
  }, level);
}

export function silentLogger(): Logger {
  const { pino } = createRequire(import.meta.url)('pino') as PinoModule;
  return pino({ level: 'silent' });
}

/**
 * A logger that stands for `create()` without calling it until something must be written (or a
 * part of pino this does not know is used). Calls below `level` cost nothing.
 */
function deferred(create: () => Logger, level: string): Logger {
  let real: Logger | undefined;
  const load = () => {
    real ??= create();
    return real;
  };
  const threshold = () =>
    real ? (LEVELS[real.level] ?? Number.POSITIVE_INFINITY) : (LEVELS[level] ?? Number.POSITIVE_INFINITY);
  const noop = () => {};
  return new Proxy({} as Logger, {
    get(_target, key) {
      if (typeof key === 'string' && key in LEVELS) {
        if ((LEVELS[key] as number) < threshold()) return noop;
        const logger = load();
        return (logger[key as 'info'] as (...args: unknown[]) => void).bind(logger);
      }
      if (key === 'level' && !real) return level;
      if (key === 'isLevelEnabled' && !real) return (l: string) => (LEVELS[l] ?? 0) >= threshold();
      if (key === 'child' && !real) {
        return (bindings: Record<string, unknown>, options?: Pino.ChildLoggerOptions) =>
          deferred(() => load().child(bindings, options), options?.level ?? level);
      }
      const logger = load();
      const value = Reflect.get(logger, key, logger);
      return typeof value === 'function' ? value.bind(logger) : value;
    },
    set(_target, key, value) {
      return Reflect.set(load(), key, value);
    },
  });
}
