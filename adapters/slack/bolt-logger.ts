import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../../src/logger.js';

/**
 * Bolt, its Web API client and the Socket Mode client log through this, so their lines land in our one
 * pino stream on stderr (Bolt's default logger writes to stdout, which belongs to answers).
 * Bolt's chatter (every ping, every request) goes to debug; its warnings and errors keep their level, and
 * so does a rate limit, which the Web API client reports as info but an operator wants to see.
 */
export function boltLogger(logger: Logger): BoltLogger {
  const log = logger.child({ component: 'slack' });
  let level: LogLevel = LogLevel.INFO;
  const text = (msg: unknown[]) => msg.map((m) => (typeof m === 'string' ? m : String(m))).join(' ');
  return {
    debug: (...msg) => log.debug(text(msg)),
    info: (...msg) => {
      const line = text(msg);
      if (/rate limit/i.test(line)) log.warn(line);
      else log.debug(line);
    },
    warn: (...msg) => log.warn(text(msg)),
    error: (...msg) => log.error(text(msg)),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
