import { existsSync } from 'node:fs';
import type { Config } from '../config.js';
import { SqliteStore } from './sqlite-store.js';
import type { Store } from './store.js';

/** What choosing and opening the store needs from the configuration. */
export type StoreConfig = Pick<Config, 'dataDir'>;

/**
 * Opens the configured store, creating and migrating it as needed: today always the SQLite file in
 * `DATA_DIR`. This is the one place that picks an implementation; a server database plugs in here.
 * Async because opening a server database (connect, migrate) is.
 */
export async function openStore(config: StoreConfig): Promise<Store> {
  return new SqliteStore(SqliteStore.fileIn(config.dataDir));
}

/** Where the store lives, for messages to the admin. */
export function storeLocation(config: StoreConfig): string {
  return SqliteStore.fileIn(config.dataDir);
}

/** Whether the store has been created yet, so a read-only command can say "no data yet" rather than create it. */
export function storeExists(config: StoreConfig): boolean {
  return existsSync(SqliteStore.fileIn(config.dataDir));
}
