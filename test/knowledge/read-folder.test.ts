import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/clock.js';
import { KnowledgeErrors } from '../../src/knowledge/knowledge-error.js';
import { type Library, loadLibrary } from '../../src/library.js';
import { cliBin, shippedKnowledge } from '../support/paths.js';

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh folder holding a knowledge folder `kb/` (with the shipped speech) and room beside it. */
function workspace(): { root: string; kb: string } {
  const root = mkdtempSync(join(tmpdir(), 'directive-bot-read-'));
  temps.push(root);
  const kb = join(root, 'kb');
  mkdirSync(kb);
  copyFileSync(join(shippedKnowledge, 'speech.txt'), join(kb, 'speech.txt'));
  return { root, kb };
}

type LoadOptions = Parameters<typeof loadLibrary>[1];

async function problems(dir: string, options?: LoadOptions): Promise<string[]> {
  try {
    await loadLibrary(dir, options);
  } catch (e) {
    if (e instanceof KnowledgeErrors) return e.errors.map((x) => x.message);
    throw e;
  }
  return [];
}

/** `doctor --offline` in a child process, killed if it has not finished within 20 s (a read that blocks). */
function doctor(kb: string): Promise<{ code: number | null; stdout: string; killed: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliBin, 'doctor', '--offline', '--knowledge', kb], {
      cwd: kb,
      env: { PATH: process.env.PATH, TZ: 'UTC', DATA_DIR: join(kb, '..', 'data') },
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (c) => {
      stdout += c;
    });
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, killed });
    });
  });
}

describe('reading the knowledge folder safely', () => {
  it('refuses a .txt that is a FIFO without waiting on it, and names the file', async () => {
    const { kb } = workspace();
    spawnSync('mkfifo', [join(kb, 'fifo')]);
    symlinkSync('fifo', join(kb, 'pipe.txt'));
    const run = await doctor(kb);
    expect(run.killed).toBe(false);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('pipe.txt:0: is not a regular file (a FIFO)');
  });

  it('skips a link to /dev/zero or to a FIFO outside the folder, with a warning naming the link', async () => {
    const { root, kb } = workspace();
    spawnSync('mkfifo', [join(root, 'fifo')]);
    symlinkSync(join(root, 'fifo'), join(kb, 'pipe.txt'));
    symlinkSync('/dev/zero', join(kb, 'zero.txt'));
    const run = await doctor(kb);
    expect(run.killed).toBe(false);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('pipe.txt: links outside the knowledge folder');
    expect(run.stdout).toContain('zero.txt: links outside the knowledge folder (to /dev/zero); skipped');
  });

  it('refuses a file over the size limit before analysing it, naming the file and the variable', async () => {
    const { kb } = workspace();
    writeFileSync(join(kb, 'huge.txt'), `大文件\n${'各单位要做好安全生产检查。\n'.repeat(60_000)}`);
    const found = await problems(kb);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(
      /^huge\.txt:0: the file is 2\.\d MB, more than the 512 KB limit \(KNOWLEDGE_MAX_FILE_SIZE\); split it or raise the limit$/,
    );
  });

  it('refuses a folder whose files together pass the total limit, naming the largest', async () => {
    const { kb } = workspace();
    writeFileSync(join(kb, 'a.txt'), `甲\n${'甲'.repeat(20_000)}`);
    writeFileSync(join(kb, 'b.txt'), `乙\n${'乙'.repeat(30_000)}`);
    const found = await problems(kb, { limits: { maxTotalBytes: 150_000 } });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/more than the 146 KB limit \(KNOWLEDGE_MAX_TOTAL_SIZE\)/);
    expect(found[0]).toMatch(/largest: b\.txt \(88 KB\), a\.txt \(59 KB\), speech\.txt \(12 KB\)$/);
  });

  it('gives up on a read that does not finish in time, naming the file', async () => {
    const { kb } = workspace();
    // The listing is given its time; every timer after it fires at once, so no read can finish first.
    let timers = 0;
    const impatient: Clock = {
      now: () => new Date(),
      setTimeout: (fn) => {
        if (++timers > 1) queueMicrotask(fn);
        return { cancel() {} };
      },
    };
    const found = await problems(kb, { clock: impatient, limits: { readTimeoutMs: 5_000 } });
    expect(found).toEqual([
      'speech.txt:0: reading the file took longer than 5 s (KNOWLEDGE_READ_TIMEOUT); is it on a network drive that hangs?',
    ]);
  });

  it('refuses a .txt that holds NUL and control bytes, as not text', async () => {
    const { kb } = workspace();
    writeFileSync(join(kb, 'blob.txt'), `标题\n正文。\n${'\u0000\u0001\u0002abc\u0003'.repeat(2_000)}\n`);
    const found = await problems(kb);
    expect(found).toEqual([
      'blob.txt:3: the file is not text (it holds the control character U+0000); save directives as plain UTF-8 text',
    ]);
  });
});

/**
 * Encodes text in a legacy encoding that Node can decode but not encode, by decoding every two-byte
 * sequence once (ASCII stays as it is). Throws on a character the encoding lacks.
 */
function encodeLegacy(text: string, encoding: 'gbk' | 'big5'): Buffer {
  const decoder = new TextDecoder(encoding, { fatal: true });
  const codes = new Map<string, Buffer>();
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      const pair = Buffer.from([lead, trail]);
      try {
        const c = decoder.decode(pair);
        if (!codes.has(c)) codes.set(c, pair);
      } catch {
        // not a character of this encoding
      }
    }
  }
  return Buffer.concat(
    [...text].map((c) => {
      if (c.charCodeAt(0) < 0x80) return Buffer.from(c);
      const code = codes.get(c);
      if (!code) throw new Error(`${c} is not in ${encoding}`);
      return code;
    }),
  );
}

describe('the encoding of a knowledge file', () => {
  const notice =
    '关于做好年底前工会重点工作的通知\n一、开展欠薪隐患排查\n各县总工会要于12月20日前完成欠薪隐患排查,建立问题台账。\n';

  it('reads a notice saved as GBK (GB18030) as the same text, and says it was not UTF-8', async () => {
    const { kb } = workspace();
    writeFileSync(join(kb, 'notice.txt'), encodeLegacy(notice, 'gbk'));
    const library = await loadLibrary(kb);
    expect(library.directives.find((d) => d.file.endsWith('notice.txt'))?.body).toBe(notice);
    expect(library.warnings.some((w) => /notice\.txt: read as GB18030/.test(w))).toBe(true);
  });

  it('refuses Traditional text saved as Big5, rather than reading it as GBK gibberish', async () => {
    const { kb } = workspace();
    writeFileSync(
      join(kb, 'big5.txt'),
      encodeLegacy('關於做好年底前工會重點工作的通知\n各縣總工會要完成欠薪隱患排查。\n', 'big5'),
    );
    expect((await problems(kb)).join('\n')).toMatch(/^big5\.txt:1: the file is not valid UTF-8 text/);
  });
});

describe('links in the knowledge folder', () => {
  it('follows a symlinked subfolder and a linked file inside the folder, reading each file once', async () => {
    const { kb } = workspace();
    mkdirSync(join(kb, '.hidden', 'final'), { recursive: true });
    writeFileSync(join(kb, '.hidden', 'final', 'notice.txt'), '关于开展职工疗休养的通知\n各单位要组织职工疗休养。');
    mkdirSync(join(kb, 'archive'));
    writeFileSync(join(kb, 'archive', 'old.txt'), '关于开展送清凉活动的通知\n各单位要做好防暑降温。');
    symlinkSync(join('.hidden', 'final'), join(kb, 'published'));
    symlinkSync('archive', join(kb, 'current'));
    symlinkSync(join(kb, 'archive', 'old.txt'), join(kb, 'old-link.txt'));
    const library = (await loadLibrary(kb)) as Library;
    expect(library.directives.map((d) => d.file).sort()).toEqual([
      'archive/old.txt',
      'published/notice.txt',
      'speech.txt',
    ]);
    expect(library.warnings).toEqual([]);
  });

  it('never indexes a link to a file outside the folder, such as /etc/passwd', async () => {
    const { kb } = workspace();
    symlinkSync('/etc/passwd', join(kb, 'passwd.txt'));
    const library = (await loadLibrary(kb)) as Library;
    expect(library.directives.map((d) => d.file)).toEqual(['speech.txt']);
    expect(library.index.passages.some((p) => p.text.includes('root:'))).toBe(false);
    expect(library.warnings).toEqual(['passwd.txt: links outside the knowledge folder (to /etc/passwd); skipped']);
  });

  it('skips a symlinked subfolder outside the folder, and a link loop, with a warning', async () => {
    const { root, kb } = workspace();
    mkdirSync(join(root, 'elsewhere'));
    writeFileSync(join(root, 'elsewhere', 'secret.txt'), '机密\n不应被索引。');
    symlinkSync(join(root, 'elsewhere'), join(kb, 'outside'));
    symlinkSync('.', join(kb, 'loop'));
    const library = (await loadLibrary(kb)) as Library;
    expect(library.directives.map((d) => d.file)).toEqual(['speech.txt']);
    expect(library.warnings).toContain(
      `outside: links outside the knowledge folder (to ${join(root, 'elsewhere')}); skipped`,
    );
  });
});

describe('file names in messages', () => {
  it('escapes a newline in a file name, so the name cannot forge a line of its own', async () => {
    const { kb } = workspace();
    writeFileSync(join(kb, 'a\nFAKE.txt:1: all good.txt'), '---\nid: Bad Id\n---\n正文。');
    const found = await problems(kb);
    expect(found).toHaveLength(1);
    expect(found[0]).not.toContain('\n');
    expect(found[0]).toBe(
      '"a\\nFAKE.txt:1: all good.txt":2: id: must be lower-case letters, digits and dashes (e.g. "notice-2026-year-end")',
    );
  });

  it('escapes the other file too when two files share an id', async () => {
    const { kb } = workspace();
    writeFileSync(join(kb, 'a\r.txt'), '---\nid: same\n---\n甲\n甲。');
    writeFileSync(join(kb, 'b.txt'), '---\nid: same\n---\n乙\n乙。');
    expect(await problems(kb)).toEqual([
      'b.txt:1: id "same" is already used by "a\\r.txt"; give one of them another id',
    ]);
  });
});
