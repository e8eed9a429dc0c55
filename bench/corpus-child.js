#!/usr/bin/env node
// Loads a knowledge folder in a fresh process, with the index cache in DATA_DIR/cache (`-`: none), and answers
// questions from it: `node bench/corpus-child.js KNOWLEDGE DATA_DIR QUESTIONS`. Prints one JSON line.
import { performance } from 'node:perf_hooks';
import { quantile, questionsFrom } from './questions.js';

const [knowledge, dataDir, count] = process.argv.slice(2);
const root = new URL('../dist/', import.meta.url).href;
const { loadLibrary } = await import(`${root}src/library.js`);
const { cacheDirIn } = await import(`${root}src/library-cache.js`);
const { answer } = await import(`${root}src/answer/answer.js`);
const { normaliseQuestion } = await import(`${root}src/search/normalise.js`);

let t = performance.now();
// The 100k corpus holds ~23 MB: more than a deployment's default limit (KNOWLEDGE_MAX_TOTAL_SIZE), lifted here.
const limits = { maxTotalBytes: 1 << 30, readTimeoutMs: 120_000 };
const library = await loadLibrary(knowledge, dataDir === '-' ? { limits } : { limits, cacheDir: cacheDirIn(dataDir) });
const { index } = library;
const loadMs = performance.now() - t;
const rssLoaded = process.memoryUsage().rss;
const questions = questionsFrom(index.passages, Number(count));
for (const q of questions.slice(0, 50)) answer(index, normaliseQuestion(q)); // warm up
const times = questions.map((q) => {
  t = performance.now();
  answer(index, normaliseQuestion(q));
  return performance.now() - t;
});
process.stdout.write(
  `${JSON.stringify({
    passages: index.passages.length,
    loadMs,
    p50: quantile(times, 0.5),
    p99: quantile(times, 0.99),
    max: Math.max(...times),
    rssLoadedMB: rssLoaded / 1048576,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
  })}\n`,
);
