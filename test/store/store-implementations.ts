import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresStore } from '../../src/store/postgres-store.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { freshSchemaUrl, postgresSkipReason } from '../support/test-postgres.js';

/** One way of keeping the state, for the store suite to run against. */
export interface StoreImplementation {
  name: string;
  /** Why this implementation cannot be tested here (no server to test against, say): reported as skipped. */
  skipReason?: string;
  /** A new, empty database; each `open()` is a further connection to it, as from another process or after a restart. */
  freshDatabase(): { open(): Promise<Store> };
}

export const storeImplementations: StoreImplementation[] = [
  {
    name: 'SQLite',
    freshDatabase() {
      const file = join(mkdtempSync(join(tmpdir(), 'store-')), 'nested', 'directive-bot.sqlite');
      return { open: async () => new SqliteStore(file) };
    },
  },
  {
    name: 'PostgreSQL',
    ...(postgresSkipReason ? { skipReason: postgresSkipReason } : {}),
    freshDatabase() {
      // One schema per database, created on the first open; every open is a new pool on it.
      let url: Promise<string> | undefined;
      return {
        open: async () => {
          url ??= freshSchemaUrl('store');
          return await PostgresStore.open(await url);
        },
      };
    },
  },
];
