import { randomUUID } from 'node:crypto';
import { answer, citePassage } from './answer/answer.js';
import { length } from './characters.js';
import { type Clock, systemClock } from './clock.js';
import { type Command, matchCommand, matchSourceRequest } from './commands.js';
import { conversationKey, type Incoming } from './incoming.js';
import type { LibraryHolder, ReloadResult } from './library.js';
import type { Logger } from './logger.js';
import { silentLogger } from './logger.js';
import { messages } from './messages.js';
import type { Notifier } from './notifier.js';
import type { Admission } from './ops/admission.js';
import { reloadText } from './ops/reload-notice.js';
import { outlineText } from './outline-text.js';
import { answerDeadlineQuestion } from './reminders/deadline-question.js';
import { deadlineReply } from './reminders/deadline-reply.js';
import { notice, type Reply } from './reply.js';
import { mendTypos } from './search/mentions.js';
import { isBlank, MAX_MESSAGE_CHARS, MAX_QUESTION_CHARS, normaliseQuestion } from './search/normalise.js';
import type { Store } from './store/store.js';
import { createSupervision, type MarkOutcome, type MarkRequest } from './supervision/supervision.js';
import { matchSupervisionCommand } from './supervision/supervision-command.js';
import { usageReport } from './usage-report.js';

export interface BotOptions {
  /** `platform:userId` entries allowed to run admin commands. */
  admins: string[];
  /** IANA zone for dates and "days left". */
  timezone: string;
}

export interface BotDeps {
  library: LibraryHolder;
  store?: Store;
  /** The platforms' notifiers, so a receipt can update the reminders it concerns; `serve` passes its own. */
  notifiers?: Map<string, Notifier>;
  clock?: Clock;
  logger?: Logger;
  /** Allow-lists, rate limit and concurrency cap (`src/ops/admission.ts`); without it every message is answered. */
  admission?: Admission;
  /**
   * How `重新加载` reloads. `serve` passes its knowledge watcher's, so a reload from chat is recorded
   * for `/healthz` and announced like any other; without it the library reloads directly.
   */
  reload?: () => Promise<ReloadResult>;
}

/** Posts a reply where the message came from; adapters supply it. Throws when the platform refuses. */
export type Deliver = (reply: Reply) => Promise<void>;

export interface Bot {
  /**
   * Answers one message. Never throws: a failure becomes a short apology and a log line.
   * Resolves to undefined when the bot must stay silent (a conversation outside the allow-lists).
   *
   * With `deliver`, the reply is also posted through it while the message still holds its admission
   * slot, so `MAX_CONCURRENT` caps posts in flight and shutdown waits for them. A failed delivery is
   * logged and followed by one attempt to deliver the apology.
   */
  handle(incoming: Incoming, deliver?: Deliver): Promise<Reply | undefined>;
  /** The whole paragraph behind a citation ref, for "查看原文". */
  source(ref: string): Reply;
  /** What is due, soonest first, with days left (the `截止` command, App Home). */
  deadlines(at?: Date): Reply;
  /**
   * A 已阅/已完成 click. It passes the same door as a message (allow-lists, rate limit); resolves to
   * undefined when the bot must stay silent, and never throws.
   */
  mark(request: MarkRequest): Promise<MarkOutcome | undefined>;
}

/**
 * The router: one `Incoming` in, one `Reply` out, whatever the platform. Explicit commands win;
 * everything else is a question for the directive.
 *
 * @example
 * const bot = createBot({ admins: [], timezone: 'Asia/Shanghai' }, { library: LibraryHolder.load('knowledge') });
 * (await bot.handle({ text: '劳模评选什么时候准备?', platform: 'cli', userId: 'me', conversationId: 'cli', isDirect: true, mentionsBot: false })).found // true
 */
export function createBot(options: BotOptions, deps: BotDeps): Bot {
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger ?? silentLogger();
  const admins = new Set(options.admins);

  const isAdmin = (m: Incoming) => m.isPlatformAdmin === true || admins.has(`${m.platform}:${m.userId}`);
  const store = deps.store;
  const supervision = store
    ? createSupervision({
        library: () => deps.library.current,
        receipts: store,
        subscriptions: () => store.subscriptions(),
        notifiers: deps.notifiers,
        clock,
        timezone: options.timezone,
        isAdmin,
        logger,
      })
    : undefined;

  async function runCommand(command: Command, m: Incoming): Promise<Reply> {
    const library = deps.library.current;
    switch (command) {
      case 'help':
        return notice(messages.help);
      case 'outline':
        return notice(outlineText(library.directives));
      case 'deadlines':
        return deadlineReply(library, clock.now(), options.timezone);
      case 'reload': {
        if (!isAdmin(m)) return notice(messages.adminOnly);
        const result = await (deps.reload ? deps.reload() : deps.library.reload());
        logger.info({ by: `${m.platform}:${m.userId}`, ok: result.ok }, 'reload requested by an admin');
        return notice(reloadText(result));
      }
      case 'report':
        if (!isAdmin(m)) return notice(messages.adminOnly);
        return deps.store ? usageReport(deps.store, clock.now()) : notice(messages.reportNothing);
      case 'subscribe':
      case 'unsubscribe': {
        if (!isAdmin(m)) return notice(messages.adminOnly);
        // Only the one-shot terminal commands (`chat`, `ask`) run without a store; nothing is recorded there.
        if (!deps.store) return notice(messages.cannotSubscribeHere);
        const target = conversationKey(m.platform, m.conversationId);
        if (command === 'subscribe') {
          const added = await deps.store.subscribe(target, `${m.platform}:${m.userId}`, clock.now().getTime());
          logger.info({ target, by: m.userId }, added ? 'subscribed' : 'already subscribed');
          return notice(added ? messages.subscribed : messages.alreadySubscribed);
        }
        const removed = await deps.store.unsubscribe(target);
        logger.info({ target, by: m.userId }, removed ? 'unsubscribed' : 'was not subscribed');
        return notice(removed ? messages.unsubscribed : messages.notSubscribed);
      }
    }
  }

  function source(ref: string): Reply {
    const index = deps.library.current.index;
    const passage = index.byRef.get(ref);
    if (!passage) return notice(messages.unknownRef);
    return {
      found: true,
      kind: 'source',
      text: `${passage.paragraph}\n—— ${messages.sourceLabel}:${passage.label}(《${passage.docTitle}》)`,
      citations: [citePassage(passage, passage.paragraph)],
      suggestions: [],
    };
  }

  async function respond(m: Incoming): Promise<Reply> {
    if (m.text.length > MAX_MESSAGE_CHARS) return notice(messages.tooLong(MAX_QUESTION_CHARS));
    const question = normaliseQuestion(m.text);
    if (isBlank(question)) return notice(messages.emptyQuestion);
    if (length(question) > MAX_QUESTION_CHARS) return notice(messages.tooLong(MAX_QUESTION_CHARS));
    const command = matchCommand(question);
    if (command) return runCommand(command, m);
    const supervisionCommand = matchSupervisionCommand(question, m.mentionsSomeoneElse === true);
    if (supervisionCommand) {
      return supervision ? await supervision.command(m, supervisionCommand) : notice(messages.markUnavailable);
    }
    const ref = matchSourceRequest(question);
    if (ref) return source(ref);
    const library = deps.library.current;
    const asked = mendTypos(library.index, question);
    const timeLeft = answerDeadlineQuestion(library, asked, clock.now(), options.timezone);
    if (timeLeft) return timeLeft;
    const reply = answer(library.index, asked, undefined, clock.now());
    if (!reply.found) await deps.store?.recordUnanswered(m.platform, question, reply.missing, clock.now().getTime());
    return reply;
  }

  return {
    async handle(m, deliver) {
      const log = logger.child({ req: randomUUID().slice(0, 8), platform: m.platform, conversation: m.conversationId });
      const started = performance.now();
      let release: (() => void) | undefined;
      let reply: Reply;
      try {
        // Question text is personal; it is logged only at debug level.
        // A message of megabytes is cut short here too: it is refused unread, and the log needs no more of it.
        log.debug({ user: m.userId, text: m.text.slice(0, MAX_MESSAGE_CHARS) }, 'message received');
        const admitted = deps.admission ? await deps.admission.admit(m) : undefined;
        if (admitted?.kind === 'silent') return undefined;
        if (admitted?.kind === 'refused') reply = admitted.reply;
        else {
          release = admitted?.release;
          reply = await respond(m);
          log.info({ kind: reply.kind, found: reply.found, ms: Math.round(performance.now() - started) }, 'answered');
        }
      } catch (error) {
        log.error({ err: error }, 'failed to answer a message');
        reply = notice(messages.apology);
      }
      try {
        if (deliver) await deliverOrApologise(reply, deliver, log);
      } finally {
        release?.();
      }
      return reply;
    },
    source,
    deadlines(at) {
      return deadlineReply(deps.library.current, at ?? clock.now(), options.timezone);
    },
    async mark(request) {
      const m = request.incoming;
      const log = logger.child({ platform: m.platform, conversation: m.conversationId });
      let release: (() => void) | undefined;
      try {
        const admitted = deps.admission ? await deps.admission.admit(m) : undefined;
        if (admitted?.kind === 'silent') return undefined;
        if (admitted?.kind === 'refused') return { reply: admitted.reply, isRecorded: false, reminder: undefined };
        release = admitted?.release;
        if (!supervision) return { reply: notice(messages.markUnavailable), isRecorded: false, reminder: undefined };
        return await supervision.mark(request);
      } catch (error) {
        log.error({ err: error, deadline: request.deadlineId }, 'failed to record a receipt');
        return { reply: notice(messages.apology), isRecorded: false, reminder: undefined };
      } finally {
        release?.();
      }
    },
  };
}

async function deliverOrApologise(reply: Reply, deliver: Deliver, log: Logger): Promise<void> {
  try {
    await deliver(reply);
  } catch (error) {
    log.error({ err: error }, 'failed to deliver a reply');
    if (reply.text === messages.apology) return;
    await deliver(notice(messages.apology)).catch((again: unknown) =>
      log.error({ err: again }, 'failed to deliver the apology too'),
    );
  }
}
