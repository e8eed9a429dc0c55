import type { Clock } from '../clock.js';
import { conversationKey, type Incoming, splitConversationKey } from '../incoming.js';
import type { Library } from '../library.js';
import type { Logger } from '../logger.js';
import { messages } from '../messages.js';
import type { Notifier } from '../notifier.js';
import { daysLeftText } from '../reminders/deadline-reply.js';
import { dueDatesBetween, type Occurrence } from '../reminders/occurrences.js';
import { progressLines, reminderReply } from '../reminders/reminder-message.js';
import { addDays, localDateOf, localTimeOf, zonedInstant } from '../reminders/zoned-time.js';
import { type FoundReply, notice, type Reply } from '../reply.js';
import type { Store } from '../store/store.js';
import { type Cycle, OVERDUE_WINDOW_DAYS, openCycles } from './cycle.js';
import { matchItem, type NumberedCycle } from './match-item.js';
import { mayMark } from './may-mark.js';
import { type Progress, progressOf, summarise } from './progress.js';
import { personName, type ReceiptStatus, type ReceiptVia } from './receipt.js';
import type { SupervisionCommand } from './supervision-command.js';

export interface SupervisionDeps {
  /** Read on every call, so a reload changes owners and deadlines at once. */
  library: () => Library;
  receipts: Pick<Store, 'recordReceipt' | 'receiptsFor' | 'sentMessages'>;
  /**
   * Where the reminders were posted from: after a receipt, every reminder of the round still on screen
   * is updated with the new counts (in the background; a failure is only logged).
   */
  notifiers?: Map<string, Notifier>;
  /** The subscribed conversations, which are every deadline's targets besides its own `to`. */
  subscriptions: () => Promise<string[]>;
  clock: Clock;
  timezone: string;
  isAdmin: (m: Incoming) => boolean;
  logger: Logger;
}

/** A click on 已阅/已完成, or the same typed as text once the 事项 is known. */
export interface MarkRequest {
  /** Who clicked, where: the sender is the only person a receipt can be for. */
  incoming: Incoming & { userName?: string };
  status: ReceiptStatus;
  deadlineId: string;
  /** The round the button belongs to (`2026-12-31`); for text, the open round. */
  occurrence: string;
  via: ReceiptVia;
  messageRef?: string;
}

export interface MarkOutcome {
  /** What the clicker is told (privately where the platform allows). */
  reply: Reply;
  /** True when this request stored something new. */
  isRecorded: boolean;
  /** The round's reminder with the new counts, for updating the message clicked on; absent if nothing was marked. */
  reminder: FoundReply | undefined;
}

/**
 * 督办: receipts (已阅/已完成) by button or text, and progress (进度). Every receipt is the sender's
 * own; who may mark what is `mayMark`'s rule; a repeat changes nothing.
 */
export function createSupervision(deps: SupervisionDeps) {
  const { clock, timezone } = deps;

  const whenText = (ms: number) => {
    const at = new Date(ms);
    const date = localDateOf(at, timezone);
    const time = localTimeOf(at, timezone);
    return messages.clockTime(date.month, date.day, time.hour, time.minute);
  };

  async function targetsOf(cycle: Cycle): Promise<string[]> {
    return [...new Set([...cycle.deadline.to, ...(await deps.subscriptions())])];
  }

  async function progressFor(cycle: Cycle): Promise<Progress> {
    return progressOf(cycle, await deps.receipts.receiptsFor(cycle.deadline.id, cycle.occurrence));
  }

  /** Updates the round's other reminders still on screen (not the one clicked, which its adapter updates). */
  async function refreshReminders(cycle: Cycle, reminder: FoundReply, except: string | undefined): Promise<void> {
    const { deadline, due } = cycle;
    const previous = dueDatesBetween(deadline.due, addDays(due, -400), addDays(due, -1)).at(-1) ?? addDays(due, -400);
    const after = zonedInstant(addDays(previous, 1), 0, 0, timezone).toISOString();
    const until = zonedInstant(addDays(due, OVERDUE_WINDOW_DAYS + 1), 0, 0, timezone).toISOString();
    for (const sent of await deps.receipts.sentMessages(deadline.id, after, until)) {
      if (sent.kind !== 'reminder' || sent.messageRef === except) continue;
      const { platform, conversationId } = splitConversationKey(sent.target);
      const notifier = deps.notifiers?.get(platform);
      if (!notifier?.update) continue;
      try {
        await notifier.update(conversationId, sent.messageRef, reminder);
      } catch (error) {
        deps.logger.warn({ err: error, target: sent.target, deadline: deadline.id }, 'could not update a reminder');
      }
    }
  }

  async function mark(request: MarkRequest): Promise<MarkOutcome> {
    const m = request.incoming;
    const library = deps.library();
    const cycle = openCycles(library.deadlines, clock.now(), timezone).find(
      (c) => c.deadline.id === request.deadlineId && c.occurrence === request.occurrence,
    );
    const deadline = library.deadlines.find((d) => d.id === request.deadlineId);
    if (!deadline) {
      return { reply: notice(messages.itemNotFound(request.deadlineId)), isRecorded: false, reminder: undefined };
    }
    // A button on last year's reminder, or one whose due date has long passed.
    if (!cycle) return { reply: notice(messages.markClosed(deadline.title)), isRecorded: false, reminder: undefined };
    const person = conversationKey(m.platform, m.userId);
    const conversation = conversationKey(m.platform, m.conversationId);
    const permission = mayMark(cycle, person, conversation, await targetsOf(cycle));
    if (permission !== 'allowed') {
      deps.logger.info({ person, deadline: deadline.id, permission }, 'refused a receipt');
      const text =
        permission === 'not-owner' ? messages.markNotOwner(deadline.title) : messages.markElsewhere(deadline.title);
      return { reply: notice(text), isRecorded: false, reminder: undefined };
    }
    // Done implies read: an 已阅 after 已完成 changes nothing, and a 已完成 before any 已阅 reads as both.
    const before = await deps.receipts.receiptsFor(deadline.id, cycle.occurrence);
    const done = before.find((r) => r.person === person && r.status === 'done');
    const { recorded, receipt } =
      request.status === 'read' && done
        ? { recorded: false, receipt: done }
        : await deps.receipts.recordReceipt({
            deadlineId: deadline.id,
            occurrence: cycle.occurrence,
            person,
            name: personName(m.userName),
            status: request.status,
            at: clock.now().getTime(),
            conversation,
            via: request.via,
            messageRef: request.messageRef,
          });
    const receipts = recorded ? await deps.receipts.receiptsFor(deadline.id, cycle.occurrence) : before;
    const progress = progressOf(cycle, receipts);
    const occurrence: Occurrence = { deadline, at: clock.now(), due: cycle.due };
    const reminder = reminderReply(occurrence, timezone, summarise(progress));
    deps.logger.info(
      {
        person,
        deadline: deadline.id,
        occurrence: cycle.occurrence,
        status: request.status,
        via: request.via,
        recorded,
      },
      recorded ? 'receipt recorded' : 'receipt already recorded',
    );
    if (recorded) {
      // In the background, and never fatal: the receipt is kept whatever happens to the old messages.
      refreshReminders(cycle, reminder, request.messageRef).catch((error: unknown) =>
        deps.logger.warn({ err: error, deadline: deadline.id }, 'could not refresh the reminders of a round'),
      );
    }
    const text = recorded
      ? request.status === 'done'
        ? messages.markedDone(deadline.title)
        : messages.markedRead(deadline.title)
      : messages.alreadyMarked(deadline.title, receipt.status, whenText(receipt.at));
    const counts = progressLines(summarise(progress))[0] as string;
    return { reply: notice(`${text}\n${counts}`), isRecorded: recorded, reminder };
  }

  function choice(item: string, candidates: NumberedCycle[]): Reply {
    return notice(
      [
        messages.itemChoice(item),
        ...candidates.map((c) => messages.itemLine(c.number, c.cycle.deadline.title, c.cycle.deadline.id)),
      ].join('\n'),
    );
  }

  function notFound(item: string, open: Cycle[]): Reply {
    if (open.length === 0) return notice(messages.noOpenItems);
    return notice(
      [
        messages.itemNotFound(item),
        messages.itemChoice(''),
        ...open.map((c, i) => messages.itemLine(i + 1, c.deadline.title, c.deadline.id)),
      ].join('\n'),
    );
  }

  /** `进度 [事项]`: admins see every open round; an owner sees the rounds of the conversation they ask in. */
  async function progressReply(m: Incoming, item: string): Promise<Reply> {
    const open = openCycles(deps.library().deadlines, clock.now(), timezone);
    if (open.length === 0) return notice(messages.noOpenItems);
    const numbered = open.map((cycle, i) => ({ number: i + 1, cycle }));
    let visible = numbered;
    if (!deps.isAdmin(m)) {
      const person = conversationKey(m.platform, m.userId);
      const conversation = conversationKey(m.platform, m.conversationId);
      const mine: NumberedCycle[] = [];
      for (const n of numbered) {
        const targets = await targetsOf(n.cycle);
        if (targets.includes(conversation) && mayMark(n.cycle, person, conversation, targets) === 'allowed') {
          mine.push(n);
        }
      }
      if (mine.length === 0) return notice(messages.progressNotAllowed);
      visible = mine;
    }
    if (item !== '') {
      const match = matchItem(deps.library().index, open, item);
      if (match.kind === 'none') return notFound(item, open);
      if (match.kind === 'choice') return choice(item, match.candidates);
      visible = visible.filter((n) => n.cycle === match.cycle);
      if (visible.length === 0) return notice(messages.progressNotAllowed);
    }
    const all = await Promise.all(visible.map((n) => progressFor(n.cycle)));
    return notice(progressText(visible, all));
  }

  /** A typed 督办 command. */
  async function command(m: Incoming & { userName?: string }, cmd: SupervisionCommand): Promise<Reply> {
    if (cmd.kind === 'for-someone-else') return notice(messages.markForSomeoneElse);
    if (cmd.kind === 'progress') return progressReply(m, cmd.item);
    const library = deps.library();
    const open = openCycles(library.deadlines, clock.now(), timezone);
    if (open.length === 0) return notice(messages.noOpenItems);
    const match = matchItem(library.index, open, cmd.item);
    if (match.kind === 'none') return notFound(cmd.item, open);
    if (match.kind === 'choice') return choice(cmd.item, match.candidates);
    const outcome = await mark({
      incoming: m,
      status: cmd.status,
      deadlineId: match.cycle.deadline.id,
      occurrence: match.cycle.occurrence,
      via: 'text',
    });
    return outcome.reply;
  }

  return { command, mark };
}

export type Supervision = ReturnType<typeof createSupervision>;

/** The 进度 reply: each numbered round, its due date or how overdue it is, and its counts and names. */
export function progressText(numbered: NumberedCycle[], all: Progress[]): string {
  const lines = [messages.progressLead(numbered.length)];
  numbered.forEach(({ number, cycle }, i) => {
    const p = all[i] as Progress;
    const { deadline, due, daysLeft } = cycle;
    const date = messages.calendarDate(due.year, due.month, due.day);
    lines.push(
      `${number}. ${deadline.title}(${deadline.id})`,
      `   ${daysLeft >= 0 ? daysLeftText(due, daysLeft) : messages.progressOverdue(date, -daysLeft)}`,
      ...progressLines(summarise(p)).map((l) => `   ${l}`),
    );
  });
  return lines.join('\n');
}
