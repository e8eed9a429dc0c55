import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { answer } from '../../src/answer/answer.js';
import { systemClock } from '../../src/clock.js';
import { LibraryHolder } from '../../src/library.js';
import { silentLogger } from '../../src/logger.js';
import { healthHandler, startHealthServer } from '../../src/ops/health.js';
import { type KnowledgeWatcher, type ReloadResult, watchKnowledge } from '../../src/ops/knowledge-watcher.js';
import { fixtures, shippedKnowledge } from '../support/paths.js';

/** Polls until `done` holds, for at most `limitMs`: the file system reports changes when it pleases. */
async function eventually(done: () => boolean, limitMs = 8_000): Promise<void> {
  for (let waited = 0; !done(); waited += 25) {
    if (waited > limitMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('hot reload of the knowledge folder', () => {
  let dir: string;
  let watcher: KnowledgeWatcher | undefined;

  afterEach(() => {
    watcher?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function start(onReload?: (r: ReloadResult) => void) {
    dir = mkdtempSync(join(tmpdir(), 'directive-bot-knowledge-'));
    cpSync(shippedKnowledge, dir, { recursive: true });
    const library = await LibraryHolder.load(dir);
    watcher = watchKnowledge({
      library,
      logger: silentLogger(),
      clock: systemClock,
      debounceMs: 50,
      checkEveryMs: 50,
      onReload,
    });
    return library;
  }

  it('picks up a new document dropped into the folder', async () => {
    const library = await start();
    const before = library.current.directives.length;
    copyFileSync(join(fixtures, 'notice-year-end-2026.txt'), join(dir, 'notice-year-end-2026.txt'));
    await eventually(() => library.current.directives.length === before + 1);
    expect(library.current.directives.map((d) => d.title)).toContain('关于做好2026年年底前工会重点工作的通知');
  });

  it('keeps serving the old index when an edit breaks a file, and reports file:line', async () => {
    const results: ReloadResult[] = [];
    const library = await start((r) => results.push(r));
    const good = library.current;
    writeFileSync(join(dir, 'speech.txt'), '---\nid: speech\ntitle: 没有结束标记\n正文。\n');
    await eventually(() => results.some((r) => !r.ok));

    expect(library.current).toBe(good);
    expect(watcher?.lastAttempt).toMatchObject({
      ok: false,
      problems: ['speech.txt:1: front matter starts with "---" but has no closing "---" line'],
    });
  });

  it('reloads on request, as SIGHUP does, without waiting for the file system', async () => {
    const library = await start();
    const before = library.current;
    expect((await watcher?.reloadNow())?.ok).toBe(true);
    expect(library.current).not.toBe(before);
    expect(library.current.index.passages.length).toBe(before.index.passages.length);
  });

  it('re-attaches when the folder is deleted and created again, as a deploy does, and reads what is new', async () => {
    const library = await start();
    const good = library.current;
    rmSync(dir, { recursive: true, force: true });
    await eventually(() => watcher?.state === 'missing');
    expect(library.current).toBe(good);

    mkdirSync(dir);
    cpSync(shippedKnowledge, dir, { recursive: true });
    await eventually(() => watcher?.state === 'watching');
    // A file added after the folder came back is seen through the new watch.
    copyFileSync(join(fixtures, 'notice-year-end-2026.txt'), join(dir, 'notice-year-end-2026.txt'));
    await eventually(() => library.current.directives.length === good.directives.length + 1);
    expect(watcher?.lastAttempt?.ok).toBe(true);
  });

  it('answers questions and /healthz while a slow reload builds, then serves the new index', async () => {
    const library = await start();
    const before = library.current;
    // A folder large enough that building its index takes a good while: the speech's paragraphs, 60 times.
    const speech = readFileSync(join(dir, 'speech.txt'), 'utf8').split('\n').slice(1).join('\n');
    for (let i = 0; i < 60; i++) writeFileSync(join(dir, `copy-${i}.txt`), `第${i}份材料\n${speech}`);
    const health = await startHealthServer(
      0,
      healthHandler(() => ({
        status: 'ok',
        adapters: {},
        index: { documents: library.current.directives.length, passages: 0 },
        knowledgeFolder: watcher?.state ?? 'watching',
        lastReload: library.current.loadedAt.toISOString(),
        uptimeSeconds: 0,
      })),
      silentLogger(),
      '127.0.0.1',
    );
    try {
      let done = false;
      const reloading = (watcher as KnowledgeWatcher).reloadNow().finally(() => {
        done = true;
      });
      const during: Array<{ healthy: boolean; found: boolean }> = [];
      while (!done && during.length < 400) {
        const res = await fetch(`http://127.0.0.1:${health.port}/healthz`);
        await res.text();
        const reply = answer(library.current.index, '劳模评选什么时候准备?');
        if (!done) during.push({ healthy: res.status === 200, found: reply.found });
      }
      const result = await reloading;
      expect(result.ok).toBe(true);
      // Answered while the new index was being built, from the old one.
      expect(during.length).toBeGreaterThan(3);
      expect(during.every((d) => d.healthy && d.found)).toBe(true);
      expect(library.current).not.toBe(before);
      expect(library.current.directives.length).toBe(61);
      expect(answer(library.current.index, '劳模评选什么时候准备?').found).toBe(true);
    } finally {
      await health.close();
    }
  });
});
