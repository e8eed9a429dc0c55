import type { Deadline } from '../reminders/deadlines-file.js';
import type { Cycle } from './cycle.js';
import type { PersonProgress, Progress } from './progress.js';

/** Counts of one round: everyone counted, done, read (done included), and named owners with no answer. */
export interface ProgressCounts {
  total: number;
  done: number;
  read: number;
  pending: number;
}

export function countsOf(p: Progress): ProgressCounts {
  return { total: p.total, done: p.done.length, read: p.done.length + p.read.length, pending: p.pending.length };
}

/** `deadlines --json`: one upcoming deadline, as data for scripts (README, "JSON output"). */
export interface DeadlineJson {
  id: string;
  title: string;
  /** `2026-12-31` */
  due: string;
  days_left: number;
  cite: { ref: string; label: string; quote: string; document: string };
  set_by_admin: boolean;
  progress: ProgressCounts;
}

export function deadlineJson(cycle: Cycle, progress: Progress): DeadlineJson {
  return {
    id: cycle.deadline.id,
    title: cycle.deadline.title,
    due: cycle.occurrence,
    days_left: cycle.daysLeft,
    cite: citeJson(cycle.deadline),
    set_by_admin: cycle.deadline.isSetByAdmin,
    progress: countsOf(progress),
  };
}

/** `progress --json`: one open round and where each person stands. */
export interface ProgressJson extends DeadlineJson {
  /** Past its due date (and still within the overdue window). */
  overdue: boolean;
  /** Whoever answers in a conversation owner (or any conversation, with no owners named) counts too. */
  open_roster: boolean;
  people: Array<{
    /** `platform:userId` */
    person: string;
    name: string;
    named_owner: boolean;
    status: 'done' | 'read' | 'pending';
    read_at: string | null;
    done_at: string | null;
  }>;
}

export function progressJson(progress: Progress): ProgressJson {
  const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());
  const person = (status: 'done' | 'read' | 'pending') => (p: PersonProgress) => ({
    person: p.person,
    name: p.name,
    named_owner: p.isNamedOwner,
    status,
    read_at: iso(p.readAt),
    done_at: iso(p.doneAt),
  });
  return {
    ...deadlineJson(progress.cycle, progress),
    overdue: progress.cycle.daysLeft < 0,
    open_roster: progress.isOpenRoster,
    people: [
      ...progress.done.map(person('done')),
      ...progress.read.map(person('read')),
      ...progress.pending.map(person('pending')),
    ],
  };
}

function citeJson(deadline: Deadline): DeadlineJson['cite'] {
  const { ref, label, sentence, quote, docTitle } = deadline.cite;
  return { ref, label, quote: quote ?? sentence, document: docTitle };
}
