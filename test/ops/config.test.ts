import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, envSchema, readConfig } from '../../src/config.js';
import { withEnvFile } from '../../src/ops/env-file.js';

/** One plainly wrong value for every variable the bot reads. */
const BAD_VALUES: Record<keyof typeof envSchema.shape, string> = {
  KNOWLEDGE_DIR: '   ',
  KNOWLEDGE_MAX_FILE_SIZE: 'huge',
  KNOWLEDGE_MAX_TOTAL_SIZE: '-5MB',
  KNOWLEDGE_READ_TIMEOUT: '0s',
  DATA_DIR: 'data\nbackup',
  DATABASE_URL: 'mysql://bot@db/bot',
  BOT_TIMEZONE: 'Beijing',
  LOG_LEVEL: 'verbose',
  ADMINS: 'slack U123',
  ADMIN_CONVERSATION: 'the admins group',
  REMINDER_GRACE: 'half a day',
  REMINDER_LEASE: '2 minutes',
  ALLOW_DIRECT: 'maybe',
  ALLOW_SLACK_TEAMS: 'myteam',
  ALLOW_SLACK_CHANNELS: '#general',
  ALLOW_DINGTALK_CONVERSATIONS: '工会 群',
  RATE_LIMIT_PER_MINUTE: 'ten',
  MAX_CONCURRENT: '0',
  PORT: '70000',
  SLACK_BOT_TOKEN: 'xapp-1-wrong-kind',
  SLACK_APP_TOKEN: 'xoxb-wrong-kind',
  SLACK_SIGNING_SECRET: 'short',
  SLACK_MODE: 'websocket',
  SLACK_API_URL: 'slack.com/api',
  SLACK_COMMAND: 'directive',
  DINGTALK_CLIENT_ID: ' ',
  DINGTALK_CLIENT_SECRET: 'line\nbreak',
  DINGTALK_ROBOT_CODE: '  ',
  DINGTALK_GATEWAY_URL: 'gateway',
  DINGTALK_API_URL: 'ftp//api',
  DINGTALK_CARD_TEMPLATE_ID: 'my template',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    readConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

describe('configuration', () => {
  it('starts with no variables at all, as the terminal chat with defaults', () => {
    const config = readConfig({});
    expect(config.slack).toBeUndefined();
    expect(config.dingtalk).toBeUndefined();
    expect(config.rateLimitPerMinute).toBe(10);
    expect(config.timezone).toBe('Asia/Shanghai');
  });

  it('keeps the state in SQLite unless DATABASE_URL names a PostgreSQL database, and holds reminders for 2 minutes', () => {
    expect(readConfig({}).databaseUrl).toBeUndefined();
    expect(readConfig({}).reminderLeaseMs).toBe(120_000);
    const config = readConfig({
      DATABASE_URL: 'postgresql://bot:s3cret@db.example.org:5432/bot',
      REMINDER_LEASE: '30s',
    });
    expect(config.databaseUrl).toBe('postgresql://bot:s3cret@db.example.org:5432/bot');
    expect(config.reminderLeaseMs).toBe(30_000);
    expect(problemsOf({ REMINDER_LEASE: '0s' })).toEqual(['REMINDER_LEASE: must be at least 1s (e.g. "2m")']);
  });

  it.each(Object.entries(BAD_VALUES))('names %s when its value is wrong, and gives an example', (name, value) => {
    const problems = problemsOf({ [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${name}: `));
    expect(problems[0]).toMatch(/e\.g\./);
  });

  it('covers every variable of the schema in the table above', () => {
    expect(Object.keys(BAD_VALUES).sort()).toEqual(Object.keys(envSchema.shape).sort());
  });

  it('lists every wrong variable at once, so the admin fixes them in one pass', () => {
    const problems = problemsOf({ PORT: 'x', LOG_LEVEL: 'loud' });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['LOG_LEVEL', 'PORT']);
  });

  it('asks for the missing DingTalk credentials when only some are set', () => {
    expect(problemsOf({ DINGTALK_CLIENT_ID: 'dingabc' })).toEqual([
      expect.stringMatching(/^DINGTALK_CLIENT_SECRET: required/),
      expect.stringMatching(/^DINGTALK_ROBOT_CODE: required/),
    ]);
  });

  it('asks for the app token when Slack runs in Socket Mode', () => {
    expect(problemsOf({ SLACK_BOT_TOKEN: 'xoxb-1-2-abc' })).toEqual([expect.stringMatching(/^SLACK_APP_TOKEN: /)]);
  });

  it('reads allow-lists and admins separated by commas or spaces', () => {
    const config = readConfig({
      ADMINS: 'slack:U1, dingtalk:manager1',
      ALLOW_SLACK_CHANNELS: 'C1 C2',
      ALLOW_DIRECT: 'no',
    });
    expect(config.admins).toEqual(['slack:U1', 'dingtalk:manager1']);
    expect(config.access).toMatchObject({ allowDirect: false, slackChannels: ['C1', 'C2'] });
  });
});

describe('.env file', () => {
  const dirWith = (text: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'directive-bot-env-'));
    writeFileSync(join(dir, '.env'), text);
    return dir;
  };

  it('fills in variables the environment does not set', () => {
    const dir = dirWith('# settings\nRATE_LIMIT_PER_MINUTE=5\nADMINS="slack:U9"\n');
    const config = readConfig(withEnvFile({}, dir));
    expect(config.rateLimitPerMinute).toBe(5);
    expect(config.admins).toEqual(['slack:U9']);
  });

  it('never overrides the real environment', () => {
    const dir = dirWith('PORT=4000\n');
    expect(readConfig(withEnvFile({ PORT: '5000' }, dir)).port).toBe(5000);
  });

  it('leaves the environment as it is when there is no .env', () => {
    const dir = mkdtempSync(join(tmpdir(), 'directive-bot-env-'));
    const env = { PORT: '1234' };
    expect(withEnvFile(env, dir)).toBe(env);
  });

  it('reports a bad value from the file under its variable name', () => {
    const dir = dirWith('MAX_CONCURRENT=lots\n');
    expect(() => readConfig(withEnvFile({}, dir))).toThrow(/MAX_CONCURRENT: must be a whole number/);
  });
});
