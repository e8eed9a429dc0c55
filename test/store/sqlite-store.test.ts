import { chmodSync, existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { SQLITE_MIGRATIONS } from '../../src/store/sqlite-migrations.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/store.js';

const T = Date.parse('2026-12-01T01:00:00Z');
const opened: Store[] = [];
afterEach(async () => {
  for (const store of opened.splice(0)) await store.close();
});

describe('the SQLite store', () => {
  it('lives in DATA_DIR/directive-bot.sqlite, creating the folder', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'store-')), 'data');
    const store = await openStore({ dataDir });
    opened.push(store);
    expect(existsSync(join(dataDir, 'directive-bot.sqlite'))).toBe(true);
  });

  it('keeps the data private to its user: DATA_DIR is made 0700, the database and its WAL 0600', async () => {
    const previous = process.umask(0o022);
    try {
      const dataDir = join(mkdtempSync(join(tmpdir(), 'store-')), 'data');
      const store = await openStore({ dataDir });
      opened.push(store);
      await store.subscribe('slack:C1', 'slack:U1', T);
      const mode = (path: string) => statSync(path).mode & 0o777;
      expect(mode(dataDir)).toBe(0o700);
      expect(mode(join(dataDir, 'directive-bot.sqlite'))).toBe(0o600);
      expect(mode(join(dataDir, 'directive-bot.sqlite-wal'))).toBe(0o600);
    } finally {
      process.umask(previous);
    }
  });

  it('makes an existing database readable by its user only when it opens it', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'store-')), 'directive-bot.sqlite');
    new Database(file).close();
    chmodSync(file, 0o644);
    const store = new SqliteStore(file);
    opened.push(store);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('brings a version 2 database up to date, keeping the retry and lease times its rows were given', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'store-')), 'directive-bot.sqlite');
    const old = new Database(file);
    for (const migration of SQLITE_MIGRATIONS.slice(0, 2)) old.exec(migration);
    old.pragma('user_version = 2');
    const insert = old.prepare(
      `INSERT INTO deliveries (deadline_id, occurrence, target, status, attempts, last_error, updated_at)
       VALUES ('review', '2026-12-01T01:00:00.000Z', ?, ?, ?, ?, ?)`,
    );
    insert.run('console:sending', 'sending', 1, null, T);
    insert.run('console:failed-once', 'failed', 1, 'HTTP 503', T);
    insert.run('console:failed-thrice', 'failed', 3, 'HTTP 503', T);
    insert.run('console:failed-often', 'failed', 12, 'HTTP 503', T);
    insert.run('console:sent', 'sent', 1, null, T);
    old.prepare("INSERT INTO subscriptions VALUES ('slack:C1', 'slack:U1', 0)").run();
    old.close();

    const store = new SqliteStore(file);
    opened.push(store);
    const claimable = Object.fromEntries((await store.deliveries()).map((r) => [r.target, r.claimableAt]));
    expect(claimable).toEqual({
      'console:sending': T + 120_000,
      'console:failed-once': T + 60_000,
      'console:failed-thrice': T + 240_000,
      'console:failed-often': T + 3_600_000,
      'console:sent': null,
    });
    expect(await store.subscriptions()).toEqual(['slack:C1']);
    expect((await store.deliveries()).every((r) => r.kind === 'reminder')).toBe(true);
    expect(await store.receiptsFor('review', '2026-12-31')).toEqual([]);
    const key = { deadlineId: 'review', occurrence: '2026-12-01T01:00:00.000Z', target: 'console:sending' };
    expect((await store.claimDelivery(key, T + 119_999, T + 240_000)).isClaimed).toBe(false);
    expect(await store.claimDelivery(key, T + 120_000, T + 240_000)).toEqual({
      isClaimed: true,
      attempt: 2,
      wasInDoubt: true,
    });
  });
});
