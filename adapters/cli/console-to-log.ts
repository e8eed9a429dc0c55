import { format } from 'node:util';
import type { Logger } from '../../src/logger.js';

/**
 * Sends whatever a library prints with `console.*` to our log (JSON lines on stderr), so stdout carries
 * results only. dingtalk-stream 2.1.5 prints "connect success" with `console.info` on every connection,
 * and a warning or an error with `console.warn`/`console.error`; it takes no logger. Our own code never
 * calls `console`, so everything that comes through here is a library's.
 */
export function routeConsoleToLog(logger: Logger): void {
  const log = logger.child({ component: 'console' });
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]) =>
      log[level](format(...args));
  console.debug = at('debug');
  console.log = at('info');
  console.info = at('info');
  console.warn = at('warn');
  console.error = at('error');
  console.trace = at('debug');
}
