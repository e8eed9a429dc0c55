import { Cron } from 'croner';
import type { Deadline, Due } from './deadlines-file.js';
import { springFestival } from './spring-festival.js';
import { addDays, compareDates, daysInMonth, type LocalDate, localDateOf, zonedInstant } from './zoned-time.js';

/** One reminder instant of one deadline: what the scheduler sends and the delivery log keys on. */
export interface Occurrence {
  deadline: Deadline;
  /** When the reminder is due to go out. Its ISO form is the delivery key's `occurrence`. */
  at: Date;
  /** The due date this reminder announces, in the configured zone. */
  due: LocalDate;
}

/** A cron pattern firing every minute over a long window must not loop for ever; the latest runs are kept. */
const MAX_CRON_RUNS_PER_WINDOW = 5_000;

/**
 * The date `due` falls on for calendar year `year` (for the Spring Festival: the lunar year that
 * begins in `year`, so an offset such as `春节-40d` may land in December of `year - 1`).
 */
export function dueDateForYear(due: Due, year: number): LocalDate | undefined {
  switch (due.kind) {
    case 'date':
      return due.date.year === year ? due.date : undefined;
    case 'yearly':
      // "02-29" falls on 02-28 in common years: a deadline silently missing three years in four is worse.
      return { year, month: due.month, day: Math.min(due.day, daysInMonth(year, due.month)) };
    case 'spring-festival': {
      return addDays(springFestival(year), due.offsetDays);
    }
  }
}

/** Every date `due` falls on from `from` to `to`, both included, earliest first. */
export function dueDatesBetween(due: Due, from: LocalDate, to: LocalDate): LocalDate[] {
  const dates: LocalDate[] = [];
  for (let year = from.year - 1; year <= to.year + 1; year++) {
    const date = dueDateForYear(due, year);
    if (date && compareDates(date, from) >= 0 && compareDates(date, to) <= 0) dates.push(date);
  }
  return dates.sort(compareDates);
}

/** The first date on or after `today` that `due` falls on; undefined once a fixed date has passed. */
export function nextDueDate(due: Due, today: LocalDate): LocalDate | undefined {
  return dueDatesBetween(due, today, addDays(today, 400))[0];
}

/**
 * Every reminder of `deadline` at or after `from` and before `to`, earliest first: the `before`
 * offsets at their time of day, and the cron runs, all read as wall-clock times in `timezone`.
 * Pure: the same deadline and window always give the same instants, whatever zone the process runs in.
 */
export function reminderOccurrences(deadline: Deadline, from: Date, to: Date, timezone: string): Occurrence[] {
  const byInstant = new Map<number, Occurrence>();
  const { daysBefore, at, cron } = deadline.remind;
  const furthest = Math.max(0, ...daysBefore);
  const dues = dueDatesBetween(
    deadline.due,
    addDays(localDateOf(from, timezone), -1),
    addDays(localDateOf(to, timezone), furthest + 1),
  );
  for (const due of dues) {
    for (const days of daysBefore) {
      const instant = zonedInstant(addDays(due, -days), at.hour, at.minute, timezone);
      if (instant >= from && instant < to) byInstant.set(instant.getTime(), { deadline, at: instant, due });
    }
  }
  for (const pattern of cron) {
    const job = new Cron(pattern, { timezone, paused: true });
    // Walk back from the end of the window: when the cap cuts a long window short, it drops the oldest
    // runs (long past grace) rather than the recent ones that are due now.
    let later = to;
    for (let n = 0; n < MAX_CRON_RUNS_PER_WINDOW; n++) {
      const run = job.previousRuns(1, later)[0];
      if (!run || run < from) break;
      later = run;
      // A cron reminder announces the next due date; once a fixed date has passed it stays quiet.
      const due = nextDueDate(deadline.due, localDateOf(run, timezone));
      if (due && !byInstant.has(run.getTime())) byInstant.set(run.getTime(), { deadline, at: run, due });
    }
    job.stop();
  }
  return [...byInstant.values()].sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** Reminders of every deadline in the window, earliest first (ties by deadline id, for stable output). */
export function allOccurrences(deadlines: Deadline[], from: Date, to: Date, timezone: string): Occurrence[] {
  return deadlines
    .flatMap((d) => reminderOccurrences(d, from, to, timezone))
    .sort((a, b) => a.at.getTime() - b.at.getTime() || a.deadline.id.localeCompare(b.deadline.id));
}
