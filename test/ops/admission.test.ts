import { beforeAll, describe, expect, it } from 'vitest';
import { type Bot, createBot } from '../../src/bot.js';
import type { Incoming } from '../../src/incoming.js';
import { LibraryHolder } from '../../src/library.js';
import { silentLogger } from '../../src/logger.js';
import { messages } from '../../src/messages.js';
import { type AdmissionOptions, createAdmission } from '../../src/ops/admission.js';
import { FakeClock } from '../support/fake-clock.js';
import { shippedKnowledge } from '../support/paths.js';

const QUESTION = '劳模评选什么时候准备?';

const fromSlack = (over: Partial<Incoming> = {}): Incoming => ({
  text: QUESTION,
  platform: 'slack',
  userId: 'U1',
  teamId: 'T1',
  conversationId: 'C1',
  isDirect: false,
  mentionsBot: true,
  ...over,
});

const open: AdmissionOptions = {
  access: { allowDirect: true, slackTeams: [], slackChannels: [], dingtalkConversations: [] },
  rateLimitPerMinute: 10,
  maxConcurrent: 8,
};

let library: LibraryHolder;
beforeAll(async () => {
  library = await LibraryHolder.load(shippedKnowledge);
});

function botWith(options: Partial<AdmissionOptions>, clock = new FakeClock()): Bot {
  const logger = silentLogger();
  const admission = createAdmission({ ...open, ...options }, { clock, logger });
  return createBot({ admins: [], timezone: 'Asia/Shanghai' }, { library, clock, logger, admission });
}

describe('rate limit', () => {
  it('answers ten questions a minute, then asks the user to wait, then answers again', async () => {
    const clock = new FakeClock();
    const bot = botWith({ rateLimitPerMinute: 10 }, clock);
    for (let i = 0; i < 10; i++) {
      expect((await bot.handle(fromSlack()))?.found).toBe(true);
      clock.advance(1_000);
    }
    const limited = await bot.handle(fromSlack());
    expect(limited?.text).toBe(messages.rateLimited(50));

    clock.advance(50_000);
    expect((await bot.handle(fromSlack()))?.found).toBe(true);
  });

  it('limits each user on their own', async () => {
    const bot = botWith({ rateLimitPerMinute: 1 });
    expect((await bot.handle(fromSlack({ userId: 'U1' })))?.found).toBe(true);
    expect((await bot.handle(fromSlack({ userId: 'U1' })))?.text).toMatch(/太频繁/);
    expect((await bot.handle(fromSlack({ userId: 'U2' })))?.found).toBe(true);
  });

  it('does not count refused questions against the user', async () => {
    const clock = new FakeClock();
    const bot = botWith({ rateLimitPerMinute: 1 }, clock);
    await bot.handle(fromSlack());
    clock.advance(30_000);
    await bot.handle(fromSlack());
    clock.advance(30_000);
    expect((await bot.handle(fromSlack()))?.found).toBe(true);
  });

  it('never limits the operator at the terminal', async () => {
    const bot = botWith({ rateLimitPerMinute: 1 });
    const atTerminal = fromSlack({ platform: 'console', userId: 'console', conversationId: 'console', isDirect: true });
    for (let i = 0; i < 3; i++) expect((await bot.handle(atTerminal))?.found).toBe(true);
  });
});

describe('allow-lists', () => {
  it('stays silent in a Slack channel outside the list and answers inside it', async () => {
    const bot = botWith({ access: { ...open.access, slackChannels: ['C1'] } });
    expect(await bot.handle(fromSlack({ conversationId: 'C999' }))).toBeUndefined();
    expect((await bot.handle(fromSlack({ conversationId: 'C1' })))?.found).toBe(true);
  });

  it('stays silent for a Slack workspace outside the team list', async () => {
    const bot = botWith({ access: { ...open.access, slackTeams: ['T1'] } });
    expect(await bot.handle(fromSlack({ teamId: 'T2' }))).toBeUndefined();
  });

  it('stays silent in a DingTalk group outside the list', async () => {
    const bot = botWith({ access: { ...open.access, dingtalkConversations: ['cidGood=='] } });
    const dingtalk = (conversationId: string) =>
      fromSlack({ platform: 'dingtalk', teamId: undefined, userId: 'staff1', conversationId });
    expect(await bot.handle(dingtalk('cidOther=='))).toBeUndefined();
    expect((await bot.handle(dingtalk('cidGood==')))?.found).toBe(true);
  });

  it('answers a direct message with a short notice when direct messages are off', async () => {
    const bot = botWith({ access: { ...open.access, allowDirect: false } });
    expect((await bot.handle(fromSlack({ isDirect: true, conversationId: 'D1' })))?.text).toBe(messages.directOff);
    expect((await bot.handle(fromSlack()))?.found).toBe(true);
  });
});

describe('concurrency cap', () => {
  it('tells the user the bot is busy when no answer slot frees up in time', async () => {
    const clock = new FakeClock();
    const logger = silentLogger();
    const admission = createAdmission({ ...open, maxConcurrent: 1, busyWaitMs: 2_000 }, { clock, logger });
    const held = await admission.admit(fromSlack({ userId: 'U1' }));
    expect(held.kind).toBe('admitted');

    const waiting = admission.admit(fromSlack({ userId: 'U2' }));
    clock.advance(2_000);
    expect(await waiting).toEqual({ kind: 'refused', reply: expect.objectContaining({ text: messages.busy }) });
  });

  it('lets a waiting message in as soon as the answer before it is done', async () => {
    const clock = new FakeClock();
    const admission = createAdmission({ ...open, maxConcurrent: 1 }, { clock, logger: silentLogger() });
    const held = await admission.admit(fromSlack({ userId: 'U1' }));
    const waiting = admission.admit(fromSlack({ userId: 'U2' }));
    if (held.kind === 'admitted') held.release();
    expect((await waiting).kind).toBe('admitted');
  });

  it('turns new messages away with a restart notice once shutdown begins', async () => {
    const clock = new FakeClock();
    const admission = createAdmission(open, { clock, logger: silentLogger() });
    admission.close();
    expect(await admission.admit(fromSlack())).toEqual({
      kind: 'refused',
      reply: expect.objectContaining({ text: messages.shuttingDown }),
    });
  });
});

describe('reload command', () => {
  it('is refused to someone who is not an admin', async () => {
    const bot = createBot({ admins: [], timezone: 'Asia/Shanghai' }, { library });
    expect((await bot.handle(fromSlack({ text: '重新加载' })))?.text).toBe(messages.adminOnly);
  });

  it('reloads the knowledge for an admin and says how much it holds', async () => {
    const bot = createBot({ admins: ['slack:U1'], timezone: 'Asia/Shanghai' }, { library });
    const reply = await bot.handle(fromSlack({ text: '重新加载' }));
    expect(reply?.text).toBe(
      messages.reloaded(library.current.directives.length, library.current.index.passages.length),
    );
  });
});

describe('answers being delivered', () => {
  it('hold their slot until the platform has the reply, so the cap counts posts in flight', async () => {
    const clock = new FakeClock();
    const logger = silentLogger();
    const admission = createAdmission({ ...open, maxConcurrent: 1, busyWaitMs: 5_000 }, { clock, logger });
    const bot = createBot({ admins: [], timezone: 'Asia/Shanghai' }, { library, clock, logger, admission });

    let releasePost: () => void = () => {};
    const posted: string[] = [];
    const first = bot.handle(fromSlack({ userId: 'U1' }), async (reply) => {
      await new Promise<void>((resolve) => {
        releasePost = resolve;
      });
      posted.push(reply.text);
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(admission.inFlight).toBe(1);

    const second = bot.handle(fromSlack({ userId: 'U2' }), async (reply) => {
      posted.push(reply.text);
    });
    await new Promise((resolve) => setImmediate(resolve));
    clock.advance(5_000);
    expect((await second)?.text).toBe(messages.busy);

    let drained = false;
    const draining = admission.drained(60_000).then((ok) => {
      drained = ok;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(drained).toBe(false);
    releasePost();
    await first;
    await draining;
    expect(drained).toBe(true);
    expect(posted).toEqual([messages.busy, expect.stringContaining('劳模评选')]);
  });

  it('apologise once when the platform refuses the reply', async () => {
    const bot = botWith({});
    const attempts: string[] = [];
    await bot.handle(fromSlack(), async (reply) => {
      attempts.push(reply.text);
      if (attempts.length === 1) throw new Error('channel_not_found');
    });
    expect(attempts).toHaveLength(2);
    expect(attempts[1]).toBe(messages.apology);
  });
});
