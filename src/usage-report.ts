import { messages } from './messages.js';
import { notice, type Reply } from './reply.js';
import type { Store } from './store/store.js';

/** How far back the report looks, and how many questions it lists under each heading. */
export const REPORT_DAYS = 30;
const REPORT_LIMIT = 10;

/**
 * What the admin should look at (`报告` in chat, `directive-bot report`): questions the bot could not
 * answer, most asked first, and how answers were voted. Unanswered questions show where a directive
 * or the glossary needs a word added.
 */
export async function usageReport(store: Store, now: Date, days = REPORT_DAYS): Promise<Reply> {
  const since = now.getTime() - days * 86_400_000;
  const [unanswered, feedback, missing] = await Promise.all([
    store.unansweredSince(since, REPORT_LIMIT),
    store.feedbackSince(since, REPORT_LIMIT),
    store.missingWordsSince(since, REPORT_LIMIT),
  ]);
  const lines = [messages.report(days, feedback.up, feedback.down), messages.reportUnanswered];
  lines.push(
    ...(unanswered.length
      ? unanswered.map((u) => messages.reportTimes(u.question, u.times))
      : [messages.reportNothing]),
  );
  if (missing.length > 0)
    lines.push(messages.reportMissing, ...missing.map((m) => messages.reportWord(m.word, m.times)));
  if (feedback.downVoted.length > 0) {
    lines.push(messages.reportDownVoted, ...feedback.downVoted.map((d) => messages.reportTimes(d.question, d.times)));
  }
  return notice(lines.join('\n'));
}
