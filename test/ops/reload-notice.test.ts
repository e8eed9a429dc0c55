import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LibraryHolder } from '../../src/library.js';
import { silentLogger } from '../../src/logger.js';
import type { Notifier } from '../../src/notifier.js';
import { reloadNotice } from '../../src/ops/reload-notice.js';
import type { Reply } from '../../src/reply.js';
import { shippedKnowledge } from '../support/paths.js';

/** A chat platform that keeps what it was asked to post. */
class RecordingNotifier implements Notifier {
  readonly sent: Array<{ conversationId: string; reply: Reply }> = [];
  constructor(readonly platform: string) {}
  async send(conversationId: string, reply: Reply): Promise<void> {
    this.sent.push({ conversationId, reply });
  }
}

describe("telling the admins' conversation about reloads", () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function setUp(adminConversation: string | undefined) {
    dir = mkdtempSync(join(tmpdir(), 'directive-bot-notice-'));
    cpSync(shippedKnowledge, dir, { recursive: true });
    const library = await LibraryHolder.load(dir);
    const dingtalk = new RecordingNotifier('dingtalk');
    const tell = reloadNotice(adminConversation, new Map([['dingtalk', dingtalk]]), silentLogger());
    return { library, dingtalk, tell };
  }

  it('posts the file:line problems of a broken reload, then the recovery', async () => {
    const { library, dingtalk, tell } = await setUp('dingtalk:cidAdmins==');
    const speech = join(dir, 'speech.txt');
    const good = readFileSync(speech, 'utf8');
    writeFileSync(speech, '---\ntitle: 半截\n');
    await tell(await library.reload());
    writeFileSync(speech, good);
    await tell(await library.reload());

    expect(dingtalk.sent.map((s) => s.conversationId)).toEqual(['cidAdmins==', 'cidAdmins==']);
    expect(dingtalk.sent[0]?.reply.text).toContain('speech.txt:1: front matter starts with "---"');
    expect(dingtalk.sent[1]?.reply.text).toMatch(/^已重新加载文件/);
  });

  it('stays quiet when reloads keep succeeding', async () => {
    const { library, dingtalk, tell } = await setUp('dingtalk:cidAdmins==');
    await tell(await library.reload());
    await tell(await library.reload());
    expect(dingtalk.sent).toEqual([]);
  });

  it('sends nothing when no admin conversation is configured', async () => {
    const { library, dingtalk, tell } = await setUp(undefined);
    writeFileSync(join(dir, 'speech.txt'), '---\ntitle: 半截\n');
    await tell(await library.reload());
    expect(dingtalk.sent).toEqual([]);
  });

  it('tells the admins when a reload leaves no deadline at all, since every reminder then stops', async () => {
    const { library, dingtalk, tell } = await setUp('dingtalk:cidAdmins==');
    const before = library.current.deadlines.length;
    expect(before).toBeGreaterThan(0);
    writeFileSync(join(dir, 'deadlines.yaml'), '# emptied by mistake\n');
    await tell(await library.reload());
    expect(dingtalk.sent).toHaveLength(1);
    expect(dingtalk.sent[0]?.reply.text).toContain(`之前有 ${before} 项`);
    expect(dingtalk.sent[0]?.reply.text).toContain('所有截止提醒都已停止');
    expect(dingtalk.sent[0]?.reply.text).toContain('deadlines.yaml: has no "deadlines:" list');
  });
});
