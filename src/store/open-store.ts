import { existsSync } from 'node:fs';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { redactUrl } from './redact-url.js';
import { SqliteStore } from './sqlite-store.js';
import type { Store, StoreCheck } from './store.js';

/** What choosing and opening the store needs from the configuration. */
export type StoreConfig = Pick<Config, 'dataDir'> & Partial<Pick<Config, 'databaseUrl'>>;

/**
 * Opens the configured store, creating and migrating it as needed: PostgreSQL when `DATABASE_URL` is
 * set (several replicas share it), otherwise the SQLite file in `DATA_DIR`. This is the one place that
 * picks an implementation. The PostgreSQL client is imported only when it is used.
 */
export async function openStore(config: StoreConfig, logger?: Logger): Promise<Store> {
  if (config.databaseUrl) {
    const { PostgresStore } = await import('./postgres-store.js');
    return await PostgresStore.open(config.databaseUrl, logger ? { logger } : {});
  }
  return new SqliteStore(SqliteStore.fileIn(config.dataDir));
}

/**
 * Looks at the configured store without changing it (no migration; the write check is rolled back), for
 * `doctor`. Undefined when the SQLite file does not exist yet. Rejects when the server cannot be reached.
 */
export async function inspectStore(config: StoreConfig, connectTimeoutMs = 5_000): Promise<StoreCheck | undefined> {
  if (config.databaseUrl) {
    const { PostgresStore } = await import('./postgres-store.js');
    const store = await PostgresStore.open(config.databaseUrl, { migrate: false, connectTimeoutMs, poolSize: 1 });
    try {
      return await store.check();
    } finally {
      await store.close();
    }
  }
  if (!storeExists(config)) return undefined;
  const store = new SqliteStore(SqliteStore.fileIn(config.dataDir));
  try {
    return await store.check();
  } finally {
    await store.close();
  }
}

/** Where the store lives, for messages to the admin (a server URL without its password). */
export function storeLocation(config: StoreConfig): string {
  if (config.databaseUrl) return redactUrl(config.databaseUrl);
  return SqliteStore.fileIn(config.dataDir);
}

/**
 * Whether the store has been created yet, so a read-only command can say "no data yet" rather than
 * create it. A server database is taken to exist: opening it says so if it does not.
 */
export function storeExists(config: StoreConfig): boolean {
  return Boolean(config.databaseUrl) || existsSync(SqliteStore.fileIn(config.dataDir));
}
