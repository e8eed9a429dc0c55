import { accessSync, constants, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Config, ConfigError, readConfig } from '../../src/config.js';
import { fileLabel, KnowledgeErrors } from '../../src/knowledge/knowledge-error.js';
import type { ReadLimits } from '../../src/knowledge/read-folder.js';
import { DEADLINES_FILE, GLOSSARY_FILE, type Library, loadLibrary } from '../../src/library.js';
import { withEnvFile } from '../../src/ops/env-file.js';
import { librarySize } from '../../src/ops/library-size.js';
import { inspectStore, storeLocation } from '../../src/store/open-store.js';
import { CliError } from './context.js';
import type { Flags } from './main.js';

/** How long a platform may take to answer before doctor calls it unreachable. */
const PLATFORM_TIMEOUT_MS = 5_000;

export interface DoctorIo {
  stdout: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  /** Where `.env` is looked for. */
  cwd: string;
  fetch: typeof fetch;
}

interface Check {
  /** `warn`: the bot runs, but the admin should look (links skipped, no deadlines). */
  ok: boolean | 'skipped' | 'warn';
  /** One line, written for the admin: what was checked and what was found. */
  line: string;
  /** What is wrong and how to fix it, one item a line. */
  details?: string[];
}

/**
 * `directive-bot doctor [--offline]`: a ✓/✗ checklist of everything the bot needs, one line each, and a
 * non-zero exit when anything fails. `--offline` skips the platform calls (for a machine without
 * internet, or before credentials are issued).
 */
export async function runDoctor(
  flags: Flags,
  _args: string[],
  io: DoctorIo = { stdout: process.stdout, env: process.env, cwd: process.cwd(), fetch: globalThis.fetch },
): Promise<void> {
  const checks: Check[] = [];
  const report = (check: Check) => {
    checks.push(check);
    const mark = check.ok === 'skipped' ? '–' : check.ok === 'warn' ? '!' : check.ok ? '✓' : '✗';
    io.stdout.write(`${mark} ${check.line}\n`);
    for (const d of check.details ?? []) io.stdout.write(`    ${d}\n`);
  };

  let config: Config | undefined;
  try {
    config = readConfig(withEnvFile(io.env, io.cwd));
    if (flags.knowledge) config = { ...config, knowledgeDir: flags.knowledge };
    report({ ok: true, line: 'configuration is valid' });
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    report({ ok: false, line: 'configuration is not valid', details: e.problems });
  }

  if (config) {
    const knowledge = await checkKnowledge(config.knowledgeDir, config.knowledgeLimits);
    report(knowledge.check);
    report(knowledge.dataCheck);
    for (const warning of knowledge.warnings) report(warning);
    report(checkDataDir(config.dataDir));
    report(await checkStore(config));
    for (const check of await checkPlatforms(config, Boolean(flags.offline), io.fetch)) report(check);
  }

  const failed = checks.filter((c) => c.ok === false).length;
  if (failed > 0) throw new CliError(`${failed} check${failed > 1 ? 's' : ''} failed`, 1);
  io.stdout.write('all checks passed\n');
}

async function checkKnowledge(
  dir: string,
  limits: ReadLimits,
): Promise<{ check: Check; dataCheck: Check; warnings: Check[] }> {
  let library: Library;
  try {
    library = await loadLibrary(dir, { limits });
  } catch (e) {
    if (!(e instanceof KnowledgeErrors)) throw e;
    const isDataFile = (file: string) => file === GLOSSARY_FILE || file === DEADLINES_FILE;
    const directiveProblems = e.errors.filter((x) => !isDataFile(x.file)).map((x) => x.message);
    const dataProblems = e.errors.filter((x) => isDataFile(x.file)).map((x) => x.message);
    return {
      check:
        directiveProblems.length > 0
          ? { ok: false, line: `knowledge does not load from ${fileLabel(dir)}`, details: directiveProblems }
          : { ok: true, line: `directives in ${fileLabel(dir)} are valid` },
      dataCheck:
        dataProblems.length > 0
          ? { ok: false, line: `${GLOSSARY_FILE} or ${DEADLINES_FILE} is not valid`, details: dataProblems }
          : directiveProblems.length > 0
            ? // deadlines.yaml cites directives, so it cannot be checked until they load.
              { ok: 'skipped', line: `${GLOSSARY_FILE} and ${DEADLINES_FILE} not checked (fix the directives first)` }
            : { ok: true, line: `${GLOSSARY_FILE} and ${DEADLINES_FILE} are valid` },
      warnings: [],
    };
  }
  const size = librarySize(library);
  return {
    check: {
      ok: true,
      line: `knowledge loads from ${fileLabel(dir)}: ${size.documents} document(s), ${size.passages} passages, ${size.outlineItems} outline items`,
    },
    dataCheck: {
      ok: true,
      line: `glossary: ${library.glossary.synonyms.length} synonym groups, ${library.glossary.words.length} words; deadlines: ${library.deadlines.length}`,
    },
    warnings:
      library.warnings.length > 0
        ? [
            {
              ok: 'warn',
              line: `${library.warnings.length} warning(s) about the knowledge folder`,
              details: library.warnings,
            },
          ]
        : [],
  };
}

function checkDataDir(dir: string): Check {
  const probe = join(dir, `.doctor-${process.pid}`);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    accessSync(dir, constants.W_OK);
    writeFileSync(probe, 'ok');
    rmSync(probe);
    const mode = statSync(dir).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      // The database holds user ids and unanswered questions.
      return {
        ok: 'warn',
        line: `DATA_DIR ${fileLabel(resolve(dir))} is writable, but other users can read it (mode ${mode.toString(8)})`,
        details: [`chmod 700 ${resolve(dir)}, and run the bot with UMask=0077 (deploy/directive-bot.service does)`],
      };
    }
    return { ok: true, line: `DATA_DIR ${fileLabel(resolve(dir))} is writable` };
  } catch (e) {
    return {
      ok: false,
      line: `DATA_DIR ${resolve(dir)} is not writable`,
      details: [`${(e as Error).message}; create it and give the bot's user write access, or set DATA_DIR`],
    };
  }
}

/** Leases (REMINDER_LEASE, 2 min) assume the replicas' clocks agree with the database's well within this. */
const MAX_CLOCK_OFFSET_MS = 30_000;

async function checkStore(config: Config): Promise<Check> {
  const where = storeLocation(config);
  let check: Awaited<ReturnType<typeof inspectStore>>;
  try {
    check = await inspectStore(config);
  } catch (e) {
    return {
      ok: false,
      line: `database ${where} is not reachable`,
      details: [`${(e as Error).message}; check DATABASE_URL, the server, and that it accepts this machine`],
    };
  }
  if (!check) return { ok: 'skipped', line: `store ${where} not created yet: \`serve\` creates it at start` };
  const name = check.kind === 'postgres' ? `database ${where}` : `store ${where}`;
  const version =
    check.schemaVersion === check.latestVersion
      ? `schema v${check.schemaVersion}`
      : check.schemaVersion < check.latestVersion
        ? `schema v${check.schemaVersion}, \`serve\` migrates it to v${check.latestVersion} at start`
        : `schema v${check.schemaVersion}, newer than this build's v${check.latestVersion} (another replica runs a newer version)`;
  if (!check.isWritable) {
    return {
      ok: false,
      line: `${name} is reachable (${version}) but not writable`,
      details: [
        check.kind === 'postgres'
          ? "give the bot's database user ownership of its database (or CREATE on the schema and INSERT/UPDATE/DELETE on its tables); a read-only standby will not do"
          : "give the bot's user write access to the file and its folder",
      ],
    };
  }
  const offset = check.clockOffsetMs;
  if (offset !== undefined && Math.abs(offset) > MAX_CLOCK_OFFSET_MS) {
    return {
      ok: false,
      line: `${name} is writable (${version}), but this machine's clock is ${Math.round(offset / 1000)} s off the database's`,
      details: ['reminder leases compare clocks of different machines: enable NTP (systemd-timesyncd, chrony) here'],
    };
  }
  const clock = offset === undefined ? '' : `, clock within ${Math.abs(offset)} ms of the database's`;
  return { ok: true, line: `${name} is writable (${version}${clock})` };
}

async function checkPlatforms(config: Config, offline: boolean, fetcher: typeof fetch): Promise<Check[]> {
  const checks: Check[] = [];
  if (!config.slack && !config.dingtalk) {
    checks.push({ ok: 'skipped', line: 'no chat platform configured: `serve` will run the terminal chat' });
    return checks;
  }
  if (config.slack) {
    const url = new URL(
      'auth.test',
      config.slack.apiUrl.endsWith('/') ? config.slack.apiUrl : `${config.slack.apiUrl}/`,
    );
    if (offline) checks.push({ ok: 'skipped', line: `Slack not contacted (--offline)` });
    else {
      const token = config.slack.botToken;
      checks.push(
        await probe(`Slack at ${url.origin}`, async () => {
          const res = await fetcher(url, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' },
            signal: AbortSignal.timeout(PLATFORM_TIMEOUT_MS),
          });
          const body = (await res.json()) as { ok?: boolean; error?: string; team?: string; user?: string };
          if (!body.ok) return `auth.test said "${body.error ?? res.status}": check SLACK_BOT_TOKEN`;
          return { found: `signed in as ${body.user ?? '?'} in ${body.team ?? '?'}` };
        }),
      );
    }
  }
  if (config.dingtalk) {
    const dingtalk = config.dingtalk;
    const url = new URL('/v1.0/oauth2/accessToken', dingtalk.apiUrl);
    checks.push(
      dingtalk.cardTemplateId
        ? { ok: true, line: `DingTalk reminders are interactive cards (template ${dingtalk.cardTemplateId})` }
        : {
            ok: 'skipped',
            line: 'DingTalk reminders are markdown with text commands: set DINGTALK_CARD_TEMPLATE_ID for 已阅/已完成 buttons and chases that @ people',
          },
    );
    if (offline) checks.push({ ok: 'skipped', line: `DingTalk not contacted (--offline)` });
    else {
      checks.push(
        await probe(`DingTalk at ${url.origin}`, async () => {
          const res = await fetcher(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ appKey: dingtalk.clientId, appSecret: dingtalk.clientSecret }),
            signal: AbortSignal.timeout(PLATFORM_TIMEOUT_MS),
          });
          const body = (await res.json()) as { accessToken?: string; message?: string; code?: string };
          if (!res.ok || !body.accessToken) {
            return `no access token (${body.code ?? res.status}: ${body.message ?? 'no message'}): check DINGTALK_CLIENT_ID and DINGTALK_CLIENT_SECRET`;
          }
          return { found: 'credentials accepted' };
        }),
      );
    }
  }
  return checks;
}

/** Runs one platform call; a string result is the problem, an object is success. */
async function probe(what: string, call: () => Promise<string | { found: string }>): Promise<Check> {
  try {
    const outcome = await call();
    if (typeof outcome === 'string') return { ok: false, line: `${what} refused the credentials`, details: [outcome] };
    return { ok: true, line: `${what} is reachable: ${outcome.found}` };
  } catch (e) {
    const reason =
      (e as Error).name === 'TimeoutError' ? `no answer within ${PLATFORM_TIMEOUT_MS / 1000} s` : describeFailure(e);
    return {
      ok: false,
      line: `${what} is not reachable`,
      details: [`${reason}; check the network, a proxy, or run \`doctor --offline\``],
    };
  }
}

/** fetch hides the real reason (refused, DNS, TLS) in `cause`; that is the part the admin needs. */
function describeFailure(e: unknown): string {
  const cause = (e as Error).cause;
  if (cause instanceof Error) return (cause as NodeJS.ErrnoException).code ?? cause.message;
  return (e as Error).message;
}
