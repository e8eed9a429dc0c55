/**
 * Calendar dates and wall-clock times in a named zone, without a date library. The process runs in
 * UTC on servers (and `TZ=UTC` in tests) while deadlines are Beijing dates, so nothing here may read
 * the process's local zone: every conversion names its zone.
 */

/** A calendar day, as a person in the configured zone would write it. */
export interface LocalDate {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
}

const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timezone, f);
  }
  return f;
}

function wallClock(instant: Date, timezone: string) {
  const parts = Object.fromEntries(
    formatterFor(timezone)
      .formatToParts(instant)
      .filter((p) => p.type !== 'literal')
      .map((p) => [p.type, Number(p.value)]),
  ) as Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number>;
  return parts;
}

/** The calendar day `instant` falls on in `timezone`. */
export function localDateOf(instant: Date, timezone: string): LocalDate {
  const { year, month, day } = wallClock(instant, timezone);
  return { year, month, day };
}

/** The wall-clock hour and minute `instant` shows in `timezone`. */
export function localTimeOf(instant: Date, timezone: string): { hour: number; minute: number } {
  const { hour, minute } = wallClock(instant, timezone);
  return { hour, minute };
}

/** The instant a wall clock in `timezone` shows `date` at `hour:minute`. */
export function zonedInstant(date: LocalDate, hour: number, minute: number, timezone: string): Date {
  const asIfUtc = Date.UTC(date.year, date.month - 1, date.day, hour, minute);
  // Two passes settle the offset even on a day the zone changes it (DST elsewhere; China has none).
  let guess = asIfUtc;
  for (let i = 0; i < 2; i++) {
    const w = wallClock(new Date(guess), timezone);
    const shown = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
    guess += asIfUtc - shown;
  }
  return new Date(guess);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day) + days * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round((Date.UTC(to.year, to.month - 1, to.day) - Date.UTC(from.year, from.month - 1, from.day)) / DAY_MS);
}

export function compareDates(a: LocalDate, b: LocalDate): number {
  return daysBetween(b, a);
}

export function isValidDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** `2026-12-31` */
export function isoDate(date: LocalDate): string {
  return `${date.year}-${pad(date.month)}-${pad(date.day)}`;
}

export function pad(n: number): string {
  return String(n).padStart(2, '0');
}
