#!/usr/bin/env node
// Speed and memory figures: `npm run bench` (builds first). Prints figures; asserts nothing.
// Every whole-process figure is the median of several runs: the machine is shared, so single runs are noisy.
//   BENCH_RUNS=N      runs per whole-process figure (default 7)
//   BENCH_LARGE=0     skip the 100k-passage corpus (it takes a minute or two and ~2 GB while building)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { median, quantile, questionsFrom } from './questions.js';

const root = fileURLToPath(new URL('..', import.meta.url));
execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', 'tsconfig.build.json'], { cwd: root });
execFileSync(process.execPath, [`${root}bin/bundle.js`], { cwd: root });

const { answer } = await import(`${root}dist/src/answer/answer.js`);
const { loadLibrary } = await import(`${root}dist/src/library.js`);
const { buildIndex } = await import(`${root}dist/src/search/search-index.js`);
const { normaliseQuestion } = await import(`${root}dist/src/search/normalise.js`);

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const ms = (t) => `${t.toFixed(t < 10 ? 2 : 0)} ms`;
const mb = (b) => `${(b / 1048576).toFixed(0)} MB`;
const scratch = mkdtempSync(join(tmpdir(), 'directive-bot-bench-'));
const cli = `${root}bin/directive-bot.js`;
const question = '劳模评选什么时候准备?';

function latency(index, questions) {
  for (const q of questions.slice(0, 50)) answer(index, normaliseQuestion(q)); // warm up
  const times = questions.map((q) => {
    const t = performance.now();
    answer(index, normaliseQuestion(q));
    return performance.now() - t;
  });
  return { p50: quantile(times, 0.5), p99: quantile(times, 0.99) };
}

/** Runs a command in fresh processes: wall time, and peak RSS from a further run. */
function whole(args, { env = {}, input, runs = RUNS, fresh } = {}) {
  const options = (extra = {}) => ({
    cwd: scratch,
    encoding: 'utf8',
    input,
    maxBuffer: 1 << 28,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TZ: 'UTC', ...env, ...(fresh?.() ?? {}), ...extra },
  });
  const times = [];
  // A first run, untimed, leaves the index and code caches that every later start finds.
  if (!fresh) spawnSync(args[0], args.slice(1), options());
  for (let i = 0; i < runs; i++) {
    const o = options();
    const t = performance.now();
    const r = spawnSync(args[0], args.slice(1), o);
    times.push(performance.now() - t);
    if (r.status !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  }
  return { median: median(times), best: Math.min(...times), rss: peakRss(args, options()) };
}

/**
 * A command's peak RSS, from a further run. Through /usr/bin/time where there is one: a child forked from
 * this process starts out counting this process's pages (its maxRSS is never below ours, ~100 MB once the
 * speech's figures ran), and time forks from a small process. Else from the process itself, preloaded.
 */
function peakRss(args, options) {
  if (existsSync('/usr/bin/time')) {
    const r = spawnSync('/usr/bin/time', ['-f', '%M', ...args], options);
    return Number(r.stderr?.trim().split('\n').at(-1)) * 1024 || undefined;
  }
  if (args[0] !== process.execPath) return undefined;
  const rssFile = join(scratch, 'rss');
  rmSync(rssFile, { force: true });
  spawnSync(args[0], ['--import', `${root}bench/report-rss.js`, ...args.slice(1)], {
    ...options,
    env: { ...options.env, BENCH_RSS_FILE: rssFile },
  });
  try {
    return Number(readFileSync(rssFile, 'utf8')) * 1024;
  } catch {
    return undefined;
  }
}
const row = (name, r) =>
  console.log(
    `  ${name.padEnd(44)} median ${ms(r.median).padStart(8)}, best ${ms(r.best).padStart(8)}${r.rss ? `, peak RSS ${mb(r.rss)}` : ''}`,
  );

/** A knowledge folder of generated documents: the speech's sentences recombined, `passages` in all. */
function generatedCorpus(dir, passages, sentences) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'glossary.yaml'), readFileSync(`${root}knowledge/glossary.yaml`));
  let made = 0;
  for (let d = 0; made < passages; d++) {
    const paragraphs = [];
    for (let p = 0; p < 12; p++) {
      const n = 3 + ((d + p) % 4);
      paragraphs.push(
        Array.from({ length: n }, (_, s) => sentences[(d * 131 + p * 17 + s * 7) % sentences.length]).join(''),
      );
      made += n;
    }
    writeFileSync(
      join(dir, `generated-${d}.txt`),
      `---\nid: generated-${d}\ntitle: 生成文档${d}\n---\n${paragraphs.join('\n')}\n`,
    );
  }
  return dir;
}

// 1. The shipped speech, in this process.
let t = performance.now();
const speech = await loadLibrary(`${root}knowledge`);
const speechIndex = speech.index;
const loadMs = performance.now() - t;
t = performance.now();
buildIndex(speech.directives, speechIndex.analyzer);
const speechIndexMs = performance.now() - t;
const speechLatency = latency(speechIndex, questionsFrom(speechIndex.passages, 2000));
console.log(`speech: ${speech.directives.length} document, ${speechIndex.passages.length} passages`);
console.log(`  load + index (incl. segmenter and converter start-up): ${ms(loadMs)}`);
console.log(`  index build: ${ms(speechIndexMs)}`);
console.log(`  warm per-question latency: p50 ${ms(speechLatency.p50)}, p99 ${ms(speechLatency.p99)} (2000 questions)`);

const sentences = speechIndex.passages.filter((p) => !p.isHeading).map((p) => p.text);

// 2. Start-up of one cold `ask`, phase by phase (median of each phase).
const phaseRuns = (fresh) =>
  Array.from({ length: RUNS }, () => {
    const env = { PATH: process.env.PATH, TZ: 'UTC', KNOWLEDGE_DIR: `${root}knowledge`, DATA_DIR: fresh() };
    const r = spawnSync(process.execPath, [`${root}bench/startup-phases.js`, question], {
      cwd: scratch,
      encoding: 'utf8',
      env,
    });
    if (r.status !== 0) throw new Error(r.stderr);
    return JSON.parse(r.stdout);
  });
// Apart from the CLI's: the unbundled code of these runs has another code hash, so it keys another index cache.
const phaseData = join(scratch, 'data-phases');
spawnSync(process.execPath, [`${root}bench/startup-phases.js`, question], {
  cwd: scratch,
  env: { PATH: process.env.PATH, DATA_DIR: phaseData },
});
let coldCount = 0;
const coldData = () => join(scratch, `data-cold-${coldCount++}`);
for (const [label, runs] of [
  ['index cache present (every start after the first)', phaseRuns(() => phaseData)],
  ['no index cache (first start after a change)', phaseRuns(coldData)],
]) {
  console.log(`start-up of one \`ask\`, ${label}: median of ${RUNS} runs (dist/ unbundled; the CLI runs the bundle)`);
  for (const phase of Object.keys(runs[0])) {
    const value = median(runs.map((r) => r[phase]));
    console.log(`  ${phase.padEnd(44)} ${phase.includes('MB') ? `${value.toFixed(0)} MB` : ms(value)}`);
  }
}

// 3. Whole processes, as a user, cron or systemd runs them. The first run of each command writes its
// index cache and its code cache (src/code-cache.ts); the medians are of the runs after it.
const warmData = join(scratch, 'data-warm');
const knowledgeEnv = { KNOWLEDGE_DIR: `${root}knowledge`, DATA_DIR: warmData };
console.log(`whole processes (wall time from spawn to exit, ${RUNS} runs):`);
row('node -e 0 (Node.js itself)', whole([process.execPath, '-e', '0']));
row('ask "问题" (index cache present)', whole([process.execPath, cli, 'ask', question], { env: knowledgeEnv }));
row(
  'ask "问题" (index cache, no code cache)',
  whole([process.execPath, cli, 'ask', question], { env: { ...knowledgeEnv, DIRECTIVE_BOT_CODE_CACHE: '0' } }),
);
row(
  'ask "问题" (no index cache: builds and writes it)',
  whole([process.execPath, cli, 'ask', question], { env: knowledgeEnv, fresh: () => ({ DATA_DIR: coldData() }) }),
);
row('deadlines --json', whole([process.execPath, cli, 'deadlines', '--json'], { env: knowledgeEnv }));
row(
  'reminders send-due (nothing due)',
  whole([process.execPath, cli, 'reminders', 'send-due', '--at', '2026-06-15T03:00:00Z'], { env: knowledgeEnv }),
);
row('doctor --offline', whole([process.execPath, cli, 'doctor', '--offline'], { env: knowledgeEnv }));

// 4. 600 questions through `ask --jsonl`, against the plain jieba + BM25 baselines.
const batch = `${questionsFrom(speechIndex.passages, 600).join('\n')}\n`;
console.log(`600 questions on stdin, one JSON reply a line (${Math.min(RUNS, 5)} runs):`);
const batchRuns = Math.min(RUNS, 5);
const ours = whole([process.execPath, cli, 'ask', '--jsonl'], { env: knowledgeEnv, input: batch, runs: batchRuns });
row('directive-bot ask --jsonl', ours);
row(
  'bench/baseline-bm25.js (JS jieba + BM25)',
  whole([process.execPath, `${root}bench/baseline-bm25.js`], { input: batch, runs: batchRuns }),
);
const python = ['python3', '/usr/bin/python3'].find((p) => spawnSync(p, ['-c', 'import jieba']).status === 0);
if (python) {
  const py = whole([python, `${root}bench/baseline-bm25.py`, `${root}knowledge`], { input: batch, runs: batchRuns });
  row('bench/baseline-bm25.py (Python jieba + BM25)', py);
  console.log(
    `  ask --jsonl takes ${(ours.median / py.median).toFixed(2)} of the Python script's time (target: at most 0.5)`,
  );
} else {
  console.log('  bench/baseline-bm25.py: skipped (install Debian python3-jieba to compare)');
}

// 5. Generated corpora on disk, each loaded in a fresh process: without a cache, writing it, and from it.
function corpus(passages, questions) {
  const dir = generatedCorpus(join(scratch, `corpus-${passages}`), passages, sentences);
  const data = join(scratch, `corpus-data-${passages}`);
  const child = (dataDir) => {
    const r = spawnSync(
      process.execPath,
      ['--max-old-space-size=4096', `${root}bench/corpus-child.js`, dir, dataDir, String(questions)],
      { encoding: 'utf8', maxBuffer: 1 << 26 },
    );
    if (r.status !== 0) throw new Error(r.stderr);
    return JSON.parse(r.stdout);
  };
  const build = child('-');
  const write = child(data);
  const cached = [child(data), child(data), child(data)];
  const pick = (key) => median(cached.map((c) => c[key]));
  console.log(`generated corpus: ${build.passages} passages (fresh process each)`);
  console.log(
    `  load + index build, no cache:               ${ms(build.loadMs)}, peak RSS ${build.peakRssMB.toFixed(0)} MB`,
  );
  console.log(`  load + index build + cache write:           ${ms(write.loadMs)}`);
  console.log(
    `  load from the cache (median of 3):          ${ms(pick('loadMs'))}, RSS after load ${pick('rssLoadedMB').toFixed(0)} MB, peak ${pick('peakRssMB').toFixed(0)} MB`,
  );
  console.log(
    `  warm per-question latency from the cache:   p50 ${ms(pick('p50'))}, p99 ${ms(pick('p99'))} (${questions} questions)`,
  );
}
corpus(10_500, 1000);
if (process.env.BENCH_LARGE !== '0') corpus(101_500, 300);
// 6. Hostile input: a 20 MB knowledge file, and a message that NFKC would grow 18-fold.
{
  const { mkdtempSync, copyFileSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { LibraryHolder } = await import(`${root}dist/src/library.js`);
  const { createBot } = await import(`${root}dist/src/bot.js`);
  const dir = mkdtempSync(`${tmpdir()}/bench-kb-`);
  copyFileSync(`${root}knowledge/speech.txt`, `${dir}/speech.txt`);
  const line = '各单位要做好安全生产检查,切实维护职工合法权益。\n';
  writeFileSync(`${dir}/huge.txt`, `大文件\n${line.repeat(Math.ceil((20 * 1024 * 1024) / Buffer.byteLength(line)))}`);
  const refusals = [];
  for (let i = 0; i < 7; i++) {
    t = performance.now();
    await loadLibrary(dir).catch(() => {});
    refusals.push(performance.now() - t);
  }
  rmSync(dir, { recursive: true, force: true });
  const bot = createBot(
    { admins: [], timezone: 'Asia/Shanghai' },
    { library: await LibraryHolder.load(`${root}knowledge`) },
  );
  const expanding = '\ufdfa'.repeat(1_000_000);
  const refusedMessages = [];
  for (let i = 0; i < 7; i++) {
    t = performance.now();
    await bot.handle({
      text: expanding,
      platform: 'cli',
      userId: 'b',
      conversationId: 'b',
      isDirect: true,
      mentionsBot: false,
    });
    refusedMessages.push(performance.now() - t);
  }
  console.log(`a 20 MB .txt in the knowledge folder: refused in median ${ms(quantile(refusals, 0.5))} (7 runs)`);
  console.log(`a message of 1,000,000 × U+FDFA: refused in median ${ms(quantile(refusedMessages, 0.5))} (7 runs)`);
  console.log(`  RSS after both: ${mb(process.memoryUsage().rss)}`);
}

// 7. 督办: text receipts and 进度 for a deadline with 200 named owners, on a real SQLite file.
{
  const { mkdtempSync, writeFileSync, copyFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { createBot } = await import(`${root}dist/src/bot.js`);
  const { LibraryHolder } = await import(`${root}dist/src/library.js`);
  const { SqliteStore } = await import(`${root}dist/src/store/sqlite-store.js`);
  const dir = mkdtempSync(join(tmpdir(), 'bench-supervision-'));
  const knowledge = join(dir, 'knowledge');
  (await import('node:fs')).mkdirSync(knowledge);
  for (const f of ['speech.txt', 'glossary.yaml']) copyFileSync(join(root, 'knowledge', f), join(knowledge, f));
  const owners = Array.from({ length: 200 }, (_, i) => `dingtalk:staff${i}`);
  writeFileSync(
    join(knowledge, 'deadlines.yaml'),
    `deadlines:\n  - id: year-end-review\n    title: 年底查漏补缺\n    due: "12-31"\n    cite: 查漏补缺\n    to: [dingtalk:cidGroup]\n    owners: [${owners.join(', ')}]\n    chase: [3d]\n`,
  );
  const store = new SqliteStore(join(dir, 'bot.sqlite'));
  const bot = createBot(
    { admins: ['dingtalk:boss'], timezone: 'Asia/Shanghai' },
    { library: await LibraryHolder.load(knowledge), store },
  );
  const from = (userId, text) => ({
    text,
    platform: 'dingtalk',
    userId,
    conversationId: 'cidGroup',
    isDirect: false,
    mentionsBot: true,
  });
  const marks = [];
  for (const [i, o] of owners.entries()) {
    t = performance.now();
    await bot.handle(from(o.slice('dingtalk:'.length), i % 2 ? '已完成 年底查漏补缺' : '已阅 year-end-review'));
    marks.push(performance.now() - t);
  }
  const progress = [];
  for (let i = 0; i < 50; i++) {
    t = performance.now();
    await bot.handle(from('boss', '进度'));
    progress.push(performance.now() - t);
  }
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  console.log('督办: one deadline with 200 named owners, SQLite file');
  console.log(
    `  已阅/已完成 by text (match, record, count): p50 ${ms(quantile(marks, 0.5))}, p99 ${ms(quantile(marks, 0.99))} (200)`,
  );
  console.log(`  进度 with 200 receipts: p50 ${ms(quantile(progress, 0.5))}, p99 ${ms(quantile(progress, 0.99))} (50)`);
}

rmSync(scratch, { recursive: true, force: true });

// 8. Two replicas on PostgreSQL under load (only with DATABASE_URL or TEST_DATABASE_URL; it says so otherwise).
const replicas = spawnSync(process.execPath, [`${root}bench/replicas.js`], { stdio: 'inherit' });
if (replicas.status !== 0) process.exitCode = replicas.status ?? 1;
