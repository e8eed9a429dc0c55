import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { LibraryHolder } from '../../src/library.js';
import { silentLogger } from '../../src/logger.js';
import { messages } from '../../src/messages.js';
import { type Scheduler, startScheduler } from '../../src/reminders/scheduler.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import type { Receipt } from '../../src/supervision/receipt.js';
import { knowledgeDir } from '../reminders/knowledge-dir.js';
import { type RecordingNotifier, recordingNotifier } from '../reminders/recording-notifier.js';
import { FakeClock } from '../support/fake-clock.js';

// Due 2026-12-31; chases 3 and 1 days before, at 09:00 Beijing (01:00 UTC); the overdue notice on 2027-01-01.
const DEADLINES = `deadlines:
  - id: review
    title: 年底查漏补缺
    due: "12-31"
    cite: 查漏补缺,特别是一些办实事的项目要做到位
    remind: { before: [7d], at: "09:00" }
    to: [slack:C0CHAN, dingtalk:cidGroup]
    owners: [{ id: slack:U0ZHANG, name: 张三 }, slack:U0LI, { id: dingtalk:manager1234, name: 王芳 }]
    chase: [3d, 1d]
`;
const ADMINS = 'console:admins';

const schedulers: Scheduler[] = [];
const cleanups: Array<() => void> = [];
afterEach(async () => {
  for (const s of schedulers.splice(0)) await s.stop();
  for (const c of cleanups.splice(0)) c();
});

async function world(startIso: string) {
  const dir = knowledgeDir(DEADLINES);
  const data = mkdtempSync(join(tmpdir(), 'chasing-'));
  const store = new SqliteStore(join(data, 'bot.sqlite'));
  cleanups.push(() => {
    void store.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(data, { recursive: true, force: true });
  });
  const clock = new FakeClock(Date.parse(startIso));
  const notifiers = {
    slack: recordingNotifier('slack'),
    dingtalk: recordingNotifier('dingtalk'),
    console: recordingNotifier('console'),
  };
  const library = await LibraryHolder.load(dir);
  return {
    clock,
    store,
    notifiers,
    start() {
      const s = startScheduler({
        library,
        store,
        notifiers: new Map(Object.entries(notifiers)),
        clock,
        logger: silentLogger(),
        timezone: 'Asia/Shanghai',
        graceMs: 12 * 3_600_000,
        adminConversation: ADMINS,
      });
      schedulers.push(s);
      return s;
    },
    mark(person: string, status: Receipt['status'], name?: string) {
      return store.recordReceipt({
        deadlineId: 'review',
        occurrence: '2026-12-31',
        person,
        name,
        status,
        at: clock.now().getTime(),
        conversation: person.startsWith('slack') ? 'slack:C0CHAN' : 'dingtalk:cidGroup',
        via: 'text',
        messageRef: undefined,
      });
    },
  };
}

const chases = (n: RecordingNotifier) => n.sent.filter((s) => s.reply.text.startsWith('【催办】'));
const mentioned = (n: RecordingNotifier) =>
  chases(n).map((s) => (s.reply.mentions ?? []).map((m) => `${m.platform}:${m.userId}`));

describe('chasing (催办) with the fake clock', () => {
  it('mentions only the owners not yet done, each on their own platform, in the deadline’s conversations', async () => {
    const w = await world('2026-12-27T00:00:00Z');
    w.start();
    await w.mark('slack:U0ZHANG', 'done', 'zhang.san');
    await w.mark('slack:U0LI', 'read');
    await w.clock.advanceTo('2026-12-28T00:59:59Z');
    expect(chases(w.notifiers.slack)).toHaveLength(0);
    await w.clock.advanceTo('2026-12-28T01:00:00Z');
    expect(mentioned(w.notifiers.slack)).toEqual([['slack:U0LI']]);
    expect(mentioned(w.notifiers.dingtalk)).toEqual([['dingtalk:manager1234']]);
    const [chase] = chases(w.notifiers.slack);
    expect(chase?.conversationId).toBe('C0CHAN');
    expect(chase?.reply.text).toContain('U0LI');
    expect(chase?.reply.text).not.toContain('zhang.san、');
    expect(chase?.reply.text).toContain('已完成 1/3 · 已阅 2/3');
    expect(chase?.reply).toMatchObject({ reminder: { deadlineId: 'review', occurrence: '2026-12-31' } });
  });

  it('stops chasing once everyone is done, and sends no overdue notice', async () => {
    const w = await world('2026-12-27T00:00:00Z');
    w.start();
    await w.clock.advanceTo('2026-12-28T01:00:00Z');
    expect(chases(w.notifiers.slack)).toHaveLength(1);
    for (const p of ['slack:U0ZHANG', 'slack:U0LI', 'dingtalk:manager1234']) await w.mark(p, 'done');
    await w.clock.advanceTo('2027-01-03T00:00:00Z');
    expect(chases(w.notifiers.slack)).toHaveLength(1);
    expect(chases(w.notifiers.dingtalk)).toHaveLength(1);
    expect(w.notifiers.console.sent).toHaveLength(0);
  });

  it('chases a platform only while someone on it is not done', async () => {
    const w = await world('2026-12-29T00:00:00Z');
    w.start();
    await w.mark('dingtalk:manager1234', 'done');
    await w.clock.advanceTo('2026-12-30T01:00:00Z');
    expect(mentioned(w.notifiers.slack)).toEqual([['slack:U0ZHANG', 'slack:U0LI']]);
    expect(chases(w.notifiers.dingtalk)).toHaveLength(0);
  });

  it('tells the admins once, the day after the due date, who has not finished', async () => {
    const w = await world('2026-12-31T00:00:00Z');
    const first = w.start();
    await w.mark('slack:U0ZHANG', 'done', '张三');
    await w.clock.advanceTo('2027-01-01T01:00:00Z');
    expect(w.notifiers.console.sent.map((s) => s.conversationId)).toEqual(['admins']);
    const [notice] = w.notifiers.console.sent;
    expect(notice?.reply.text).toMatch(/^【逾期】年底查漏补缺/);
    expect(notice?.reply.text).toContain('未反馈:U0LI、王芳');
    await first.stop();
    w.start();
    await w.clock.advanceTo('2027-01-05T00:00:00Z');
    expect(w.notifiers.console.sent).toHaveLength(1);
  });
});

describe('chasing across a kill -9', () => {
  const CONSOLE_DEADLINES = `deadlines:
  - id: review
    title: 年底查漏补缺
    due: "12-31"
    cite: 查漏补缺,特别是一些办实事的项目要做到位
    remind: { before: [30d], at: "09:00" }
    to: [console:room]
    owners: [console:alice]
    chase: [3d, 1d]
`;

  it('sends each chase round once when killed mid-round and restarted', async () => {
    const knowledge = knowledgeDir(CONSOLE_DEADLINES);
    const dir = mkdtempSync(join(tmpdir(), 'chase-kill-'));
    cleanups.push(() => {
      rmSync(dir, { recursive: true, force: true });
      rmSync(knowledge, { recursive: true, force: true });
    });
    const db = join(dir, 'directive-bot.sqlite');
    const out = join(dir, 'platform.txt');
    const child = fileURLToPath(new URL('../reminders/send-due-child.mjs', import.meta.url));
    const run = (at: string) => spawnSync(process.execPath, [child, knowledge, db, out, at], { encoding: 'utf8' });

    // The first round goes out; then the process is gone (a run that ended, then a kill before the next).
    expect(run('2026-12-28T01:00:00Z').stdout).toBe('sent 1\n');
    // The second round: the send hangs and the process is killed with SIGKILL in the middle of it.
    const proc = spawn(process.execPath, [child, knowledge, db, out, '2026-12-30T01:00:00Z', '1'], { stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => proc.on('exit', (_code, signal) => resolve(signal)));
    for (let i = 0; i < 400 && !existsSync(`${out}.hang`); i++) await new Promise((r) => setTimeout(r, 25));
    expect(readFileSync(`${out}.hang`, 'utf8')).toContain('【催办】');
    proc.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    // Restarted five minutes on (past the lease), then again: each round is on the platform exactly once.
    expect(run('2026-12-30T01:05:00Z').stdout).toBe('sent 1\n');
    expect(run('2026-12-30T01:10:00Z').stdout).toBe('sent 0\n');
    expect(run('2026-12-28T01:30:00Z').stdout).toBe('sent 0\n');
    // The console cannot tell whether the interrupted send arrived, so the re-send says it may repeat.
    expect(readFileSync(out, 'utf8').trim().split('\n')).toEqual([
      'room 【催办】年底查漏补缺',
      `room ${messages.reminderMayRepeat}`,
    ]);
    const store = new SqliteStore(db);
    const rows = await store.deliveries();
    await store.close();
    expect(rows.filter((r) => r.kind === 'chase').map((r) => `${r.occurrence} ${r.status} ${r.attempts}`)).toEqual([
      '2026-12-28T01:00:00.000Z sent 1',
      '2026-12-30T01:00:00.000Z sent 2',
    ]);
  });
});
