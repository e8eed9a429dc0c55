import type { Library } from '../library.js';
import { messages } from '../messages.js';
import { type Citation, notice, type Reply } from '../reply.js';
import { deadlineCitation } from './deadline-citation.js';
import type { Deadline } from './deadlines-file.js';
import { nextDueDate } from './occurrences.js';
import { daysBetween, type LocalDate, localDateOf } from './zoned-time.js';

/** One deadline as of a given day: when it next falls and how many days remain. */
export interface UpcomingDeadline {
  deadline: Deadline;
  due: LocalDate;
  daysLeft: number;
}

/** Every deadline that still lies ahead on `at`'s day in `timezone`, soonest first; a passed fixed date drops out. */
export function upcomingDeadlines(deadlines: Deadline[], at: Date, timezone: string): UpcomingDeadline[] {
  const today = localDateOf(at, timezone);
  return (
    deadlines
      .flatMap((deadline) => {
        const due = nextDueDate(deadline.due, today);
        return due ? [{ deadline, due, daysLeft: daysBetween(today, due) }] : [];
      })
      // A stable sort: deadlines due the same day keep the order the admin wrote them in.
      .sort((a, b) => a.daysLeft - b.daysLeft)
  );
}

/** "距 2026年12月31日 还有 37 天" */
export function daysLeftText(due: LocalDate, daysLeft: number): string {
  return messages.daysLeft(messages.calendarDate(due.year, due.month, due.day), daysLeft);
}

/** What is due, soonest first, with days left and the quoted sentence (the `截止` command, `deadlines` CLI). */
export function deadlineReply(library: Library, at: Date, timezone: string): Reply {
  return listDeadlines(upcomingDeadlines(library.deadlines, at, timezone));
}

/** The reply listing the given deadlines, in the order given. */
export function listDeadlines(upcoming: UpcomingDeadline[]): Reply {
  // Sooner deadlines rank higher, so a renderer that shows only the first citation shows the most urgent.
  const citations = upcoming.map((u) => deadlineCitation(u.deadline, Number((1 / (1 + u.daysLeft)).toFixed(4))));
  const [first, ...rest] = citations;
  if (!first) return notice(messages.noDeadlines);
  const lines = [messages.deadlinesLead(upcoming.length)];
  upcoming.forEach((u, i) => {
    const citation = citations[i] as Citation;
    lines.push(
      `${i + 1}. ${u.deadline.title}`,
      `   ${daysLeftText(u.due, u.daysLeft)}${u.deadline.isSetByAdmin ? messages.deadlineSetByAdmin : ''}`,
      ...messages
        .deadlineQuote(citation.excerpt, citation.docTitle, citation.label)
        .split('\n')
        .map((l) => `   ${l}`),
    );
  });
  return { found: true, kind: 'deadlines', text: lines.join('\n'), citations: [first, ...rest], suggestions: [] };
}
