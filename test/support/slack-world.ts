import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Bot, createBot } from '../../src/bot.js';
import { LibraryHolder } from '../../src/library.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { fixtures, shippedKnowledge } from './paths.js';

/** A recorded-shape Slack payload from `test/fixtures/slack-<name>.json`, fresh each call so tests may edit it. */
// biome-ignore lint/suspicious/noExplicitAny: payloads are edited freely in tests
export function slackFixture(name: string): any {
  return JSON.parse(readFileSync(join(fixtures, `slack-${name}.json`), 'utf8'));
}

let library: LibraryHolder | undefined;

/** The real bot over the shipped knowledge, with a real SQLite store in a fresh temp folder. */
export async function realBot(): Promise<{
  bot: Bot;
  store: Store;
  storeFile: string;
  reopen(): { bot: Bot; store: Store };
  cleanup(): Promise<void>;
}> {
  library ??= await LibraryHolder.load(shippedKnowledge);
  const lib = library;
  const dir = mkdtempSync(join(tmpdir(), 'directive-bot-slack-'));
  const storeFile = join(dir, 'bot.sqlite');
  const make = () => {
    const store = new SqliteStore(storeFile);
    return { store, bot: createBot({ admins: [], timezone: 'Asia/Shanghai' }, { library: lib, store }) };
  };
  const stores: Store[] = [];
  const first = make();
  stores.push(first.store);
  return {
    ...first,
    storeFile,
    /** A second bot and store on the same file, as after a restart. */
    reopen() {
      const next = make();
      stores.push(next.store);
      return next;
    },
    async cleanup() {
      for (const s of stores) await s.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
