import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliBin, library, shippedKnowledge } from '../support/paths.js';

function run(args: string[], input: string | Buffer, cwd?: string) {
  const result = spawnSync(process.execPath, [cliBin, ...args], {
    input,
    // A clean working directory and environment: a developer's .env or tokens must not change the result.
    cwd: cwd ?? mkdtempSync(join(tmpdir(), 'cwd-')),
    encoding: 'utf8',
    timeout: 20_000,
    env: { PATH: process.env.PATH, TZ: 'UTC' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('ask --jsonl', () => {
  it('answers each line as it comes, without waiting for the end of its input', async () => {
    const child = spawn(process.execPath, [cliBin, 'ask', '--jsonl'], {
      cwd: mkdtempSync(join(tmpdir(), 'cwd-')),
      env: { PATH: process.env.PATH, TZ: 'UTC' },
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      out += c;
    });
    const lines = async (n: number) => {
      for (let waited = 0; out.split('\n').length <= n; waited += 20) {
        if (waited > 15_000) throw new Error(`no reply ${n} within 15 s: ${out}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    try {
      child.stdin.write('劳模评选什么时候准备?\n');
      await lines(1);
      child.stdin.write('欠薪怎么办?\n');
      await lines(2);
      expect(
        out
          .split('\n')
          .filter(Boolean)
          .map((l) => (JSON.parse(l) as { found: boolean }).found),
      ).toEqual([true, true]);
    } finally {
      child.stdin.end();
      child.kill();
    }
  });

  it('writes exactly one JSON reply per input line, in order, whatever the line holds', () => {
    const lines = [
      '明年市级劳模评选什么时候启动准备?',
      '',
      '   ',
      '欠'.repeat(10_000),
      '\u0001\u0002\u001b[31m欠薪\u0007怎么办',
      '😀🎉👍',
      '<!channel> @all 网上工会建设有什么要求?',
      '食堂几点开饭?',
    ];
    const junk = Buffer.from([0xff, 0x00, 0xfe, 0x80, 0x41]);
    const input = Buffer.concat([Buffer.from(lines.join('\n') + '\n'), junk, Buffer.from('\n劳模评选多久一次?\n')]);
    const { code, stdout } = run(['ask', '--jsonl'], input);
    expect(code).toBe(0);
    const out = stdout.split('\n').filter(Boolean);
    expect(out).toHaveLength(lines.length + 2);
    const replies = out.map((l) => JSON.parse(l));
    expect(replies[0].found).toBe(true);
    expect(replies[0].citations[0].excerpt).toContain('及早启动准备');
    for (const i of [1, 2, 5]) expect(replies[i]).toMatchObject({ found: false, kind: 'notice' });
    expect(replies[3].text).toContain('太长');
    expect(replies[4].found).toBe(true);
    expect(replies[6].found).toBe(true);
    expect(replies[7]).toMatchObject({ found: false, kind: 'not-covered' });
    expect(replies[8].found).toBe(false);
    expect(replies[9].found).toBe(true);
    for (const r of replies) expect(r.answer).toBe(r.text);
  });

  it('writes its JSON in ASCII alone, so a reader decoding each chunk of a pipe on its own loses no character', async () => {
    // Enough replies to outgrow a pipe's 64 KiB, read the way a careless script reads them: `out += chunk`.
    const questions = Array.from({ length: 120 }, (_, i) => (i % 2 ? '劳模评选什么时候准备?😀' : '欠薪怎么办?'));
    const child = spawn(process.execPath, [cliBin, 'ask', '--jsonl'], {
      cwd: mkdtempSync(join(tmpdir(), 'cwd-')),
      env: { PATH: process.env.PATH, TZ: 'UTC' },
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk;
    });
    child.stdin.end(`${questions.join('\n')}\n`);
    await new Promise((resolve) => child.on('close', resolve));
    expect(out.length).toBeGreaterThan(65_536);
    expect(out).not.toContain('\ufffd');
    expect(/[^\n -~]/.test(out)).toBe(false);
    const replies = out
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    expect(replies).toHaveLength(questions.length);
    expect(replies[1].citations[0].excerpt).toContain('及早启动准备');
  }, 30_000);

  it('prints nothing but JSON on stdout, even with a .env file in the working directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cwd-'));
    writeFileSync(join(dir, '.env'), 'SOME_SETTING=1\n');
    const { code, stdout } = run(['ask', '--jsonl'], '欠薪怎么办?\n帮助\n', dir);
    expect(code).toBe(0);
    for (const line of stdout.split('\n').filter(Boolean)) expect(() => JSON.parse(line)).not.toThrow();
    expect(stdout.split('\n').filter(Boolean)).toHaveLength(2);
  });
});

describe('ask', () => {
  it('prints a readable answer with its citation', () => {
    const { code, stdout } = run(['ask', '劳模评选多久一次?'], '');
    expect(code).toBe(0);
    expect(stdout.replace(/[【】]/g, '')).toContain('五年一次');
    expect(stdout).toContain('出处');
  });

  it('ends a line only at \\n: a bare \\r is part of the question, and \\r\\n is one line end', () => {
    const input = '劳模评选\r什么时候准备?\n欠薪怎么办?\r\n食堂几点开饭?';
    const { code, stdout } = run(['ask', '--jsonl'], input);
    expect(code).toBe(0);
    const replies = stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    expect(replies).toHaveLength(3);
    expect(replies[0].found && replies[0].citations[0].excerpt).toContain('劳模评选');
    expect(replies[1].found).toBe(true);
    expect(replies[2].found).toBe(false);
  });

  it('prints the Reply as JSON with --json', () => {
    const { stdout } = run(['ask', '--json', '五大工程包括哪些?'], '');
    const reply = JSON.parse(stdout);
    expect(reply.found).toBe(true);
    expect(reply.citations[0]).toHaveProperty('ref');
    expect(reply.citations[0]).toHaveProperty('label');
  });

  it('answers from another knowledge folder with --knowledge', () => {
    const { stdout } = run(['ask', '--json', '--knowledge', library, '自查报告什么时候报送?'], '');
    expect(JSON.parse(stdout).citations[0].doc).toBe('notice-year-end-2026');
  });

  it('reports a broken knowledge folder by file and line and exits non-zero', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kb-'));
    writeFileSync(join(dir, 'bad.txt'), '---\nid: Bad Id\n---\n正文。');
    const { code, stderr } = run(['ask', '--knowledge', dir, '问题'], '');
    expect(code).toBe(1);
    expect(stderr).toContain('bad.txt:2: id:');
  });
});

describe('a reader that stops early', () => {
  /** Runs `directive-bot ARGS | READER` in sh; returns the bot's exit status and everything it wrote to stderr. */
  function piped(args: string, reader: string, input = '') {
    const cwd = mkdtempSync(join(tmpdir(), 'cwd-'));
    const bot = `${JSON.stringify(process.execPath)} ${JSON.stringify(cliBin)} ${args}`;
    const result = spawnSync('sh', ['-c', `{ ${bot} 2>bot.err; echo $? >bot.status; } | ${reader}`], {
      input,
      cwd,
      encoding: 'utf8',
      timeout: 20_000,
      env: { PATH: process.env.PATH, TZ: 'UTC' },
    });
    return {
      status: readFileSync(join(cwd, 'bot.status'), 'utf8').trim(),
      stdout: result.stdout,
      stderr: readFileSync(join(cwd, 'bot.err'), 'utf8'),
    };
  }

  it('ends ask --jsonl quietly when its reader has the lines it wanted (| head -1)', () => {
    const questions = `${Array.from({ length: 400 }, () => '劳模评选什么时候准备?').join('\n')}\n`;
    const { status, stdout, stderr } = piped('ask --jsonl', 'head -1', questions);
    expect(stdout.split('\n')[0]).toMatch(/^\{"found":true/);
    expect(stderr).toBe('');
    expect(status).toBe('0');
  });

  it('ends doctor quietly when its reader is gone before it writes (| true)', () => {
    const { status, stderr } = piped(`doctor --offline --knowledge ${shippedKnowledge}`, 'true');
    expect(stderr).toBe('');
    expect(status).toBe('0');
  });
});

describe('outline', () => {
  it('prints the parsed structure of the shipped speech', () => {
    const { code, stdout } = run(['outline', '--knowledge', shippedKnowledge], '');
    expect(code).toBe(0);
    expect(stdout).toContain('三是要贯彻好、落实好');
    expect(stdout).toContain('三要切实履行好维护职工权益、竭诚服务职工的基本职责');
  });
});
