import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';

/** The optional settings file read from the working directory. */
export const ENV_FILE = '.env';

/**
 * The environment as `readConfig` should see it: the variables of an optional `.env` in `dir`,
 * overlaid by the real environment. The real environment wins so that systemd's `EnvironmentFile`
 * or a one-off `LOG_LEVEL=debug npm start` is never silently undone by a stale file. Nothing is
 * printed and `process.env` is left untouched (unlike dotenv, which `natural` runs on import).
 *
 * @example
 * readConfig(withEnvFile(process.env, process.cwd()))
 */
export function withEnvFile(env: NodeJS.ProcessEnv, dir: string): NodeJS.ProcessEnv {
  const path = join(dir, ENV_FILE);
  if (!existsSync(path)) return env;
  const fromFile = parseEnv(readFileSync(path, 'utf8'));
  return { ...fromFile, ...definedOnly(env) };
}

function definedOnly(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined));
}
