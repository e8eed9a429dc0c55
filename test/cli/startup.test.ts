import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliBin, shippedKnowledge } from '../support/paths.js';

function run(args: string[], dataDir: string) {
  const result = spawnSync(process.execPath, [cliBin, ...args], {
    cwd: mkdtempSync(join(tmpdir(), 'cwd-')),
    encoding: 'utf8',
    timeout: 20_000,
    env: { PATH: process.env.PATH, TZ: 'UTC', DATA_DIR: dataDir, KNOWLEDGE_DIR: shippedKnowledge },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const cached = (dataDir: string) =>
  existsSync(join(dataDir, 'cache')) ? readdirSync(join(dataDir, 'cache')).filter((f) => f.startsWith('library-')) : [];

describe('one-off commands', () => {
  it('answer deadlines and check the setup without building the search index', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'data-'));
    expect(run(['deadlines', '--json'], dataDir).code).toBe(0);
    expect(run(['doctor', '--offline'], dataDir).code).toBe(0);
    // The index cache is written when an index is built: none was.
    expect(cached(dataDir)).toEqual([]);
  });

  it('answer a question the same from a fresh build and from the index cache it leaves', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'data-'));
    const first = run(['ask', '--json', '劳模评选什么时候准备?'], dataDir);
    expect(first.code).toBe(0);
    expect(cached(dataDir).length).toBeGreaterThan(0);
    const second = run(['ask', '--json', '劳模评选什么时候准备?'], dataDir);
    expect(second.stdout).toBe(first.stdout);
    expect(JSON.parse(second.stdout).citations[0].excerpt).toContain('劳模评选');
    expect(second.stderr).toBe('');
  });
});
