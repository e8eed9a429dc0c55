import { createRequire } from 'node:module';
import type { LocalDate } from './zoned-time.js';

type LunarCalendar = typeof import('lunar-typescript');

// Loaded on first use: only a deadline due at the Spring Festival needs the lunar calendar (~7 MB),
// and a one-shot `ask` should not pay for it.
let lunar: LunarCalendar | undefined;

/** The Spring Festival (正月初一) of the lunar year that begins in `year`, as a Gregorian date. */
export function springFestival(year: number): LocalDate {
  lunar ??= createRequire(import.meta.url)('lunar-typescript') as LunarCalendar;
  const solar = lunar.Lunar.fromYmd(year, 1, 1).getSolar();
  return { year: solar.getYear(), month: solar.getMonth(), day: solar.getDay() };
}
