import { upcomingDeadlines } from '../reminders/deadline-reply.js';
import type { Deadline } from '../reminders/deadlines-file.js';
import { dueDatesBetween } from '../reminders/occurrences.js';
import { addDays, daysBetween, isoDate, type LocalDate, localDateOf } from '../reminders/zoned-time.js';

/**
 * How long after its due date a deadline's round stays open: receipts still count for it and
 * progress shows it as overdue. A yearly deadline then moves on to next year's round.
 */
export const OVERDUE_WINDOW_DAYS = 14;

/** One round of a deadline: the due date its reminders, receipts and chases belong to. */
export interface Cycle {
  deadline: Deadline;
  due: LocalDate;
  /** `2026-12-31`: the receipts' and chases' occurrence key. */
  occurrence: string;
  /** Days from today to the due date; negative once it has passed. */
  daysLeft: number;
}

/** The round of `deadline` due on `due`, seen from `today`. */
export function cycleOn(deadline: Deadline, due: LocalDate, today: LocalDate): Cycle {
  return { deadline, due, occurrence: isoDate(due), daysLeft: daysBetween(today, due) };
}

/** The round that is open on `today`: one past due by at most `OVERDUE_WINDOW_DAYS`, else the next one. */
export function currentCycle(deadline: Deadline, today: LocalDate): Cycle | undefined {
  const dates = dueDatesBetween(deadline.due, addDays(today, -OVERDUE_WINDOW_DAYS), addDays(today, 400));
  const due = dates[0];
  return due ? cycleOn(deadline, due, today) : undefined;
}

/** Each deadline's next round from `at`'s day on (the deadlines `截止` lists), soonest first. */
export function upcomingCycles(deadlines: Deadline[], at: Date, timezone: string): Cycle[] {
  const today = localDateOf(at, timezone);
  return upcomingDeadlines(deadlines, at, timezone).map((u) => cycleOn(u.deadline, u.due, today));
}

/**
 * Every deadline's open round on `at`'s day, soonest due first (file order among equals). The number a
 * user types in `已完成 2` is a position in this list, the same list `进度` shows.
 */
export function openCycles(deadlines: Deadline[], at: Date, timezone: string): Cycle[] {
  const today = localDateOf(at, timezone);
  return deadlines
    .flatMap((d) => {
      const cycle = currentCycle(d, today);
      return cycle ? [cycle] : [];
    })
    .sort((a, b) => a.daysLeft - b.daysLeft);
}
