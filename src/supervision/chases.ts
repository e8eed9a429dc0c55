import { splitConversationKey } from '../incoming.js';
import { messages } from '../messages.js';
import { deadlineCitation } from '../reminders/deadline-citation.js';
import { daysLeftText } from '../reminders/deadline-reply.js';
import type { Deadline } from '../reminders/deadlines-file.js';
import { dueDatesBetween } from '../reminders/occurrences.js';
import { progressLines } from '../reminders/reminder-message.js';
import { addDays, daysBetween, isoDate, type LocalDate, localDateOf, zonedInstant } from '../reminders/zoned-time.js';
import type { FoundReply, PersonMention } from '../reply.js';
import type { Cycle } from './cycle.js';
import { isComplete, type PersonProgress, type Progress, summarise } from './progress.js';

/** A follow-up (催办) to the owners not yet done, or the notice to the admins once a round is overdue. */
export interface ChaseOccurrence {
  kind: 'chase' | 'overdue';
  deadline: Deadline;
  /** When it is due to go out: `chase` days before the due date, or the day after it, at `remind.at`. */
  at: Date;
  cycle: Cycle;
}

/** Whether a deadline is supervised (督办): it names owners or asks for chases. Only those get an overdue notice. */
export function isSupervised(deadline: Deadline): boolean {
  return deadline.owners.length > 0 || deadline.chaseDaysBefore.length > 0;
}

/**
 * Every chase and overdue notice of the deadlines from `from` (included) to `to` (excluded), earliest
 * first. Pure, like `reminderOccurrences`: the same file and window always give the same instants.
 */
export function chaseOccurrences(deadlines: Deadline[], from: Date, to: Date, timezone: string): ChaseOccurrence[] {
  const out: ChaseOccurrence[] = [];
  for (const deadline of deadlines) {
    if (!isSupervised(deadline)) continue;
    const { at } = deadline.remind;
    const furthest = Math.max(0, ...deadline.chaseDaysBefore);
    const dues = dueDatesBetween(
      deadline.due,
      addDays(localDateOf(from, timezone), -2),
      addDays(localDateOf(to, timezone), furthest + 1),
    );
    for (const due of dues) {
      const cycle = (instant: Date): Cycle => ({
        deadline,
        due,
        occurrence: isoDate(due),
        daysLeft: daysBetween(localDateOf(instant, timezone), due),
      });
      const push = (kind: ChaseOccurrence['kind'], day: LocalDate) => {
        const instant = zonedInstant(day, at.hour, at.minute, timezone);
        if (instant >= from && instant < to) out.push({ kind, deadline, at: instant, cycle: cycle(instant) });
      };
      for (const days of deadline.chaseDaysBefore) push('chase', addDays(due, -days));
      push('overdue', addDays(due, 1));
    }
  }
  return out.sort((a, b) => a.at.getTime() - b.at.getTime() || a.deadline.id.localeCompare(b.deadline.id));
}

/**
 * Who a chase is for: named owners who have not answered, and whoever had read it but was not done
 * by the chase's time. Someone who first clicks 已阅 after it was due is not chased for it by a late run.
 */
export function chasedPeople(progress: Progress, at: Date): PersonProgress[] {
  if (isComplete(progress)) return [];
  return [...progress.pending, ...progress.read.filter((p) => p.isNamedOwner || (p.readAt ?? 0) < at.getTime())];
}

/**
 * The follow-up a conversation gets: who is not done yet (mentioned by each platform its own way, and
 * only them), the quoted sentence again, the 已阅/已完成 actions and the counts so far.
 */
export function chaseReply(chase: ChaseOccurrence, progress: Progress, people: PersonProgress[]): FoundReply {
  const { deadline, cycle } = chase;
  const citation = deadlineCitation(deadline);
  const summary = summarise(progress);
  const text = [
    messages.chaseLead(deadline.title),
    daysLeftText(cycle.due, Math.max(0, cycle.daysLeft)),
    `${messages.chasePending}${people.map((p) => p.name).join('、')}`,
    messages.deadlineQuote(citation.excerpt, citation.docTitle, citation.label),
    messages.reminderActionsHint(deadline.id),
    ...progressLines(summary),
  ].join('\n');
  const mentions: PersonMention[] = people.map((p) => ({ platform: p.platform, userId: p.userId, name: p.name }));
  return {
    found: true,
    kind: 'deadlines',
    text,
    citations: [citation],
    suggestions: [],
    mentions,
    reminder: { deadlineId: deadline.id, occurrence: cycle.occurrence, progress: summary },
  };
}

/** The admins' notice the day after the due date: what was not finished, and by whom. */
export function overdueReply(chase: ChaseOccurrence, progress: Progress): FoundReply {
  const { deadline, cycle } = chase;
  const citation = deadlineCitation(deadline);
  const date = messages.calendarDate(cycle.due.year, cycle.due.month, cycle.due.day);
  const summary = summarise(progress);
  const lines = [
    messages.overdueLead(deadline.title),
    messages.overdueBody(date, Math.max(1, -cycle.daysLeft)),
    ...(summary.done === 0 && summary.total === 0 ? [messages.overdueNobody] : progressLines(summary)),
    messages.deadlineQuote(citation.excerpt, citation.docTitle, citation.label),
  ];
  return { found: true, kind: 'deadlines', text: lines.join('\n'), citations: [citation], suggestions: [] };
}

/** The people of a chase on one conversation's platform: a Slack channel can only mention Slack users. */
export function peopleOn(target: string, people: PersonProgress[]): PersonProgress[] {
  const { platform } = splitConversationKey(target);
  return people.filter((p) => p.platform === platform);
}
