import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CodeCacheStats } from '../../src/code-cache.js';
import { cliBin, repoRoot, shippedKnowledge } from '../support/paths.js';

/**
 * A two-chunk bundle of our own, run in fresh processes through the compiled `useCodeCache`: what the
 * CLI does with dist/bundle, on files whose every byte the test controls.
 */
function bundle() {
  const dir = mkdtempSync(join(tmpdir(), 'code-cache-'));
  const bundleDir = join(dir, 'bundle');
  mkdirSync(bundleDir);
  writeFileSync(join(bundleDir, 'main.cjs'), `exports.greet = () => require('./part.cjs').word() + '!';\n`);
  writePart(bundleDir, 'aaa');
  const runner = join(dir, 'run.mjs');
  writeFileSync(
    runner,
    [
      `import { createRequire } from 'node:module';`,
      `import { useCodeCache } from ${JSON.stringify(`${repoRoot}dist/src/code-cache.js`)};`,
      `const [bundleDir, cacheDir, command] = process.argv.slice(2);`,
      `const stats = useCodeCache({ bundleDir, cacheDir, command });`,
      `const out = createRequire(import.meta.url)(bundleDir + '/main.cjs').greet();`,
      `console.log(JSON.stringify({ out, stats }));`,
    ].join('\n'),
  );
  const run = (command = 'ask', cacheDir = join(dir, 'cache')) => {
    const r = spawnSync(process.execPath, [runner, bundleDir, cacheDir, command], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(r.stderr).toBe('');
    return JSON.parse(r.stdout) as { out: string; stats: CodeCacheStats };
  };
  return { dir, bundleDir, run };
}

function writePart(bundleDir: string, word: string) {
  writeFileSync(join(bundleDir, 'part.cjs'), `exports.word = function word() { return '${word}'; };\n`);
}

describe('the code cache', () => {
  it('is written by a first run and used by the next, with the same results', () => {
    const { dir, run } = bundle();
    const first = run();
    expect(first).toEqual({ out: 'aaa!', stats: { used: [], compiled: ['main.cjs', 'part.cjs'] } });
    expect(readdirSync(join(dir, 'cache', 'ask')).sort()).toEqual(['main.cjs.v8', 'part.cjs.v8']);
    expect(run()).toEqual({ out: 'aaa!', stats: { used: ['main.cjs', 'part.cjs'], compiled: [] } });
  });

  it('keeps one entry per command, as each calls different code', () => {
    const { run } = bundle();
    run('ask');
    expect(run('deadlines').stats.used).toEqual([]);
    expect(run('deadlines').stats.used).toEqual(['main.cjs', 'part.cjs']);
    // Anything that is not a command word shares one entry, and never names a folder of its own.
    expect(run('../../x').stats.compiled).toEqual(['main.cjs', 'part.cjs']);
    expect(run('--json').stats.used).toEqual(['main.cjs', 'part.cjs']);
  });

  it('never runs the code of an older source, even one of the same length', () => {
    const { bundleDir, run } = bundle();
    run();
    // V8 checks only a cached source's length: this entry would otherwise still say 'aaa'.
    writePart(bundleDir, 'bbb');
    expect(run()).toEqual({ out: 'bbb!', stats: { used: ['main.cjs'], compiled: ['part.cjs'] } });
    expect(run().stats.used).toEqual(['main.cjs', 'part.cjs']);
  });

  it('compiles afresh over a damaged or foreign entry, and replaces it', () => {
    const { dir, run } = bundle();
    run();
    const part = join(dir, 'cache', 'ask', 'part.cjs.v8');
    const bytes = readFileSync(part);
    bytes[bytes.length - 1] = (bytes.at(-1) as number) ^ 0xff;
    writeFileSync(part, bytes);
    writeFileSync(join(dir, 'cache', 'ask', 'main.cjs.v8'), 'not a cache at all');
    expect(run()).toEqual({ out: 'aaa!', stats: { used: [], compiled: ['main.cjs', 'part.cjs'] } });
    expect(run().stats.used).toEqual(['main.cjs', 'part.cjs']);
  });

  it('only costs the cache where its folder cannot be written', () => {
    const { dir, run } = bundle();
    const blocked = join(dir, 'a-file');
    writeFileSync(blocked, '');
    expect(run('ask', blocked).out).toBe('aaa!');
    expect(run('ask', blocked).stats.compiled).toEqual(['main.cjs', 'part.cjs']);
  });

  it('gives the CLI the answers it gives without it', () => {
    const ask = (env: Record<string, string>) =>
      spawnSync(process.execPath, [cliBin, 'ask', '--json', '年底前欠薪要查什么?'], {
        cwd: mkdtempSync(join(tmpdir(), 'cwd-')),
        encoding: 'utf8',
        timeout: 20_000,
        env: { PATH: process.env.PATH, TZ: 'UTC', KNOWLEDGE_DIR: shippedKnowledge, ...env },
      });
    const dataDir = mkdtempSync(join(tmpdir(), 'data-'));
    const without = ask({ DATA_DIR: dataDir, DIRECTIVE_BOT_CODE_CACHE: '0' });
    ask({ DATA_DIR: dataDir });
    const cached = ask({ DATA_DIR: dataDir });
    expect(without.status).toBe(0);
    expect(cached.stdout).toBe(without.stdout);
    expect(cached.stderr).toBe('');
    expect(existsSync(join(repoRoot, 'dist', 'code-cache', 'ask'))).toBe(true);
  });
});
