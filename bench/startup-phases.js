#!/usr/bin/env node
// One cold `ask`, timed phase by phase the way the CLI runs it. Run by bench/run.js in a fresh process;
// prints one JSON line of milliseconds. DATA_DIR decides whether the index cache is there.
import { performance } from 'node:perf_hooks';

const phases = { 'node start-up': performance.now() };
let t = performance.now();
const lap = (name) => {
  const now = performance.now();
  phases[name] = (phases[name] ?? 0) + (now - t);
  t = now;
};
const root = new URL('../dist/', import.meta.url).href;
const { readConfig } = await import(`${root}src/config.js`);
const { LibraryHolder } = await import(`${root}src/library.js`);
const { readKnowledgeFolder } = await import(`${root}src/knowledge/read-folder.js`);
const { cacheDirIn, cacheKey } = await import(`${root}src/library-cache.js`);
const { createLogger } = await import(`${root}src/logger.js`);
const { createBot } = await import(`${root}src/bot.js`);
lap('import modules');
const config = readConfig(process.env);
const logger = createLogger('warn');
lap('configuration');
cacheKey(await readKnowledgeFolder(config.knowledgeDir));
lap('read knowledge + cache key');
const holder = await LibraryHolder.load(config.knowledgeDir, logger, {
  limits: config.knowledgeLimits,
  cacheDir: cacheDirIn(config.dataDir),
});
lap('parse knowledge, or read the cache');
const index = holder.current.index;
lap('build index, or restore it');
index.analyzer.terms('工会');
lap('segmenter start-up');
const bot = createBot({ admins: [], timezone: config.timezone }, { library: holder, logger });
const reply = await bot.handle({
  text: process.argv[2] ?? '劳模评选什么时候准备?',
  platform: 'cli',
  userId: 'bench',
  conversationId: 'bench',
  isDirect: true,
  mentionsBot: false,
});
lap('answer (normalise, analyse, rank, excerpt)');
if (!reply?.found) throw new Error('the bench question was not answered');
// The knowledge was read twice (once alone, to time it): count it once.
phases['time to first answer'] = performance.now() - phases['read knowledge + cache key'];
phases['peak RSS MB'] = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`${JSON.stringify(phases)}\n`);
