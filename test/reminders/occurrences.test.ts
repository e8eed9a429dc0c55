import { describe, expect, it } from 'vitest';
import { loadLibrary } from '../../src/library.js';
import { type Deadline, parseDeadlines } from '../../src/reminders/deadlines-file.js';
import { nextDueDate, reminderOccurrences } from '../../src/reminders/occurrences.js';
import { shippedKnowledge } from '../support/paths.js';

const TZ = 'Asia/Shanghai';
const directives = (await loadLibrary(shippedKnowledge)).directives;

function deadline(due: string, remind: string): Deadline {
  const parsed = parseDeadlines(
    `deadlines:\n  - id: d\n    title: t\n    due: "${due}"\n    cite: 查漏补缺\n    remind: ${remind}\n`,
    'deadlines.yaml',
    directives,
  );
  if ('errors' in parsed) throw new Error(parsed.errors.map((e) => e.message).join('\n'));
  return parsed.value[0] as Deadline;
}

const instants = (d: Deadline, from: string, to: string) =>
  reminderOccurrences(d, new Date(from), new Date(to), TZ).map((o) => o.at.toISOString());

describe('reminder occurrences', () => {
  it('runs in a UTC process, as on the server', () => {
    expect(new Date(2026, 0, 1).getTimezoneOffset()).toBe(0);
  });

  it('puts a 09:00 reminder at 09:00 Beijing time, which is 01:00 UTC', () => {
    const d = deadline('12-31', '{ before: [30d, 7d, 1d], at: "09:00" }');
    expect(instants(d, '2026-11-01T00:00:00Z', '2027-01-01T00:00:00Z')).toEqual([
      '2026-12-01T01:00:00.000Z',
      '2026-12-24T01:00:00.000Z',
      '2026-12-30T01:00:00.000Z',
    ]);
  });

  it('crosses the year boundary: a reminder in December for a deadline on 2 January of the next year', () => {
    const d = deadline('01-02', '{ before: [3d], at: "09:00" }');
    const [first] = reminderOccurrences(d, new Date('2026-12-01T00:00:00Z'), new Date('2027-01-05T00:00:00Z'), TZ);
    expect(first?.at.toISOString()).toBe('2026-12-30T01:00:00.000Z');
    expect(first?.due).toEqual({ year: 2027, month: 1, day: 2 });
  });

  it('counts an early-morning Beijing reminder on 1 January as the new year, though UTC still says 31 December', () => {
    const d = deadline('01-10', '{ before: [9d], at: "07:00" }');
    expect(instants(d, '2026-12-25T00:00:00Z', '2027-01-05T00:00:00Z')).toEqual(['2026-12-31T23:00:00.000Z']);
  });

  it('keeps a yearly 29 February deadline in leap years and moves it to 28 February in the others', () => {
    const d = deadline('02-29', '{ before: [0d], at: "09:00" }');
    expect(instants(d, '2027-01-01T00:00:00Z', '2029-01-01T00:00:00Z')).toEqual([
      '2027-02-28T01:00:00.000Z',
      '2028-02-29T01:00:00.000Z',
    ]);
  });

  it('finds the Spring Festival from the lunar calendar, with an offset before it', () => {
    // 正月初一: 2027-02-06, 2028-01-26.
    expect(
      instants(deadline('春节', '{ before: [1d], at: "09:00" }'), '2026-12-01T00:00:00Z', '2028-03-01T00:00:00Z'),
    ).toEqual(['2027-02-05T01:00:00.000Z', '2028-01-25T01:00:00.000Z']);
    const eve = deadline('春节-7d', '{ before: [0d], at: "18:00" }');
    expect(instants(eve, '2026-12-01T00:00:00Z', '2027-03-01T00:00:00Z')).toEqual(['2027-01-30T10:00:00.000Z']);
  });

  it('runs cron reminders in Beijing time and stops once a fixed deadline has passed', () => {
    const d = deadline('2026-12-20', '{ cron: "0 9 * 12 1" }');
    expect(instants(d, '2026-11-01T00:00:00Z', '2027-01-01T00:00:00Z')).toEqual([
      '2026-12-07T01:00:00.000Z',
      '2026-12-14T01:00:00.000Z',
    ]);
  });

  it('keeps the most recent runs of an every-minute cron over a window longer than the run cap', () => {
    const d = deadline('12-31', '{ cron: "* * * * *" }');
    const runs = instants(d, '2026-11-23T00:00:00Z', '2026-12-01T00:00:00Z');
    expect(runs.at(-1)).toBe('2026-11-30T23:59:00.000Z');
    expect(runs.length).toBeGreaterThan(0);
  });

  it('gives no next due date for a fixed date that has passed, and the next year for a yearly one', () => {
    expect(nextDueDate(deadline('2026-12-20', '{ before: [1d] }').due, { year: 2026, month: 12, day: 21 })).toBe(
      undefined,
    );
    expect(nextDueDate(deadline('12-20', '{ before: [1d] }').due, { year: 2026, month: 12, day: 21 })).toEqual({
      year: 2027,
      month: 12,
      day: 20,
    });
  });
});
