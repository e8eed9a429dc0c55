import { messages } from '../messages.js';
import type { FoundReply } from '../reply.js';
import { deadlineCitation } from './deadline-citation.js';
import { daysLeftText } from './deadline-reply.js';
import type { Occurrence } from './occurrences.js';
import { daysBetween, localDateOf } from './zoned-time.js';

/**
 * The reminder a conversation receives: title, due date, days left, the quoted sentence with its
 * label, and a hint to ask the bot. Days left count from the day the reminder goes out.
 */
export function reminderReply(occurrence: Occurrence, timezone: string): FoundReply {
  const { deadline, due } = occurrence;
  const citation = deadlineCitation(deadline);
  const daysLeft = daysBetween(localDateOf(occurrence.at, timezone), due);
  const text = [
    messages.reminderLead(deadline.title),
    daysLeftText(due, daysLeft) + (deadline.isSetByAdmin ? messages.deadlineSetByAdmin : ''),
    messages.deadlineQuote(citation.excerpt, citation.docTitle, citation.label),
    messages.reminderHint,
  ].join('\n');
  return { found: true, kind: 'deadlines', text, citations: [citation], suggestions: [] };
}
