import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { answer } from '../../src/answer/answer.js';
import { type Library, loadLibrary } from '../../src/library.js';
import { loadLibraryOnWorker } from '../../src/library-worker.js';
import { silentLogger } from '../../src/logger.js';
import { packJson, unpackJson } from '../../src/packed-json.js';
import { normaliseQuestion } from '../../src/search/normalise.js';
import type { PostingsData } from '../../src/search/postings.js';
import { fixtures, library as libraryDir } from '../support/paths.js';

/** Our own frozen questions, and one clause of every passage asked about: replies must not depend on how the index was made. */
function questions(library: Library): string[] {
  const own = readFileSync(`${fixtures}/eval/own-questions.jsonl`, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { q: string }).q);
  const clauses = library.index.passages.map((p) => `${p.text.split(/[,,。]/u)[0]}是什么意思?`);
  return [...own, ...clauses, '工会会费怎么交?', '劳模评选还有几天?', '讲话提了哪三点要求?'];
}

const today = new Date('2026-11-24T08:00:00Z');
const replies = (library: Library, qs: string[]) =>
  qs.map((q) => JSON.stringify(answer(library.index, normaliseQuestion(q), undefined, today)));

function copyOf(dir: string): string {
  const copy = mkdtempSync(join(tmpdir(), 'directive-bot-cache-kb-'));
  // Dereferenced: the fixture folder links to the shipped files, which a test must never write through.
  cpSync(dir, copy, { recursive: true, dereference: true });
  return copy;
}

describe('the index cache', () => {
  const knowledge = copyOf(libraryDir);
  const cacheDir = mkdtempSync(join(tmpdir(), 'directive-bot-cache-'));
  let qs: string[];
  let expected: string[];
  let cold: Library;
  beforeAll(async () => {
    cold = await loadLibrary(knowledge);
    qs = questions(cold);
    expected = replies(cold, qs);
  });

  it('answers every question from the cache exactly as from a fresh build', async () => {
    const writing = await loadLibrary(knowledge, { cacheDir });
    expect(replies(writing, qs)).toEqual(expected);
    expect(readdirSync(cacheDir).some((f) => f.startsWith('library-'))).toBe(true);
    const said: string[] = [];
    const logger = silentLogger();
    for (const level of ['debug', 'info', 'warn'] as const)
      logger[level] = ((_: unknown, msg: string) => said.push(msg)) as unknown as typeof logger.info;
    const cached = await loadLibrary(knowledge, { cacheDir, logger });
    cached.index;
    // Nothing said about building or rebuilding: it came from the cache.
    expect(said).toEqual([]);
    // The cached library segments from the dictionary slice the first load wrote.
    expect(readdirSync(cacheDir).some((f) => f.startsWith('segmenter-'))).toBe(true);
    expect(cached.directives).toEqual(cold.directives);
    expect(cached.deadlines).toEqual(cold.deadlines);
    expect(replies(cached, qs)).toEqual(expected);
  });

  it('answers exactly as a fresh build from an index built on a worker thread', async () => {
    const built = await loadLibraryOnWorker(knowledge, {});
    expect(replies(built, qs)).toEqual(expected);
  });

  it('rebuilds, with a log line, when a knowledge file changed since the cache was written', async () => {
    const dir = copyOf(libraryDir);
    const cache = mkdtempSync(join(tmpdir(), 'directive-bot-cache-'));
    (await loadLibrary(dir, { cacheDir: cache })).index;
    const speech = join(dir, 'speech.txt');
    writeFileSync(speech, readFileSync(speech, 'utf8').replace('劳模评选', '先进评选'));
    const lines: string[] = [];
    const logger = silentLogger();
    logger.info = ((_: unknown, msg: string) => lines.push(msg)) as unknown as typeof logger.info;
    const reloaded = await loadLibrary(dir, { cacheDir: cache, logger });
    expect(reloaded.index.corpus).toContain('先进评选');
    expect(reloaded.index.corpus).not.toContain('劳模评选');
    expect(lines.some((l) => /rebuilding/.test(l))).toBe(true);
  });

  it('rebuilds, with a warning, from a cache file that is cut short, damaged or not a cache file, and never crashes', async () => {
    const dir = copyOf(libraryDir);
    const cache = mkdtempSync(join(tmpdir(), 'directive-bot-cache-'));
    (await loadLibrary(dir, { cacheDir: cache })).index;
    const names = readdirSync(cache).filter((f) => f.startsWith('library-'));
    // The library's file and its bigram index's, each damaged in turn.
    expect(names.sort().map((f) => f.replace(/^library-[0-9a-f]+/, ''))).toEqual(['.grams.pack', '.pack']);
    for (const name of names) {
      const file = join(cache, name);
      const whole = readFileSync(file);
      // Well-formed, but its last posting names a passage that is not there.
      const damaged = unpackJson(whole) as { index?: { words: PostingsData }; grams?: PostingsData };
      const postings = (damaged.index?.words ?? damaged.grams) as PostingsData;
      postings.docs[postings.docs.length - 1] = postings.ids.length + 5;
      const broken = [
        packJson(damaged),
        whole.subarray(0, whole.length / 2),
        whole.subarray(0, whole.length - 8),
        Buffer.from('not json'),
        Buffer.from('{"format":1}'),
        Buffer.alloc(0),
      ];
      for (const bytes of broken) {
        writeFileSync(file, bytes);
        const warnings: string[] = [];
        const logger = silentLogger();
        logger.warn = ((_: unknown, msg: string) => warnings.push(msg)) as unknown as typeof logger.warn;
        logger.info = ((_: unknown, msg: string) => warnings.push(msg)) as unknown as typeof logger.info;
        const library = await loadLibrary(dir, { cacheDir: cache, logger });
        expect(replies(library, qs)).toEqual(expected);
        expect(warnings.length, name).toBeGreaterThan(0);
      }
      writeFileSync(file, whole);
    }
  });

  it('answers the same when the kept bigram index is gone, building it instead', async () => {
    const dir = copyOf(libraryDir);
    const cache = mkdtempSync(join(tmpdir(), 'directive-bot-cache-'));
    (await loadLibrary(dir, { cacheDir: cache })).index;
    const grams = readdirSync(cache).find((f) => f.endsWith('.grams.pack')) as string;
    expect(grams).toBeDefined();
    rmSync(join(cache, grams));
    expect(replies(await loadLibrary(dir, { cacheDir: cache }), qs)).toEqual(expected);
  });

  it('turns Traditional into Simplified from the kept OpenCC characters, and when they are broken or gone', async () => {
    const dir = copyOf(libraryDir);
    const cache = mkdtempSync(join(tmpdir(), 'directive-bot-cache-'));
    (await loadLibrary(dir, { cacheDir: cache })).index;
    const name = readdirSync(cache).find((f) => f.startsWith('conversion-marks-')) as string;
    expect(name).toBeDefined();
    const file = join(cache, name);
    const whole = readFileSync(file);
    for (const kept of [whole, whole.subarray(0, whole.length - 4), Buffer.from('not points'), Buffer.alloc(0), null]) {
      if (kept) writeFileSync(file, kept);
      else rmSync(file);
      // A fresh process: nothing known yet about which characters OpenCC converts.
      vi.resetModules();
      const fresh = await import('../../src/library.js');
      const { normaliseQuestion: normalise } = await import('../../src/search/normalise.js');
      (await fresh.loadLibrary(dir, { cacheDir: cache })).index;
      expect(normalise('勞模評選什麼時候開始準備?')).toBe('劳模评选什么时候开始准备?');
      expect(normalise('劳模评选')).toBe('劳模评选');
    }
  });

  it('keeps the gloss table once a question needs it, and answers the same when it is broken or gone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'directive-bot-glosses-'));
    writeFileSync(join(dir, 'plan.txt'), '驿站建设方案\n驿站每天开放时间不少于12小时。\n');
    const cache = mkdtempSync(join(tmpdir(), 'directive-bot-cache-'));
    const ask = async () => {
      // A fresh process: no gloss table read yet.
      vi.resetModules();
      const fresh = await import('../../src/library.js');
      const { answer: answerFresh } = await import('../../src/answer/answer.js');
      const reply = answerFresh((await fresh.loadLibrary(dir, { cacheDir: cache })).index, '驿站一天开几个钟头?');
      return reply.found ? reply.citations[0].excerpt : reply.text;
    };
    expect(await ask()).toContain('12小时');
    const name = readdirSync(cache).find((f) => f.startsWith('glosses-')) as string;
    expect(name).toBeDefined();
    const file = join(cache, name);
    const whole = readFileSync(file);
    for (const kept of [whole, whole.subarray(0, whole.length - 4), Buffer.from('not a table'), null]) {
      if (kept) writeFileSync(file, kept);
      else rmSync(file);
      expect(await ask()).toContain('12小时');
    }
    // A broken copy is replaced by a good one.
    expect(readFileSync(file).equals(whole)).toBe(true);
  });

  it('still loads when the cache folder cannot be written', async () => {
    const blocker = join(mkdtempSync(join(tmpdir(), 'directive-bot-cache-')), 'file');
    writeFileSync(blocker, 'not a folder');
    const library = await loadLibrary(knowledge, { cacheDir: join(blocker, 'cache') });
    expect(replies(library, qs.slice(0, 20))).toEqual(expected.slice(0, 20));
  });
});
