import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { knowledgeDir } from '../reminders/knowledge-dir.js';
import { cliBin } from '../support/paths.js';

const DEADLINES = `deadlines:
  - id: year-end-review
    title: 年底查漏补缺
    due: "12-31"
    cite: 查漏补缺,特别是一些办实事的项目要做到位
    to: [dingtalk:cidGroup]
    owners: [{ id: dingtalk:manager1234, name: 王芳 }, dingtalk:staff5678, slack:U0LI]
    chase: [3d]
  - id: plan
    title: 调研谋划明年工作
    due: "12-15"
    cite: 对明年工作加强调研、提前谋划
    set_by_admin: true
`;

/** The documented shapes (README, "JSON output"): strict, so an undocumented field fails the test. */
const counts = z.strictObject({
  total: z.number().int(),
  done: z.number().int(),
  read: z.number().int(),
  pending: z.number().int(),
});
const deadline = z.strictObject({
  id: z.string(),
  title: z.string(),
  due: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  days_left: z.number().int(),
  cite: z.strictObject({ ref: z.string(), label: z.string(), quote: z.string(), document: z.string() }),
  set_by_admin: z.boolean(),
  progress: counts,
});
const deadlinesOutput = z.strictObject({ at: z.iso.datetime(), deadlines: z.array(deadline) });
const progressOutput = z.strictObject({
  at: z.iso.datetime(),
  deadlines: z.array(
    deadline.extend({
      overdue: z.boolean(),
      open_roster: z.boolean(),
      people: z.array(
        z.strictObject({
          person: z.string().regex(/^(slack|dingtalk|console):/),
          name: z.string(),
          named_owner: z.boolean(),
          status: z.enum(['done', 'read', 'pending']),
          read_at: z.iso.datetime().nullable(),
          done_at: z.iso.datetime().nullable(),
        }),
      ),
    }),
  ),
});

const knowledge = knowledgeDir(DEADLINES);
const dataDir = mkdtempSync(join(tmpdir(), 'progress-json-'));
afterAll(() => {
  rmSync(knowledge, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

function run(args: string[], data = dataDir) {
  const result = spawnSync(process.execPath, [cliBin, ...args, '--knowledge', knowledge], {
    encoding: 'utf8',
    timeout: 20_000,
    cwd: mkdtempSync(join(tmpdir(), 'cwd-')),
    env: { PATH: process.env.PATH, TZ: 'UTC', LOG_LEVEL: 'info', DATA_DIR: data },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

async function seed(): Promise<void> {
  const store = new SqliteStore(SqliteStore.fileIn(dataDir));
  const base = { deadlineId: 'year-end-review', occurrence: '2026-12-31', conversation: 'dingtalk:cidGroup' };
  await store.recordReceipt({
    ...base,
    person: 'dingtalk:manager1234',
    name: '王芳',
    status: 'done',
    at: Date.parse('2026-12-02T01:00:00Z'),
    via: 'card',
    messageRef: undefined,
  });
  await store.recordReceipt({
    ...base,
    person: 'dingtalk:staff5678',
    name: undefined,
    status: 'read',
    at: Date.parse('2026-12-02T02:00:00Z'),
    via: 'text',
    messageRef: undefined,
  });
  await store.close();
}

describe('JSON for scripts', () => {
  it('deadlines --json is structured data in the documented shape, with progress counts, and nothing else on stdout', async () => {
    await seed();
    const { code, stdout } = run(['deadlines', '--json', '--at', '2026-12-03T00:00:00Z']);
    expect(code).toBe(0);
    const parsed = deadlinesOutput.parse(JSON.parse(stdout));
    expect(parsed.deadlines.map((d) => `${d.id} ${d.due} ${d.days_left}`)).toEqual([
      'plan 2026-12-15 12',
      'year-end-review 2026-12-31 28',
    ]);
    expect(parsed.deadlines[1]?.progress).toEqual({ total: 3, done: 1, read: 2, pending: 1 });
    expect(parsed.deadlines[1]?.cite.quote).toBe('查漏补缺,特别是一些办实事的项目要做到位');
    expect(parsed.deadlines[0]?.set_by_admin).toBe(true);
  });

  it('progress --json names where each person stands, and --deadline picks one', async () => {
    const { code, stdout } = run([
      'progress',
      '--json',
      '--deadline',
      'year-end-review',
      '--at',
      '2026-12-03T00:00:00Z',
    ]);
    expect(code).toBe(0);
    const [only, ...rest] = progressOutput.parse(JSON.parse(stdout)).deadlines;
    expect(rest).toEqual([]);
    expect(only?.people.map((p) => `${p.person} ${p.name} ${p.status}`)).toEqual([
      'dingtalk:manager1234 王芳 done',
      'dingtalk:staff5678 staff5678 read',
      'slack:U0LI U0LI pending',
    ]);
    expect(only?.people[0]?.done_at).toBe('2026-12-02T01:00:00.000Z');
    expect(only).toMatchObject({ overdue: false, open_roster: false });
  });

  it('progress --json shows a round past its due date as overdue, and works before the bot ever ran', () => {
    const fresh = mkdtempSync(join(tmpdir(), 'progress-none-'));
    const { code, stdout } = run(['progress', '--json', '--at', '2027-01-05T00:00:00Z'], fresh);
    expect(code).toBe(0);
    const parsed = progressOutput.parse(JSON.parse(stdout));
    expect(parsed.deadlines.map((d) => `${d.id} ${d.overdue} ${d.days_left}`)).toContain('year-end-review true -5');
    rmSync(fresh, { recursive: true, force: true });
  });

  it('refuses an unknown --deadline with the ids it knows', () => {
    const { code, stderr, stdout } = run(['progress', '--deadline', 'nope']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('--deadline "nope" is not an open deadline (deadlines: year-end-review, plan)');
  });

  it('reminders preview lists the chases and the overdue notice with the reminders', () => {
    const fresh = mkdtempSync(join(tmpdir(), 'preview-'));
    const result = spawnSync(
      process.execPath,
      [
        cliBin,
        'reminders',
        'preview',
        '--from',
        '2026-12-20',
        '--to',
        '2027-01-03',
        '--json',
        '--knowledge',
        knowledge,
      ],
      {
        encoding: 'utf8',
        cwd: fresh,
        env: { PATH: process.env.PATH, TZ: 'UTC', DATA_DIR: fresh, ADMIN_CONVERSATION: 'console:admins' },
      },
    );
    const rows = JSON.parse(result.stdout) as Array<{ kind: string; target: string; at: string }>;
    expect(rows.filter((r) => r.kind !== 'reminder').map((r) => `${r.at} ${r.kind} ${r.target}`)).toEqual([
      '2026-12-28T01:00:00.000Z chase dingtalk:cidGroup',
      '2027-01-01T01:00:00.000Z overdue console:admins',
    ]);
    rmSync(fresh, { recursive: true, force: true });
  });

  it('progress prints the same text as 进度 in chat', () => {
    const { stdout } = run(['progress', '--at', '2026-12-03T00:00:00Z']);
    expect(stdout).toContain('督办进度(共 2 项):');
    expect(stdout).toContain('已完成:王芳');
  });
});
