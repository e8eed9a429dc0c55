import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { LibraryHolder } from '../../src/library.js';
import type { Logger } from '../../src/logger.js';
import { type Scheduler, startScheduler } from '../../src/reminders/scheduler.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { FakeClock } from '../support/fake-clock.js';
import { knowledgeDir } from './knowledge-dir.js';
import { heldNotifier, type RecordingNotifier, recordingNotifier } from './recording-notifier.js';

const DEADLINES = `deadlines:
  - id: review
    title: 年底查漏补缺
    due: "12-31"
    cite: 查漏补缺,特别是一些办实事的项目要做到位
    remind: { before: [30d, 1d], at: "09:00" }
    to: [console:room]
  - id: arrears
    title: 年底关注欠薪
    due: "12-31"
    cite: 到了年底有可能会出现欠薪等问题
    remind: { before: [30d], at: "10:00" }
`;
const HOUR = 3_600_000;

interface World {
  clock: FakeClock;
  store: Store;
  dir: string;
  library: LibraryHolder;
  console: RecordingNotifier;
  slack: RecordingNotifier;
  logs: Array<{ level: number; msg: string; [key: string]: unknown }>;
  logger: Logger;
  start(): Scheduler;
}

const running: Scheduler[] = [];
afterEach(() => {
  for (const s of running.splice(0)) void s.stop();
});

async function world(
  startAt: string,
  options: { slackFailures?: number; graceMs?: number; console?: RecordingNotifier } = {},
): Promise<World> {
  const dir = knowledgeDir(DEADLINES);
  const store = new SqliteStore(':memory:');
  await store.subscribe('slack:C0123ABCD', 'slack:U1', 0);
  const logs: World['logs'] = [];
  const logger = pino({ base: undefined }, { write: (line: string) => void logs.push(JSON.parse(line)) });
  const w: World = {
    clock: new FakeClock(Date.parse(startAt)),
    store,
    dir,
    library: await LibraryHolder.load(dir),
    console: options.console ?? recordingNotifier('console'),
    slack: recordingNotifier('slack', options.slackFailures ?? 0),
    logs,
    logger,
    start() {
      const scheduler = startScheduler({
        library: w.library,
        store: w.store,
        notifiers: new Map([
          ['console', w.console],
          ['slack', w.slack],
        ]),
        clock: w.clock,
        logger: w.logger,
        timezone: 'Asia/Shanghai',
        graceMs: options.graceMs ?? 12 * HOUR,
      });
      running.push(scheduler);
      return scheduler;
    },
  };
  return w;
}

const texts = (n: RecordingNotifier) => n.sent.map((s) => `${s.conversationId} ${s.reply.text.split('\n')[0]}`);

describe('the reminder scheduler', () => {
  it("sends each reminder at its Beijing time, to the deadline's own targets and every subscribed conversation", async () => {
    const w = await world('2026-11-30T16:00:00Z');
    w.start();
    await w.clock.advanceTo('2026-12-01T00:59:59Z');
    expect(w.console.sent).toHaveLength(0);
    await w.clock.advanceTo('2026-12-01T01:00:00Z');
    expect(texts(w.console)).toEqual(['room 【截止提醒】年底查漏补缺']);
    expect(texts(w.slack)).toEqual(['C0123ABCD 【截止提醒】年底查漏补缺']);
    await w.clock.advanceTo('2026-12-01T02:00:00Z');
    expect(texts(w.slack)).toEqual(['C0123ABCD 【截止提醒】年底查漏补缺', 'C0123ABCD 【截止提醒】年底关注欠薪']);
    expect(w.console.sent).toHaveLength(1);
  });

  it('writes a reminder that gives the due date, the days left, the quoted sentence with its label, and a hint', async () => {
    const w = await world('2026-12-30T00:00:00Z');
    w.start();
    await w.clock.advanceTo('2026-12-30T01:00:00Z');
    const reply = w.console.sent[0]?.reply;
    expect(reply).toMatchObject({ found: true, kind: 'deadlines' });
    expect(reply?.text).toContain('距 2026年12月31日 还有 1 天');
    expect(reply?.text).toContain('三是要贯彻好、落实好 › 三要 › 第2段 › 第1句');
    expect(reply?.text).toContain('“已完成 review”');
    expect(reply).toMatchObject({ reminder: { deadlineId: 'review', occurrence: '2026-12-31' } });
    expect(reply?.citations[0]).toMatchObject({ ref: 'speech-2018-17th-congress#3.3.p2.s1' });
    expect(reply?.citations[0]?.excerpt).toContain('查漏补缺');
  });

  it('never sends a reminder twice when the scheduler is restarted on the same store', async () => {
    const w = await world('2026-12-01T00:00:00Z');
    const first = w.start();
    await w.clock.advanceTo('2026-12-01T01:30:00Z');
    first.stop();
    w.start();
    await w.clock.advanceTo('2026-12-01T01:45:00Z');
    expect(texts(w.console)).toEqual(['room 【截止提醒】年底查漏补缺']);
  });

  it('catches up a reminder missed while the bot was down, if it is less than the grace window late', async () => {
    const w = await world('2026-12-01T05:00:00Z');
    w.start();
    await w.clock.advanceTo('2026-12-01T05:00:01Z');
    expect(texts(w.console)).toEqual(['room 【截止提醒】年底查漏补缺']);
    expect(w.slack.sent).toHaveLength(2);
  });

  it('skips a reminder missed by more than the grace window, with a log line and a recorded row', async () => {
    const w = await world('2026-12-01T14:30:00Z');
    w.start();
    await w.clock.advanceTo('2026-12-01T15:00:00Z');
    expect(w.console.sent).toHaveLength(0);
    expect(w.slack.sent).toHaveLength(0);
    const skipped = w.logs.filter((l) => l.msg.includes('skipped'));
    expect(skipped.map((l) => `${l.deadlineId} ${l.target}`).sort()).toEqual([
      'arrears slack:C0123ABCD',
      'review console:room',
      'review slack:C0123ABCD',
    ]);
    expect((await w.store.deliveries()).map((r) => r.status)).toEqual(['skipped', 'skipped', 'skipped']);
  });

  it('retries a failed send with backoff, logs the failure, and records the attempts', async () => {
    const w = await world('2026-12-01T00:00:00Z', { slackFailures: 2 });
    w.start();
    await w.clock.advanceTo('2026-12-01T01:00:00Z');
    expect(w.slack.sent).toHaveLength(0);
    expect(w.logs.filter((l) => l.msg === 'reminder failed; will retry')).toHaveLength(1);
    await w.clock.advanceTo('2026-12-01T01:01:00Z'); // first retry after 1 min: fails again
    expect(w.slack.sent).toHaveLength(0);
    await w.clock.advanceTo('2026-12-01T01:03:00Z'); // second retry 2 min later: goes out
    expect(texts(w.slack)).toEqual(['C0123ABCD 【截止提醒】年底查漏补缺']);
    const row = await w.store.delivery({
      deadlineId: 'review',
      occurrence: '2026-12-01T01:00:00.000Z',
      target: 'slack:C0123ABCD',
    });
    expect(row).toMatchObject({ status: 'sent', attempts: 3, lastError: null });
  });

  it('gives up on a send that keeps failing once the grace window is over, and says so in the log', async () => {
    const w = await world('2026-12-01T00:00:00Z', { slackFailures: 1_000, graceMs: 10 * 60_000 });
    w.start();
    await w.clock.advanceTo('2026-12-01T01:30:00Z');
    expect(w.logs.some((l) => l.msg.startsWith('reminder failed; giving up'))).toBe(true);
    const row = await w.store.delivery({
      deadlineId: 'review',
      occurrence: '2026-12-01T01:00:00.000Z',
      target: 'slack:C0123ABCD',
    });
    expect(row).toMatchObject({ status: 'failed', lastError: 'HTTP 503 Service Unavailable' });
  });

  it('follows a reloaded deadlines.yaml without a restart', async () => {
    const w = await world('2026-12-01T01:30:00Z');
    w.start();
    await w.clock.advanceTo('2026-12-01T02:30:00Z');
    writeFileSync(
      join(w.dir, 'deadlines.yaml'),
      `${DEADLINES}  - id: online\n    title: 网上工会建设\n    due: "12-31"\n    cite: 要进一步加强网上工会建设\n    remind: { before: [30d], at: "11:00" }\n    to: console:room\n`,
    );
    expect((await w.library.reload()).ok).toBe(true);
    await w.clock.advanceTo('2026-12-01T03:00:00Z');
    expect(texts(w.console)).toEqual(['room 【截止提醒】年底查漏补缺', 'room 【截止提醒】网上工会建设']);
  });

  it('lets a reminder being sent at shutdown finish and be recorded as sent, so a restart does not send it again', async () => {
    const slowConsole = heldNotifier('console');
    const w = await world('2026-12-01T00:59:00Z', { console: slowConsole });
    const scheduler = w.start();
    await w.clock.advanceTo('2026-12-01T01:00:00Z');
    expect(slowConsole.held()).toBe(1);

    let hasStopped = false;
    const stopping = scheduler.stop().then(() => {
      hasStopped = true;
    });
    await w.clock.advanceTo('2026-12-01T01:00:01Z');
    expect(hasStopped).toBe(false);

    slowConsole.release();
    await stopping;
    expect(texts(slowConsole)).toEqual(['room 【截止提醒】年底查漏补缺']);
    // No send starts after stop(): the subscribed Slack channel waits for the next run, unclaimed.
    expect(w.slack.sent).toHaveLength(0);
    const row = await w.store.delivery({
      deadlineId: 'review',
      occurrence: '2026-12-01T01:00:00.000Z',
      target: 'console:room',
    });
    expect(row).toMatchObject({ status: 'sent' });
    // Closing the database now, as serve's next shutdown step does, leaves nothing in doubt.
    await w.store.close();
  });

  it('sends nothing once stopped', async () => {
    const w = await world('2026-11-30T16:00:00Z');
    w.start().stop();
    await w.clock.advanceTo('2026-12-02T00:00:00Z');
    expect(w.console.sent).toHaveLength(0);
    expect(w.clock.pendingTimers()).toBe(0);
  });
});
