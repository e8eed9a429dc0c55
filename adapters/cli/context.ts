import { type Config, ConfigError, readConfig } from '../../src/config.js';
import { KnowledgeErrors } from '../../src/knowledge/knowledge-error.js';
import { LibraryHolder } from '../../src/library.js';
import { cacheDirIn } from '../../src/library-cache.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { withEnvFile } from '../../src/ops/env-file.js';
import { routeConsoleToLog } from './console-to-log.js';

/** A failure the CLI reports as plain lines on stderr with an exit code, never as a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export interface CliContext {
  config: Config;
  logger: Logger;
  library: LibraryHolder;
}

/** Configuration for a CLI command: the environment over an optional `.env`, then `--knowledge DIR`. */
export function readCliConfig(flags: { knowledge?: string | undefined }, env = process.env): Config {
  try {
    const config = readConfig(withEnvFile(env, process.cwd()));
    return flags.knowledge ? { ...config, knowledgeDir: flags.knowledge } : config;
  } catch (e) {
    if (e instanceof ConfigError) throw new CliError(e.message, 2);
    throw e;
  }
}

/**
 * Reads configuration (the environment over an optional `.env` in the working directory) and loads the
 * knowledge folder (`--knowledge DIR` wins over `KNOWLEDGE_DIR`).
 */
export async function openContext(
  flags: { knowledge?: string | undefined },
  env = process.env,
  logLevel?: string,
): Promise<CliContext> {
  const config = readCliConfig(flags, env);
  const logger = cliLogger(logLevel ?? config.logLevel);
  try {
    const library = await LibraryHolder.load(config.knowledgeDir, logger, {
      limits: config.knowledgeLimits,
      cacheDir: cacheDirIn(config.dataDir),
    });
    return { config, logger, library };
  } catch (e) {
    if (e instanceof KnowledgeErrors) throw new CliError(`knowledge could not be loaded:\n${e.message}`, 1);
    throw e;
  }
}

/** The one logger of a CLI command; libraries' `console` output goes to it too, never to stdout. */
export function cliLogger(level: string): Logger {
  const logger = createLogger(level);
  routeConsoleToLog(logger);
  return logger;
}
