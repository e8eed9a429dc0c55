import { chmodSync, copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CliError } from '../../adapters/cli/context.js';
import { runDoctor } from '../../adapters/cli/doctor.js';
import type { Flags } from '../../adapters/cli/main.js';
import { PostgresStore } from '../../src/store/postgres-store.js';
import { SQLITE_MIGRATIONS } from '../../src/store/sqlite-migrations.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { closedPort } from '../support/closed-port.js';
import { FakeDingTalk } from '../support/fake-dingtalk.js';
import { shippedKnowledge } from '../support/paths.js';
import { freshSchemaUrl, postgresSkipReason } from '../support/test-postgres.js';

const temps: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'directive-bot-doctor-'));
  temps.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Runs doctor with its output captured; resolves to the lines and the exit code main would return. */
async function doctor(env: NodeJS.ProcessEnv, flags: Flags = { offline: true }) {
  const stdout = new PassThrough();
  let text = '';
  stdout.on('data', (chunk) => {
    text += chunk;
  });
  let exitCode = 0;
  try {
    await runDoctor(flags, [], { stdout, env, cwd: tempDir(), fetch: globalThis.fetch });
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    exitCode = e.exitCode;
  }
  return { lines: text.trimEnd().split('\n'), exitCode };
}

describe('directive-bot doctor', () => {
  it('passes on the shipped knowledge', async () => {
    const { lines, exitCode } = await doctor({ KNOWLEDGE_DIR: shippedKnowledge, DATA_DIR: tempDir() });
    expect(exitCode).toBe(0);
    expect(lines).toContain('✓ configuration is valid');
    expect(
      lines.some((l) => /^✓ knowledge loads from .*: 1 document\(s\), \d+ passages, \d+ outline items$/.test(l)),
    ).toBe(true);
    expect(lines.some((l) => /^✓ DATA_DIR .* is writable$/.test(l))).toBe(true);
    expect(lines.at(-1)).toBe('all checks passed');
  });

  it('fails on a broken knowledge file and names its file and line', async () => {
    const knowledge = tempDir();
    copyFileSync(join(import.meta.dirname, 'fixtures', 'broken-front-matter.txt'), join(knowledge, 'notice.txt'));
    const { lines, exitCode } = await doctor({ KNOWLEDGE_DIR: knowledge, DATA_DIR: tempDir() });
    expect(exitCode).not.toBe(0);
    expect(lines).toContain(`✗ knowledge does not load from ${knowledge}`);
    expect(lines).toContain('    notice.txt:1: front matter starts with "---" but has no closing "---" line');
  });

  it('fails on a bad variable and names it', async () => {
    const { lines, exitCode } = await doctor({ RATE_LIMIT_PER_MINUTE: 'many' });
    expect(exitCode).toBe(1);
    expect(lines[0]).toBe('✗ configuration is not valid');
    expect(lines[1]).toMatch(/^ {4}RATE_LIMIT_PER_MINUTE: /);
  });

  it('fails when DATA_DIR cannot be written', async () => {
    // A path under a plain file can never become a folder, even for root (tests may run as root).
    const blocker = join(tempDir(), 'not-a-folder');
    writeFileSync(blocker, '');
    const { lines, exitCode } = await doctor({ DATA_DIR: join(blocker, 'data') });
    expect(exitCode).toBe(1);
    expect(lines).toContain(`✗ DATA_DIR ${join(blocker, 'data')} is not writable`);
  });

  it.each([
    ['an empty deadlines.yaml', ''],
    ['a deadlines.yaml without a deadlines: key', '# deadlines:\n#   - id: x\n'],
  ])('warns about %s, which would stop every reminder', async (_what, text) => {
    const knowledge = tempDir();
    copyFileSync(join(shippedKnowledge, 'speech.txt'), join(knowledge, 'speech.txt'));
    writeFileSync(join(knowledge, 'deadlines.yaml'), text);
    const { lines, exitCode } = await doctor({ KNOWLEDGE_DIR: knowledge, DATA_DIR: tempDir() });
    expect(exitCode).toBe(0);
    expect(lines).toContain('! 1 warning(s) about the knowledge folder');
    expect(lines).toContain(
      '    deadlines.yaml: has no "deadlines:" list, so no reminder will be sent (write "deadlines: []" if that is meant)',
    );
  });

  it('warns when other users can read DATA_DIR, which holds user ids and questions', async () => {
    const data = tempDir();
    chmodSync(data, 0o755);
    const { lines, exitCode } = await doctor({ KNOWLEDGE_DIR: shippedKnowledge, DATA_DIR: data });
    expect(exitCode).toBe(0);
    expect(lines).toContain(`! DATA_DIR ${data} is writable, but other users can read it (mode 755)`);
  });

  it('skips the platforms with --offline', async () => {
    const { lines, exitCode } = await doctor({
      DATA_DIR: tempDir(),
      SLACK_BOT_TOKEN: 'xoxb-1-2-abc',
      SLACK_APP_TOKEN: 'xapp-1-2-abc',
      SLACK_API_URL: 'http://127.0.0.1:9/api/',
    });
    expect(exitCode).toBe(0);
    expect(lines).toContain('– Slack not contacted (--offline)');
  });
});

describe('directive-bot doctor against a Slack Web API', () => {
  let server: Server;
  let apiUrl: string;
  beforeAll(async () => {
    // A fake Slack Web API: auth.test accepts only the one good token.
    server = createServer((req, res) => {
      const ok = req.url === '/api/auth.test' && req.headers.authorization === 'Bearer xoxb-good';
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify(ok ? { ok: true, team: 'Union', user: 'directive_bot' } : { ok: false, error: 'invalid_auth' }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    apiUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const slackEnv = (token: string) => ({
    DATA_DIR: tempDir(),
    SLACK_BOT_TOKEN: token,
    SLACK_APP_TOKEN: 'xapp-1-2-abc',
    SLACK_API_URL: apiUrl,
  });

  it('reports Slack reachable when auth.test accepts the token', async () => {
    const { lines, exitCode } = await doctor(slackEnv('xoxb-good'), {});
    expect(exitCode).toBe(0);
    expect(
      lines.some((l) =>
        /^✓ Slack at http:\/\/127\.0\.0\.1:\d+ is reachable: signed in as directive_bot in Union$/.test(l),
      ),
    ).toBe(true);
  });

  it('fails with the reason when auth.test refuses the token', async () => {
    const { lines, exitCode } = await doctor(slackEnv('xoxb-revoked'), {});
    expect(exitCode).toBe(1);
    expect(lines).toContain('    auth.test said "invalid_auth": check SLACK_BOT_TOKEN');
  });
});

describe('directive-bot doctor against the DingTalk OpenAPI', () => {
  let fake: FakeDingTalk;
  beforeAll(async () => {
    fake = await FakeDingTalk.start();
  });
  afterAll(() => fake.close());

  const dingtalkEnv = (apiUrl: string) => ({
    DATA_DIR: tempDir(),
    DINGTALK_CLIENT_ID: 'dingfakeclient',
    DINGTALK_CLIENT_SECRET: 'fake-secret',
    DINGTALK_ROBOT_CODE: 'dingrobotfake',
    DINGTALK_API_URL: apiUrl,
  });

  it('reports DingTalk reachable when it issues an access token for the credentials', async () => {
    const { lines, exitCode } = await doctor(dingtalkEnv(fake.baseUrl), {});
    expect(exitCode).toBe(0);
    expect(lines).toContain(`✓ DingTalk at ${fake.baseUrl} is reachable: credentials accepted`);
    expect(fake.tokenRequests).toEqual([{ appKey: 'dingfakeclient', appSecret: 'fake-secret' }]);
  });

  it('fails with a clear line when nothing answers at DINGTALK_API_URL', async () => {
    // fetch refuses port 9 (discard) outright, so this fails at once without depending on the network.
    const { lines, exitCode } = await doctor(dingtalkEnv('http://127.0.0.1:9'), {});
    expect(exitCode).toBe(1);
    expect(lines).toContain('✗ DingTalk at http://127.0.0.1:9 is not reachable');
  });
});

describe('directive-bot doctor and the SQLite store', () => {
  it('reports the store file, its schema version and that it may write, once it exists', async () => {
    const dataDir = tempDir();
    const before = await doctor({ KNOWLEDGE_DIR: shippedKnowledge, DATA_DIR: dataDir });
    expect(before.lines).toContain(
      `– store ${SqliteStore.fileIn(dataDir)} not created yet: \`serve\` creates it at start`,
    );
    await new SqliteStore(SqliteStore.fileIn(dataDir)).close();
    const after = await doctor({ KNOWLEDGE_DIR: shippedKnowledge, DATA_DIR: dataDir });
    expect(after.exitCode).toBe(0);
    expect(after.lines).toContain(
      `✓ store ${SqliteStore.fileIn(dataDir)} is writable (schema v${SQLITE_MIGRATIONS.length})`,
    );
  });
});

describe('directive-bot doctor with DATABASE_URL', () => {
  if (postgresSkipReason) {
    it.skip(`is not tested: ${postgresSkipReason}`, () => {});
    return;
  }

  const env = (databaseUrl: string) => ({
    KNOWLEDGE_DIR: shippedKnowledge,
    DATA_DIR: tempDir(),
    DATABASE_URL: databaseUrl,
  });

  it('connects, reports the schema version and that it may write, without migrating or writing anything', async () => {
    const url = await freshSchemaUrl('doctor');
    const before = await doctor(env(url));
    expect(before.exitCode).toBe(0);
    expect(before.lines.find((l) => l.includes('database'))).toMatch(
      /^✓ database postgres:\/\/postgres@127\.0\.0\.1:\d+\/\w+ is writable \(schema v0, `serve` migrates it to v2 at start, clock within \d+ ms of the database's\)$/,
    );
    const store = await PostgresStore.open(url);
    try {
      const after = await doctor(env(url));
      expect(after.lines.find((l) => l.includes('database'))).toMatch(/^✓ database .* is writable \(schema v2, clock/);
      expect(await store.dump()).toMatchObject({ handledEvents: [], subscriptions: [], deliveries: [] });
    } finally {
      await store.close();
    }
  });

  it('fails when the database user may not write', async () => {
    const url = new URL(await freshSchemaUrl('doctor'));
    const role = `reader_${Date.now().toString(36)}`;
    const admin = await PostgresStore.open(url.toString());
    await admin.close();
    const sql = new pg.Client({ connectionString: url.toString() });
    await sql.connect();
    try {
      await sql.query(`CREATE ROLE ${role} LOGIN`);
      const schema = /search_path=(\w+)/.exec(url.searchParams.get('options') ?? '')?.[1];
      await sql.query(
        `GRANT USAGE ON SCHEMA ${schema} TO ${role}; GRANT SELECT ON ALL TABLES IN SCHEMA ${schema} TO ${role}`,
      );
    } finally {
      await sql.end();
    }
    url.username = role;
    const { lines, exitCode } = await doctor(env(url.toString()));
    expect(exitCode).toBe(1);
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(`^✗ database postgres://${role}@.* is reachable \\(schema v2\\) but not writable$`),
      ),
    );
  });

  it('fails with a clear line when no server answers at DATABASE_URL', async () => {
    const port = await closedPort();
    const { lines, exitCode } = await doctor(env(`postgres://bot:secret@127.0.0.1:${port}/bot`));
    expect(exitCode).toBe(1);
    const line = lines.findIndex((l) => l.startsWith('✗ database'));
    expect(lines[line]).toBe(`✗ database postgres://bot@127.0.0.1:${port}/bot is not reachable`);
    expect(lines[line + 1]).toMatch(/ECONNREFUSED/);
    expect(lines.join('\n')).not.toContain('secret');
  });
});
