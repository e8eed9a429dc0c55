import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadLibrary } from '../../src/library.js';
import { silentLogger } from '../../src/logger.js';
import { deliverDue } from '../../src/reminders/deliver-due.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { FakeClock } from '../support/fake-clock.js';
import { knowledgeDir } from './knowledge-dir.js';
import { heldNotifier } from './recording-notifier.js';

const TWO_ROOMS_AT_NINE = `deadlines:
  - id: review
    title: 年底查漏补缺
    due: "12-31"
    cite: 查漏补缺,特别是一些办实事的项目要做到位
    remind: { before: [30d], at: "09:00" }
    to: [console:room, console:hall]
`;

const stores: SqliteStore[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
});

describe('delivering due reminders', () => {
  it('does not let a concurrent send-due re-send a reminder claimed late in a slow run', async () => {
    const library = await loadLibrary(knowledgeDir(TWO_ROOMS_AT_NINE));
    const db = join(mkdtempSync(join(tmpdir(), 'directive-bot-data-')), 'directive-bot.sqlite');
    // Two connections to one SQLite file, as `serve` and a cron'd `send-due` have.
    const [serveStore, cronStore] = [new SqliteStore(db), new SqliteStore(db)];
    stores.push(serveStore, cronStore);
    const clock = new FakeClock(Date.parse('2026-12-01T01:00:00Z'));
    const platform = heldNotifier('console');
    const options = {
      library,
      notifiers: new Map([['console', platform]]),
      clock,
      logger: silentLogger(),
      timezone: 'Asia/Shanghai',
      graceMs: 12 * 3_600_000,
    };

    const slowRun = deliverDue({ ...options, store: serveStore, at: clock.now() });
    await clock.advanceTo('2026-12-01T01:03:00Z'); // the first send takes three minutes
    expect(platform.held()).toBe(1);
    platform.release();
    await clock.advanceTo('2026-12-01T01:03:00Z'); // the slow run claims the second room and sends
    expect(platform.held()).toBe(1);

    const cronRun = deliverDue({ ...options, store: cronStore, at: clock.now() });
    await clock.advanceTo('2026-12-01T01:03:01Z');
    platform.release();
    const [slow, cron] = await Promise.all([slowRun, cronRun]);

    expect(platform.sent.map((s) => s.conversationId).sort()).toEqual(['hall', 'room']);
    expect(slow.sent).toHaveLength(2);
    expect(cron.sent).toHaveLength(0);
    expect((await serveStore.deliveries()).map((r) => `${r.target} ${r.status} ${r.attempts}`)).toEqual([
      'console:hall sent 1',
      'console:room sent 1',
    ]);
  });
});
