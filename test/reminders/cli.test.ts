import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { messages } from '../../src/messages.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { FakeSlackApi } from '../support/fake-slack-api.js';
import { cliBin, shippedKnowledge } from '../support/paths.js';
import { knowledgeDir } from './knowledge-dir.js';

const TWO_DUE_AT_NINE = `deadlines:
  - id: review
    title: 年底查漏补缺
    due: "12-31"
    cite: 查漏补缺,特别是一些办实事的项目要做到位
    remind: { before: [30d], at: "09:00" }
    to: console:room
  - id: arrears
    title: 年底关注欠薪
    due: "12-31"
    cite: 到了年底有可能会出现欠薪等问题
    remind: { before: [30d], at: "09:00" }
    to: console:room
`;

function run(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [cliBin, ...args], {
    encoding: 'utf8',
    timeout: 20_000,
    // A clean working directory and environment: a developer's .env or chat tokens must not change the result.
    cwd: mkdtempSync(join(tmpdir(), 'cwd-')),
    env: { PATH: process.env.PATH, TZ: 'UTC', LOG_LEVEL: 'warn', ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** `run` without blocking the event loop, so a fake server in this process can answer the child. */
function runAsync(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [cliBin, ...args], {
      cwd: mkdtempSync(join(tmpdir(), 'cwd-')),
      env: { PATH: process.env.PATH, TZ: 'UTC', LOG_LEVEL: 'warn', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c) => {
      stdout += c;
    });
    child.stderr.setEncoding('utf8').on('data', (c) => {
      stderr += c;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const dataDir = () => mkdtempSync(join(tmpdir(), 'directive-bot-data-'));

describe('directive-bot deadlines', () => {
  it('lists what is due, soonest first, with days left in Beijing time and the quoted sentences', () => {
    const { code, stdout } = run([
      'deadlines',
      '--json',
      '--at',
      '2026-11-24T08:00:00Z',
      '--knowledge',
      shippedKnowledge,
    ]);
    expect(code).toBe(0);
    const { deadlines } = JSON.parse(stdout);
    expect(
      deadlines.map((d: { id: string; due: string; days_left: number }) => `${d.due} ${d.days_left} ${d.id}`),
    ).toEqual([
      '2026-12-15 21 model-worker-selection-prep',
      '2026-12-31 37 year-end-review',
      '2026-12-31 37 year-end-wage-arrears',
      '2026-12-31 37 next-year-plan',
    ]);
    expect(deadlines[2].cite.quote).toContain('欠薪');
    expect(deadlines[0].set_by_admin).toBe(true);
  });

  it('counts days in Beijing: at 23:30 UTC on 30 December it is already the 31st, the due day', () => {
    const { stdout } = run(['deadlines', '--at', '2026-12-30T23:30:00Z', '--knowledge', shippedKnowledge]);
    expect(stdout).toContain('2026年12月31日 就是截止日');
  });

  it('prints draft deadlines.yaml entries from the directives', () => {
    const { code, stdout } = run([
      'deadlines',
      'suggest',
      '--knowledge',
      knowledgeDir(undefined, { withNotice: true }),
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain('due: "2026-12-20"');
    expect(stdout).toContain('cite: "于2026年12月20日前完成辖区内中小企业欠薪隐患排查"');
  });
});

describe('directive-bot reminders', () => {
  it('previews every reminder in a window with its target and text', () => {
    const knowledge = knowledgeDir(TWO_DUE_AT_NINE);
    const { code, stdout } = run(
      [
        'reminders',
        'preview',
        '--from',
        '2026-12-01T00:00:00Z',
        '--to',
        '2026-12-02T00:00:00Z',
        '--json',
        '--knowledge',
        knowledge,
      ],
      { DATA_DIR: dataDir() },
    );
    expect(code).toBe(0);
    const rows = JSON.parse(stdout);
    expect(
      rows.map((r: { at: string; deadline: string; target: string }) => `${r.at} ${r.deadline} ${r.target}`),
    ).toEqual(['2026-12-01T01:00:00.000Z arrears console:room', '2026-12-01T01:00:00.000Z review console:room']);
    expect(rows[0].reply.text).toContain('距 2026年12月31日 还有 30 天');
  });

  it('sends what is due once, however often send-due runs', () => {
    const knowledge = knowledgeDir(TWO_DUE_AT_NINE);
    const env = { DATA_DIR: dataDir() };
    const args = ['reminders', 'send-due', '--at', '2026-12-01T01:10:00Z', '--knowledge', knowledge];
    const first = run(args, env);
    expect(first.code).toBe(0);
    expect(first.stdout.match(/\[提醒\]/g)).toHaveLength(2);
    expect(first.stdout).toContain('sent 2, failed 0, skipped 0');
    const second = run(args, env);
    expect(second.code).toBe(0);
    expect(second.stdout).not.toContain('[提醒]');
    expect(second.stdout).toContain('sent 0, failed 0, skipped 0');
  });

  it('keeps stdout to its result when Slack rate-limits a send: the SDK says so in the log on stderr', async () => {
    const api = await FakeSlackApi.start();
    try {
      api.rateLimitNext('chat.postMessage', 1);
      const knowledge = knowledgeDir(TWO_DUE_AT_NINE.replaceAll('console:room', 'slack:C0ROOM'));
      const args = ['reminders', 'send-due', '--at', '2026-12-01T01:10:00Z', '--knowledge', knowledge];
      const { code, stdout, stderr } = await runAsync(args, {
        DATA_DIR: dataDir(),
        SLACK_BOT_TOKEN: 'xoxb-rate-limited',
        SLACK_APP_TOKEN: 'xapp-1-rate-limited',
        SLACK_API_URL: api.url,
      });
      expect(stdout).toBe('sent 2, failed 0, skipped 0\n');
      expect(code).toBe(0);
      const log = stderr
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { msg: string });
      expect(log.some((l) => /rate limit/.test(l.msg))).toBe(true);
      // The refused call was retried after Retry-After: each reminder is posted once.
      expect(api.callsTo('chat.postMessage')).toHaveLength(2);
    } finally {
      await api.close();
    }
  });

  it('fails with a clear message when --at is not a time', () => {
    const { code, stderr } = run(['reminders', 'send-due', '--at', 'tomorrow', '--knowledge', shippedKnowledge], {
      DATA_DIR: dataDir(),
    });
    expect(code).toBe(2);
    expect(stderr).toContain('--at "tomorrow" is not an ISO time');
  });

  describe('killed with SIGKILL after Slack took a reminder but before it was marked sent', () => {
    const ONE_FOR_SLACK = `deadlines:
  - id: review
    title: 年底查漏补缺
    due: "12-31"
    cite: 查漏补缺,特别是一些办实事的项目要做到位
    remind: { before: [30d], at: "09:00" }
    to: slack:C0ROOM
`;
    const child = fileURLToPath(new URL('./send-due-slack-child.mjs', import.meta.url));

    /** A first run whose chat.postMessage Slack carries out but never answers, killed with SIGKILL. */
    async function killedMidSend(api: FakeSlackApi, knowledge: string, db: string): Promise<void> {
      api.holdNext('chat.postMessage');
      const proc = spawn(process.execPath, [child, knowledge, db, '2026-12-01T01:00:00Z', api.url], {
        stdio: 'ignore',
      });
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        proc.on('exit', (_code, signal) => resolve(signal)),
      );
      await api.waitFor('chat.postMessage', 1, 10_000);
      proc.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
    }

    /** The next cron run, past the two-minute in-doubt wait. */
    const rerun = (api: FakeSlackApi, knowledge: string, db: string) =>
      new Promise<string>((resolve) => {
        const proc = spawn(process.execPath, [child, knowledge, db, '2026-12-01T01:05:00Z', api.url]);
        let out = '';
        proc.stdout.setEncoding('utf8').on('data', (c) => {
          out += c;
        });
        const timer = setTimeout(() => proc.kill('SIGKILL'), 20_000);
        proc.on('exit', () => {
          clearTimeout(timer);
          resolve(out);
        });
      });

    it('finds the reminder in the channel by its metadata and does not post it again', async () => {
      const api = await FakeSlackApi.start();
      try {
        const knowledge = knowledgeDir(ONE_FOR_SLACK);
        const db = join(dataDir(), 'directive-bot.sqlite');
        await killedMidSend(api, knowledge, db);
        expect(await rerun(api, knowledge, db)).toBe('sent 1\n');
        expect(api.callsTo('conversations.history')).toHaveLength(1);
        const posts = api.callsTo('chat.postMessage');
        expect(posts).toHaveLength(1);
        expect(posts[0]?.body.metadata).toEqual({
          event_type: 'directive_bot_reminder',
          event_payload: { delivery: 'review|2026-12-01T01:00:00.000Z' },
        });
        const store = new SqliteStore(db);
        expect((await store.deliveries()).map((r) => r.status)).toEqual(['sent']);
        await store.close();
      } finally {
        await api.close();
      }
    });

    it('posts it again saying it may repeat, when the bot may not read the channel history', async () => {
      const api = await FakeSlackApi.start();
      try {
        api.failAlways('conversations.history', 'missing_scope');
        const knowledge = knowledgeDir(ONE_FOR_SLACK);
        const db = join(dataDir(), 'directive-bot.sqlite');
        await killedMidSend(api, knowledge, db);
        expect(await rerun(api, knowledge, db)).toBe('sent 1\n');
        const posts = api.callsTo('chat.postMessage');
        expect(posts).toHaveLength(2);
        expect(String(posts[0]?.body.text)).not.toContain(messages.reminderMayRepeat);
        expect(String(posts[1]?.body.text)).toContain(messages.reminderMayRepeat);
      } finally {
        await api.close();
      }
    });
  });

  it('loses nothing and duplicates nothing when killed with SIGKILL between two due reminders', async () => {
    const knowledge = knowledgeDir(TWO_DUE_AT_NINE);
    const dir = dataDir();
    const db = join(dir, 'directive-bot.sqlite');
    const out = join(dir, 'platform.txt');
    const child = fileURLToPath(new URL('./send-due-child.mjs', import.meta.url));

    // First run: the first reminder goes out; the second send hangs, and the process is killed mid-way.
    const proc = spawn(process.execPath, [child, knowledge, db, out, '2026-12-01T01:00:00Z', '2'], { stdio: 'ignore' });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => proc.on('exit', (_code, signal) => resolve(signal)));
    for (let i = 0; i < 400 && !existsSync(`${out}.hang`); i++) await new Promise((r) => setTimeout(r, 25));
    expect(existsSync(`${out}.hang`)).toBe(true);
    proc.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(1);

    // Restarted by the next cron run, five minutes on: only the interrupted reminder goes out.
    const rerun = spawnSync(process.execPath, [child, knowledge, db, out, '2026-12-01T01:05:00Z'], {
      encoding: 'utf8',
    });
    expect(rerun.stdout).toBe('sent 1\n');
    // The terminal cannot tell whether the interrupted send got through, so the copy says it may repeat.
    const lines = readFileSync(out, 'utf8').trim().split('\n').sort();
    expect(lines).toEqual(['room 【截止提醒】年底关注欠薪', `room ${messages.reminderMayRepeat}`].sort());

    // And a third run sends nothing more.
    spawnSync(process.execPath, [child, knowledge, db, out, '2026-12-01T01:10:00Z']);
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(2);
    const store = new SqliteStore(db);
    const rows = await store.deliveries();
    await store.close();
    expect(rows.map((r) => `${r.deadlineId} ${r.status}`).sort()).toEqual(['arrears sent', 'review sent']);
  });
});
