#!/usr/bin/env node
// Speed and memory figures: `npm run bench` (after `npm run build`). Prints figures; asserts nothing.
import { execFileSync, spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', 'tsconfig.build.json'], { cwd: root });

const { answer } = await import(`${root}dist/src/answer/answer.js`);
const { loadLibrary } = await import(`${root}dist/src/library.js`);
const { buildIndex } = await import(`${root}dist/src/search/search-index.js`);
const { parseDirective } = await import(`${root}dist/src/knowledge/load-directive.js`);
const { normaliseQuestion } = await import(`${root}dist/src/search/normalise.js`);

const ms = (t) => `${t.toFixed(2)} ms`;
const mb = (b) => `${(b / 1024 / 1024).toFixed(0)} MB`;
const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

/** Questions made from the text itself (a clause with its ending turned into a question) plus off-topic ones. */
function questionsFrom(library, count) {
  const clauses = library.index.passages.flatMap((p) => p.text.split(/[,,;;:。]/u).filter((c) => [...c].length >= 6));
  const offTopic = ['食堂几点开饭?', '年假有几天?', '工会会费怎么缴纳?', 'Python 怎么安装?'];
  const out = [];
  for (let i = 0; out.length < count; i++) {
    out.push(i % 10 === 9 ? offTopic[i % offTopic.length] : `${clauses[(i * 7919) % clauses.length]}是什么意思?`);
  }
  return out;
}

function latency(library, questions) {
  for (const q of questions.slice(0, 50)) answer(library.index, normaliseQuestion(q)); // warm up
  const times = questions.map((q) => {
    const t = performance.now();
    answer(library.index, normaliseQuestion(q));
    return performance.now() - t;
  });
  return { p50: quantile(times, 0.5), p99: quantile(times, 0.99) };
}

// 1. The shipped speech.
let t = performance.now();
const speech = await loadLibrary(`${root}knowledge`);
const loadMs = performance.now() - t;
t = performance.now();
buildIndex(speech.directives, speech.index.analyzer);
const speechIndexMs = performance.now() - t;
const speechLatency = latency(speech, questionsFrom(speech, 2000));

// 2. A generated corpus of more than 10,000 passages: the speech's sentences recombined into many documents.
const sentences = speech.index.passages.filter((p) => !p.isHeading).map((p) => p.text);
const docs = [];
let passages = 0;
for (let d = 0; passages < 10_500; d++) {
  const paragraphs = [];
  for (let p = 0; p < 12; p++) {
    const n = 3 + ((d + p) % 4);
    paragraphs.push(
      Array.from({ length: n }, (_, s) => sentences[(d * 131 + p * 17 + s * 7) % sentences.length]).join(''),
    );
    passages += n;
  }
  docs.push(
    parseDirective(`---\nid: generated-${d}\ntitle: 生成文档${d}\n---\n${paragraphs.join('\n')}`, `generated-${d}.txt`),
  );
}
t = performance.now();
const big = { ...speech, directives: docs, index: buildIndex(docs, speech.index.analyzer) };
const bigIndexMs = performance.now() - t;
const bigLatency = latency(big, questionsFrom(speech, 1000));
const rss = process.memoryUsage().rss;

// 3. Cold start of a one-shot `ask`, as a user runs it.
const cold = [];
for (let i = 0; i < 7; i++) {
  t = performance.now();
  const r = spawnSync(process.execPath, [`${root}bin/directive-bot.js`, 'ask', '劳模评选什么时候准备?'], {
    encoding: 'utf8',
  });
  cold.push(performance.now() - t);
  if (r.status !== 0) throw new Error(r.stderr);
}
const rssScript = `
  const { main } = await import(${JSON.stringify(`${root}dist/adapters/cli/main.js`)});
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = () => true;
  await main(['ask', '劳模评选什么时候准备?']);
  process.stdout.write = write;
  // Not console.log: the CLI routes console output to its log on stderr.
  process.stdout.write(String(process.memoryUsage().rss));`;
const askRss = spawnSync(process.execPath, ['--input-type=module', '-e', rssScript], { encoding: 'utf8' });

console.log(`speech: ${speech.directives.length} document, ${speech.index.passages.length} passages`);
console.log(`  load + index (incl. segmenter and converter start-up): ${ms(loadMs)}`);
console.log(`  index build: ${ms(speechIndexMs)}`);
console.log(`  per-question latency: p50 ${ms(speechLatency.p50)}, p99 ${ms(speechLatency.p99)} (2000 questions)`);
console.log(`generated corpus: ${docs.length} documents, ${big.index.passages.length} passages`);
console.log(`  index build: ${ms(bigIndexMs)}`);
console.log(`  per-question latency: p50 ${ms(bigLatency.p50)}, p99 ${ms(bigLatency.p99)} (1000 questions)`);
console.log(`  RSS with both indexes loaded: ${mb(rss)}`);
console.log(
  `cold \`ask\` (process start to answer): median ${ms(quantile(cold, 0.5))}, best ${ms(Math.min(...cold))} (7 runs)`,
);
console.log(`  RSS of one \`ask\`: ${askRss.stdout.trim() ? mb(Number(askRss.stdout.trim())) : 'n/a'}`);

// 4. Hostile input: a 20 MB knowledge file, and a message that NFKC would grow 18-fold.
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

// 5. Two replicas on PostgreSQL under load (only with DATABASE_URL or TEST_DATABASE_URL; it says so otherwise).
const replicas = spawnSync(process.execPath, [`${root}bench/replicas.js`], { stdio: 'inherit' });
if (replicas.status !== 0) process.exitCode = replicas.status ?? 1;
// 5. 督办: text receipts and 进度 for a deadline with 200 named owners, on a real SQLite file.
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
    { library: LibraryHolder.load(knowledge), store },
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
