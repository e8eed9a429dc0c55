import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PostgresStore } from '../../src/store/postgres-store.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { cliBin } from '../support/paths.js';
import { freshSchemaUrl, postgresSkipReason } from '../support/test-postgres.js';

function run(args: string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, [cliBin, 'migrate-store', ...args], {
    encoding: 'utf8',
    timeout: 20_000,
    cwd: mkdtempSync(join(tmpdir(), 'cwd-')),
    env: { PATH: process.env.PATH, TZ: 'UTC', LOG_LEVEL: 'warn', ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const T = Date.parse('2026-12-01T01:00:00Z');
const key = { deadlineId: 'review', occurrence: '2026-12-01T01:00:00.000Z', target: 'slack:C1' };

/** A SQLite store in a fresh DATA_DIR, with a row or two in every table. */
async function sqliteWithData(): Promise<{ dataDir: string; snapshot: Awaited<ReturnType<SqliteStore['dump']>> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'directive-bot-data-'));
  const store = new SqliteStore(SqliteStore.fileIn(dataDir));
  await store.claimEvent('slack', 'Ev1', T);
  await store.claimEvent('dingtalk', 'msg/1==', T + 1);
  await store.subscribe('dingtalk:cidGroup==', 'dingtalk:boss', T);
  await store.claimDelivery(key, T, T + 120_000);
  await store.markDeliverySent(key, T + 5, 1, '1732450001.000900');
  await store.claimDelivery({ ...key, kind: 'chase' }, T, T + 120_000);
  await store.recordReceipt({
    deadlineId: 'review',
    occurrence: '2026-12-31',
    person: 'dingtalk:manager1234',
    name: '王芳',
    status: 'done',
    at: T,
    conversation: 'dingtalk:cidGroup==',
    via: 'card',
    messageRef: undefined,
  });
  await store.recordFeedback({ platform: 'slack', userId: 'U1', question: '欠薪怎么办', ref: 'speech#3', vote: -1 }, T);
  await store.recordUnanswered('dingtalk', '会费交多少', ['会费'], T);
  const snapshot = await store.dump();
  await store.close();
  return { dataDir, snapshot };
}

describe('directive-bot migrate-store', () => {
  it('says what is missing or wrong before touching anything', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'directive-bot-data-'));
    const missing = run(['--from', 'sqlite', '--to', 'postgres://bot@127.0.0.1:9/bot'], { DATA_DIR: dataDir });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`nothing to move: ${SqliteStore.fileIn(dataDir)} does not exist`);
    const noTarget = run(['--from', 'sqlite'], { DATA_DIR: dataDir });
    expect(noTarget.code).toBe(2);
    expect(noTarget.stderr).toMatch(/--to is missing: migrate-store --from sqlite --to "\$DATABASE_URL"/);
    const wrong = run(['--from', 'sqlite', '--to', 'mysql://bot:secret@db/bot'], { DATA_DIR: dataDir });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--to "mysql://bot@db/bot" is not a store');
    expect(wrong.stderr).not.toContain('secret');
    const same = run(['--from', 'sqlite', '--to', `sqlite:${SqliteStore.fileIn(dataDir)}`], { DATA_DIR: dataDir });
    expect(same.code).toBe(2);
    expect(same.stderr).toContain('the same store');
  });

  if (postgresSkipReason) {
    it.skip(`is not tested against PostgreSQL: ${postgresSkipReason}`, () => {});
    return;
  }

  it('copies a SQLite store into PostgreSQL, and adds nothing when run again', async () => {
    const { dataDir, snapshot } = await sqliteWithData();
    const url = await freshSchemaUrl('migrate');
    const first = run(['--from', 'sqlite', '--to', url], { DATA_DIR: dataDir });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('handled events: 2 added, 0 already there');
    expect(first.stdout).toContain('reminder deliveries: 2 added, 0 already there');
    expect(first.stdout).toContain('receipts (已阅/已完成): 1 added, 0 already there');
    // --to defaults to DATABASE_URL.
    const again = run(['--from', 'sqlite'], { DATA_DIR: dataDir, DATABASE_URL: url });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^copied .*directive-bot\.sqlite → postgres:\/\/postgres@127\.0\.0\.1:\d+\/\w+\n/);
    for (const line of again.stdout.trim().split('\n').slice(1)) expect(line).toMatch(/: 0 added, [12] already there$/);

    const store = await PostgresStore.open(url);
    try {
      expect(await store.dump()).toEqual(snapshot);
      expect(await store.claimEvent('slack', 'Ev1')).toBe(false);
      expect((await store.claimDelivery(key, T + 86_400_000, T + 86_400_000 + 120_000)).isClaimed).toBe(false);
    } finally {
      await store.close();
    }
  });
});
