import { messages } from '../messages.js';
import type { FoundReply, Reply } from '../reply.js';
import type { ProgressSummary } from '../supervision/progress.js';
import { deadlineCitation } from './deadline-citation.js';
import { daysLeftText } from './deadline-reply.js';
import type { Occurrence } from './occurrences.js';
import { daysBetween, isoDate, localDateOf } from './zoned-time.js';

/**
 * The reminder a conversation receives: title, due date, days left, the quoted sentence with its
 * label, how to answer it (已阅/已完成), and progress so far when known. Days left count from the day
 * the reminder goes out.
 */
export function reminderReply(occurrence: Occurrence, timezone: string, progress?: ProgressSummary): FoundReply {
  const { deadline, due } = occurrence;
  const citation = deadlineCitation(deadline);
  const daysLeft = daysBetween(localDateOf(occurrence.at, timezone), due);
  const lines = [
    messages.reminderLead(deadline.title),
    daysLeftText(due, daysLeft) + (deadline.isSetByAdmin ? messages.deadlineSetByAdmin : ''),
    messages.deadlineQuote(citation.excerpt, citation.docTitle, citation.label),
    messages.reminderActionsHint(deadline.id),
  ];
  if (progress) lines.push(...progressLines(progress));
  return {
    found: true,
    kind: 'deadlines',
    text: lines.join('\n'),
    citations: [citation],
    suggestions: [],
    reminder: { deadlineId: deadline.id, occurrence: isoDate(due), ...(progress ? { progress } : {}) },
  };
}

/** "已完成 3/5 · 已阅 4/5", then who is done, who has read it, who has not answered. */
export function progressLines(p: ProgressSummary): string[] {
  const lines = [messages.progressCounts(p.done, p.read, p.total, p.isOpenRoster)];
  if (p.doneNames.length > 0) lines.push(messages.progressDoneNames(p.doneNames));
  if (p.readNames.length > 0) lines.push(messages.progressReadNames(p.readNames));
  if (p.pendingNames.length > 0) lines.push(messages.progressPendingNames(p.pendingNames));
  return lines;
}

/**
 * The same reminder, sent again after a send was interrupted at a moment the platform may already have
 * had it, and the platform cannot say whether it did: it says so first, so a second copy confuses no one.
 */
export function mayRepeat<R extends Reply>(reply: R): R {
  return { ...reply, text: `${messages.reminderMayRepeat}\n${reply.text}` };
}
