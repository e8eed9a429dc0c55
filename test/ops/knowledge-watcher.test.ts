import { copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { LibraryHolder } from '../../src/library.js';
import { silentLogger } from '../../src/logger.js';
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
});
