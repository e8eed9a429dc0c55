#!/usr/bin/env node
// Load run of two replicas on one PostgreSQL database: `node bench/replicas.js` with DATABASE_URL or
// TEST_DATABASE_URL set (`npm run bench` calls it then). Two real `serve` processes in Slack HTTP mode, a
// fake Slack Web API on 127.0.0.1, and 2,000 signed questions spread over both (every tenth one also sent
// to the other replica, as a Slack retry routed elsewhere). Prints latency from the POST to the answer's
// chat.postMessage, and every error; asserts nothing.
import { spawn } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = fileURLToPath(new URL('..', import.meta.url));
const QUESTIONS = Number(process.env.BENCH_QUESTIONS ?? 2000);
const IN_FLIGHT = 16;
const DUPLICATE_EVERY = 10;
/** The first questions warm both processes up (JIT, pool connections): checked, but not in the latency figures. */
const WARM_UP = 50;
const SECRET = 'bench-signing-secret-0123';
const { messages } = await import(`${root}dist/src/messages.js`);

const base = process.env.DATABASE_URL || process.env.TEST_DATABASE_URL;
if (!base) {
  console.log('replicas: skipped (set DATABASE_URL or TEST_DATABASE_URL to a PostgreSQL database)');
  process.exit(0);
}

// A schema of its own, dropped at the end, so the run neither sees nor leaves rows.
const schema = `bench_${randomBytes(5).toString('hex')}`;
const admin = new pg.Client({ connectionString: base });
await admin.connect();
await admin.query(`CREATE SCHEMA ${schema}`);
const url = new URL(base);
url.searchParams.set('options', `-c search_path=${schema}`);

// The fake Slack Web API: the answers arrive here, keyed by the question's thread.
const answers = new Map();
const api = createServer((req, res) => {
  let raw = '';
  req.on('data', (c) => {
    raw += c;
  });
  req.on('end', () => {
    const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0];
    const body = req.headers['content-type']?.includes('json')
      ? JSON.parse(raw || '{}')
      : Object.fromEntries(new URLSearchParams(raw));
    if (method === 'chat.postMessage' && body.thread_ts) {
      const list = answers.get(body.thread_ts) ?? [];
      list.push({ at: performance.now(), text: String(body.text ?? '') });
      answers.set(body.thread_ts, list);
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify(
        method === 'auth.test'
          ? { ok: true, team: 'Bench', user: 'directive-bot', team_id: 'T0BENCH', user_id: 'U0BOT', bot_id: 'B0BOT' }
          : { ok: true, ts: `${Date.now() / 1000}` },
      ),
    );
  });
});
await new Promise((resolve) => api.listen(0, '127.0.0.1', resolve));
const apiUrl = `http://127.0.0.1:${api.address().port}/api/`;

function startReplica(name) {
  const dataDir = mkdtempSync(join(tmpdir(), `bench-replica-${name}-`));
  const child = spawn(process.execPath, [`${root}bin/directive-bot.js`, 'serve'], {
    cwd: dataDir,
    env: {
      PATH: process.env.PATH,
      TZ: 'UTC',
      DATA_DIR: dataDir,
      DATABASE_URL: url.toString(),
      PORT: '0',
      LOG_LEVEL: 'info',
      SLACK_BOT_TOKEN: `xoxb-bench-${name}`,
      SLACK_MODE: 'http',
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: apiUrl,
    },
  });
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (c) => {
    err += c;
  });
  child.stdout.resume();
  const port = new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /"port":(\d+),"msg":"listening for Slack events/.exec(err);
      if (m) {
        clearInterval(timer);
        resolve(Number(m[1]));
      } else if (child.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(`replica ${name} exited:\n${err}`));
      }
    }, 20);
  });
  return { name, child, dataDir, port, stderr: () => err };
}

const questions = [
  '明年劳模评选什么时候准备?',
  '年底企业可能出现欠薪,工会该怎么做?',
  '办实事项目要做到什么程度?',
  '送温暖活动怎么开展?',
  '食堂几点开饭?',
];

function signedPost(port, body) {
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return fetch(`http://127.0.0.1:${port}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signature,
    },
    body,
    signal: AbortSignal.timeout(30_000),
  }).then(async (r) => {
    await r.text();
    return r.status;
  });
}

function mention(i) {
  const ts = `1732450000.${String(i).padStart(6, '0')}`;
  return {
    ts,
    body: JSON.stringify({
      token: 'bench',
      team_id: 'T0BENCH',
      api_app_id: 'A0BENCH',
      type: 'event_callback',
      event_id: `Ev0BENCH${i}`,
      event_time: 1732450000,
      // 400 askers, 5 questions each: the per-user rate limit (10 a minute) is not what is measured.
      event: {
        type: 'app_mention',
        user: `U0ASK${i % 400}`,
        text: `<@U0BOT> ${questions[i % questions.length]}`,
        ts,
        channel: 'C0BENCH',
        event_ts: ts,
      },
      authorizations: [{ team_id: 'T0BENCH', user_id: 'U0BOT', is_bot: true }],
    }),
  };
}

const replicas = [startReplica('a'), startReplica('b')];
const errors = { http: 0, unanswered: 0, duplicated: 0, busy: 0, apology: 0, rateLimited: 0 };
let latencies = [];
let wallMs = 0;
try {
  const ports = await Promise.all(replicas.map((r) => r.port));
  const sentAt = new Map();
  let next = 0;
  const started = performance.now();
  async function worker() {
    while (next < QUESTIONS) {
      const i = next++;
      const { ts, body } = mention(i);
      sentAt.set(ts, performance.now());
      const posts = [signedPost(ports[i % 2], body)];
      if (i % DUPLICATE_EVERY === 0) posts.push(signedPost(ports[(i + 1) % 2], body));
      for (const status of await Promise.all(posts.map((p) => p.catch(() => 0)))) if (status !== 200) errors.http++;
      // Closed loop: the next question goes once this one is answered (or after 30 s).
      const deadline = performance.now() + 30_000;
      while (!answers.has(ts) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 2));
    }
  }
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  wallMs = performance.now() - started;
  await new Promise((r) => setTimeout(r, 1_000)); // late duplicates, if any, arrive now
  for (const [i, [ts, at]] of [...sentAt].entries()) {
    const got = answers.get(ts);
    if (!got) {
      errors.unanswered++;
      continue;
    }
    if (got.length > 1) errors.duplicated++;
    const text = got[0].text;
    if (text === messages.busy) errors.busy++;
    else if (text === messages.apology) errors.apology++;
    else if (text.startsWith(messages.rateLimited(0).slice(0, 6))) errors.rateLimited++;
    if (i >= WARM_UP) latencies.push(got[0].at - at);
  }
} finally {
  for (const r of replicas) r.child.kill('SIGTERM');
  await Promise.all(
    replicas.map(
      (r) => new Promise((resolve) => (r.child.exitCode !== null ? resolve() : r.child.on('exit', resolve))),
    ),
  );
  for (const r of replicas) rmSync(r.dataDir, { recursive: true, force: true });
  api.close();
  await admin.query(`DROP SCHEMA ${schema} CASCADE`);
  await admin.end();
}

latencies = latencies.sort((a, b) => a - b);
const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? Number.NaN;
const answered = QUESTIONS - errors.unanswered;
console.log(
  `replicas: 2 serve processes (Slack HTTP) on one PostgreSQL database, ${QUESTIONS} questions, ${IN_FLIGHT} in flight, every ${DUPLICATE_EVERY}th also sent to the other replica`,
);
console.log(
  `  answered ${answered} of ${QUESTIONS} (${(answered / (wallMs / 1000)).toFixed(0)}/s), POST to answer: p50 ${q(0.5).toFixed(1)} ms, p99 ${q(0.99).toFixed(1)} ms (after ${WARM_UP} warm-up questions)`,
);
console.log(
  `  errors: ${Object.entries(errors)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}`,
);
