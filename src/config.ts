import { z } from 'zod';
import { CONVERSATION_KEY } from './incoming.js';
import { DEFAULT_READ_LIMITS, type ReadLimits } from './knowledge/read-folder.js';
import { bundledKnowledgeDir } from './package-root.js';

/**
 * A comma- or space-separated list; empty means "not set". Each entry must match `entry`, so a
 * typo such as `slack U123` (missing colon) fails at start-up rather than silently locking someone out.
 */
const list = (entry: RegExp, what: string, example: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      const items = (v ?? '').split(/[\s,]+/).filter(Boolean);
      const bad = items.filter((item) => !entry.test(item));
      if (bad.length > 0) {
        ctx.addIssue({
          code: 'custom',
          message: `"${bad.join('", "')}" ${bad.length > 1 ? 'are' : 'is'} not ${what} (e.g. "${example}")`,
        });
        return z.NEVER;
      }
      return items;
    });

/** Free text such as a path or an id: a value of only spaces, or one holding a line break, is a copy-paste slip. */
const text = (example: string) =>
  z
    .string()
    .refine((v) => v.trim() !== '' && !/[\r\n\0]/.test(v), {
      error: `must be one line of text, not blank (e.g. "${example}")`,
    })
    .optional();

/** A secret with a known prefix, so a token pasted into the wrong variable is caught before connecting. */
const token = (prefix: string, example: string) =>
  z
    .string()
    .regex(new RegExp(`^${prefix}[\\x21-\\x7e]+$`), { error: `must start with "${prefix}" (e.g. "${example}")` })
    .optional();

const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'], {
      error: 'must be true or false (e.g. "false")',
    })
    .optional()
    .transform((v) => (v === undefined ? fallback : ['true', '1', 'yes', 'on'].includes(v)));

const duration = (fallback: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      const ms = parseDuration(v ?? fallback);
      if (ms === undefined) {
        ctx.addIssue({ code: 'custom', message: `"${v}" is not a duration (e.g. "12h", "30m", "90s")` });
        return z.NEVER;
      }
      return ms;
    });

const size = (fallback: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined) return fallback;
      const n = parseSize(v);
      if (n === undefined || n < 1) {
        ctx.addIssue({ code: 'custom', message: `"${v}" is not a size (e.g. "1MB", "512KB")` });
        return z.NEVER;
      }
      return n;
    });

const url = (fallback: string) =>
  z
    .url({ error: 'must be a URL (e.g. "https://api.example.com")' })
    .optional()
    .transform((v) => v ?? fallback);

const int = (fallback: number, min: number, max: number, example: string) =>
  z.coerce
    .number({ error: `must be a whole number (e.g. "${example}")` })
    .int({ error: `must be a whole number (e.g. "${example}")` })
    .min(min, { error: `must be at least ${min} (e.g. "${example}")` })
    .max(max, { error: `must be at most ${max} (e.g. "${example}")` })
    .optional()
    .transform((v) => v ?? fallback);

const timezone = z
  .string()
  .optional()
  .transform((v, ctx) => {
    // The default needs no check, and the first time zone Intl loads costs ~10 ms of every start-up.
    if (!v) return 'Asia/Shanghai';
    try {
      new Intl.DateTimeFormat('en', { timeZone: v });
      return v;
    } catch {
      ctx.addIssue({ code: 'custom', message: `"${v}" is not an IANA time zone (e.g. "Asia/Shanghai")` });
      return z.NEVER;
    }
  });

/** Every environment variable the bot reads, with its default. The README's table mirrors this. */
export const envSchema = z.object({
  KNOWLEDGE_DIR: text('./knowledge'),
  KNOWLEDGE_MAX_FILE_SIZE: size(DEFAULT_READ_LIMITS.maxFileBytes),
  KNOWLEDGE_MAX_TOTAL_SIZE: size(DEFAULT_READ_LIMITS.maxTotalBytes),
  KNOWLEDGE_READ_TIMEOUT: duration(`${DEFAULT_READ_LIMITS.readTimeoutMs / 1000}s`).refine((ms) => ms > 0, {
    error: 'must be longer than 0 (e.g. "10s")',
  }),
  DATA_DIR: text('./data').transform((v) => v || './data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/[^\s]+$/, {
      error: 'must be a PostgreSQL URL (e.g. "postgres://directive_bot:secret@db.example.org:5432/directive_bot")',
    })
    .optional(),
  BOT_TIMEZONE: timezone,
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'must be one of fatal, error, warn, info, debug, trace, silent (e.g. "info")',
    })
    .optional()
    .transform((v) => v ?? 'info'),
  ADMINS: list(
    /^(slack|dingtalk|console|cli):[^\s:]+$/,
    'a platform:userId entry',
    'slack:U0123ABCD,dingtalk:manager1234',
  ),
  ADMIN_CONVERSATION: z
    .string()
    .regex(CONVERSATION_KEY, {
      error: 'must be platform:conversationId (e.g. "dingtalk:cidAbC123==" or "slack:C0123ABCD")',
    })
    .optional(),
  REMINDER_GRACE: duration('12h'),
  // Shorter than a second, every claim would look abandoned at once and each reminder could go out twice.
  REMINDER_LEASE: duration('2m').refine((ms) => ms >= 1_000, { error: 'must be at least 1s (e.g. "2m")' }),
  ALLOW_DIRECT: bool(true),
  ALLOW_SLACK_TEAMS: list(/^[TE][A-Z0-9]+$/, 'a Slack team id', 'T0123ABCD'),
  ALLOW_SLACK_CHANNELS: list(/^[CGD][A-Z0-9]+$/, 'a Slack channel id', 'C0123ABCD'),
  ALLOW_DINGTALK_CONVERSATIONS: list(/^[\x21-\x7e]+$/, 'a DingTalk conversation id', 'cidAbC123=='),
  RATE_LIMIT_PER_MINUTE: int(10, 1, 10_000, '10'),
  MAX_CONCURRENT: int(8, 1, 1_000, '8'),
  PORT: int(3000, 0, 65_535, '3000'),
  SLACK_BOT_TOKEN: token('xoxb-', 'xoxb-1234-5678-abcd'),
  SLACK_APP_TOKEN: token('xapp-', 'xapp-1-A123-456-abcd'),
  SLACK_SIGNING_SECRET: z
    .string()
    .regex(/^[\x21-\x7e]{8,}$/, {
      error:
        'must be the signing secret, 8 or more characters without spaces (e.g. "8f742231b10e8888abcd99yyyzzz85a5")',
    })
    .optional(),
  SLACK_MODE: z
    .enum(['socket', 'http'], { error: 'must be "socket" or "http" (e.g. "socket")' })
    .optional()
    .transform((v) => v ?? 'socket'),
  SLACK_API_URL: url('https://slack.com/api/'),
  SLACK_COMMAND: z
    .string()
    .regex(/^\/[a-z0-9_-]+$/, { error: 'must be a slash command (e.g. "/directive")' })
    .optional()
    .transform((v) => v ?? '/directive'),
  DINGTALK_CLIENT_ID: text('dingabc123xyz'),
  DINGTALK_CLIENT_SECRET: text('Xy9-secret-from-the-app-page'),
  DINGTALK_ROBOT_CODE: text('dingabc123xyz'),
  DINGTALK_GATEWAY_URL: url('https://api.dingtalk.com/v1.0/gateway/connections/open'),
  DINGTALK_API_URL: url('https://api.dingtalk.com'),
  DINGTALK_CARD_TEMPLATE_ID: z
    .string()
    .regex(/^[\w.-]{8,128}$/, {
      error: 'must be a card template id from the card platform (e.g. "5a2b3c4d-0000-1111-2222-333344445555.schema")',
    })
    .optional(),
});

export type Env = z.output<typeof envSchema>;

export interface Config {
  knowledgeDir: string;
  /** How much of the knowledge folder is read, and how long a read may take. */
  knowledgeLimits: ReadLimits;
  dataDir: string;
  /** Set: the store is this PostgreSQL database, shared by every replica. Unset: SQLite under `dataDir`. */
  databaseUrl: string | undefined;
  timezone: string;
  logLevel: string;
  /** `platform:userId` entries, e.g. `slack:U123`, `dingtalk:manager1234`. */
  admins: string[];
  /** `platform:conversationId` that receives admin notices (reload errors). */
  adminConversation: string | undefined;
  reminderGraceMs: number;
  /** How long a reminder being sent is held before another process takes it to have died mid-send. */
  reminderLeaseMs: number;
  access: {
    allowDirect: boolean;
    slackTeams: string[];
    slackChannels: string[];
    dingtalkConversations: string[];
  };
  rateLimitPerMinute: number;
  maxConcurrent: number;
  port: number;
  slack:
    | {
        botToken: string;
        appToken: string | undefined;
        signingSecret: string | undefined;
        mode: 'socket' | 'http';
        apiUrl: string;
        command: string;
      }
    | undefined;
  dingtalk:
    | {
        clientId: string;
        clientSecret: string;
        robotCode: string;
        gatewayUrl: string;
        apiUrl: string;
        /** The interactive card template reminders and chases use; without it they are markdown with text commands. */
        cardTemplateId?: string;
      }
    | undefined;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** The only place that reads the environment. Errors name the variable, what is wrong, and an example. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([key, value]) => key in envSchema.shape && value !== undefined && value !== ''),
  );
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  const slack = e.SLACK_BOT_TOKEN
    ? {
        botToken: e.SLACK_BOT_TOKEN,
        appToken: e.SLACK_APP_TOKEN,
        signingSecret: e.SLACK_SIGNING_SECRET,
        mode: e.SLACK_MODE,
        apiUrl: e.SLACK_API_URL,
        command: e.SLACK_COMMAND,
      }
    : undefined;
  if (slack?.mode === 'socket' && !slack.appToken) {
    problems.push('SLACK_APP_TOKEN: required in Socket Mode (e.g. "xapp-1-…"), or set SLACK_MODE=http');
  }
  if (slack?.mode === 'http' && !slack.signingSecret) {
    problems.push('SLACK_SIGNING_SECRET: required when SLACK_MODE=http (from the app\'s "Basic Information" page)');
  }
  const dingtalkVars = ['DINGTALK_CLIENT_ID', 'DINGTALK_CLIENT_SECRET', 'DINGTALK_ROBOT_CODE'] as const;
  const dingtalkSet = dingtalkVars.filter((k) => e[k]);
  if (dingtalkSet.length > 0 && dingtalkSet.length < dingtalkVars.length) {
    for (const k of dingtalkVars.filter((k) => !e[k])) {
      problems.push(
        `${k}: required with ${dingtalkSet.join(' and ')} (find it on the DingTalk app's credentials page)`,
      );
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    knowledgeDir: e.KNOWLEDGE_DIR ?? bundledKnowledgeDir(),
    knowledgeLimits: {
      maxFileBytes: e.KNOWLEDGE_MAX_FILE_SIZE,
      maxTotalBytes: e.KNOWLEDGE_MAX_TOTAL_SIZE,
      readTimeoutMs: e.KNOWLEDGE_READ_TIMEOUT,
    },
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    timezone: e.BOT_TIMEZONE,
    logLevel: e.LOG_LEVEL,
    admins: e.ADMINS,
    adminConversation: e.ADMIN_CONVERSATION,
    reminderGraceMs: e.REMINDER_GRACE,
    reminderLeaseMs: e.REMINDER_LEASE,
    access: {
      allowDirect: e.ALLOW_DIRECT,
      slackTeams: e.ALLOW_SLACK_TEAMS,
      slackChannels: e.ALLOW_SLACK_CHANNELS,
      dingtalkConversations: e.ALLOW_DINGTALK_CONVERSATIONS,
    },
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    maxConcurrent: e.MAX_CONCURRENT,
    port: e.PORT,
    slack,
    dingtalk:
      e.DINGTALK_CLIENT_ID && e.DINGTALK_CLIENT_SECRET && e.DINGTALK_ROBOT_CODE
        ? {
            clientId: e.DINGTALK_CLIENT_ID,
            clientSecret: e.DINGTALK_CLIENT_SECRET,
            robotCode: e.DINGTALK_ROBOT_CODE,
            gatewayUrl: e.DINGTALK_GATEWAY_URL,
            apiUrl: e.DINGTALK_API_URL,
            ...(e.DINGTALK_CARD_TEMPLATE_ID ? { cardTemplateId: e.DINGTALK_CARD_TEMPLATE_ID } : {}),
          }
        : undefined,
  };
}

/** `90s`, `30m`, `12h`, `7d` → milliseconds. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)$/.exec(text.trim());
  if (!m) return undefined;
  const unit = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 'ms' | 's' | 'm' | 'h' | 'd'];
  return Number(m[1]) * unit;
}

/** `1MB`, `512KB`, `2M`, `800000` (bytes) → bytes; binary units (1 KB = 1,024 bytes). */
export function parseSize(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?$/i.exec(text.trim());
  if (!m) return undefined;
  const unit = (m[2] ?? 'b').toLowerCase()[0] as 'b' | 'k' | 'm' | 'g';
  return Math.round(Number(m[1]) * { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[unit]);
}
