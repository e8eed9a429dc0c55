import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/store.js';

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
];
