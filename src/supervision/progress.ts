import { splitConversationKey } from '../incoming.js';
import type { Cycle } from './cycle.js';
import type { PersonOwner } from './owners.js';
import type { Receipt } from './receipt.js';

/** Where one person stands on one round. */
export interface PersonProgress {
  /** `platform:userId` */
  person: string;
  platform: string;
  userId: string;
  /** The name a platform payload last gave, else the one in deadlines.yaml, else the user id. */
  name: string;
  /** Named in deadlines.yaml, rather than someone who answered in an open conversation. */
  isNamedOwner: boolean;
  readAt: number | undefined;
  doneAt: number | undefined;
}

/** Who is done, who has only read it, and who has not answered, for one round of one deadline. */
export interface Progress {
  cycle: Cycle;
  done: PersonProgress[];
  /** Read and not yet done. */
  read: PersonProgress[];
  /** Named owners with no receipt at all. */
  pending: PersonProgress[];
  /** Everyone counted: the named owners and whoever else answered. */
  total: number;
  /** Someone beyond the named owners may answer (a conversation owner, or no owners named), so the total can grow. */
  isOpenRoster: boolean;
}

/** The named owners of a deadline. */
export function namedOwners(cycle: Cycle): PersonOwner[] {
  return cycle.deadline.owners.filter((o): o is PersonOwner => o.kind === 'person');
}

/**
 * The progress of a round from its receipts. Receipts are trusted: whoever stored one was allowed to
 * mark it (`mayMark`). Order: by when they answered, then as the file lists the owners.
 */
export function progressOf(cycle: Cycle, receipts: readonly Receipt[]): Progress {
  const people = new Map<string, PersonProgress>();
  for (const o of namedOwners(cycle)) {
    people.set(o.key, {
      person: o.key,
      platform: o.platform,
      userId: o.userId,
      name: o.name ?? o.userId,
      isNamedOwner: true,
      readAt: undefined,
      doneAt: undefined,
    });
  }
  const mine = receipts
    .filter((r) => r.deadlineId === cycle.deadline.id && r.occurrence === cycle.occurrence)
    .sort((a, b) => a.at - b.at);
  for (const r of mine) {
    let p = people.get(r.person);
    if (!p) {
      const { platform, conversationId: userId } = splitConversationKey(r.person);
      p = {
        person: r.person,
        platform,
        userId,
        name: userId,
        isNamedOwner: false,
        readAt: undefined,
        doneAt: undefined,
      };
      people.set(r.person, p);
    }
    if (r.name) p.name = r.name;
    if (r.status === 'done') p.doneAt ??= r.at;
    p.readAt ??= r.at;
  }
  const all = [...people.values()];
  const byTime = (key: 'readAt' | 'doneAt') => (a: PersonProgress, b: PersonProgress) => (a[key] ?? 0) - (b[key] ?? 0);
  return {
    cycle,
    done: all.filter((p) => p.doneAt !== undefined).sort(byTime('doneAt')),
    read: all.filter((p) => p.doneAt === undefined && p.readAt !== undefined).sort(byTime('readAt')),
    pending: all.filter((p) => p.readAt === undefined),
    total: all.length,
    isOpenRoster: isOpenRoster(cycle),
  };
}

export function isOpenRoster(cycle: Cycle): boolean {
  const { owners } = cycle.deadline;
  return owners.length === 0 || owners.some((o) => o.kind === 'conversation');
}

/** Whether the round has nobody left to chase: everyone counted is done (and somebody is counted). */
export function isComplete(progress: Progress): boolean {
  return progress.total > 0 && progress.done.length === progress.total;
}

/** The short counts a reminder and a card show: what `messages.progressCounts` words. */
export interface ProgressSummary {
  total: number;
  done: number;
  /** Read, done included. */
  read: number;
  doneNames: string[];
  /** Read and not yet done. */
  readNames: string[];
  pendingNames: string[];
  isOpenRoster: boolean;
}

export function summarise(progress: Progress): ProgressSummary {
  return {
    total: progress.total,
    done: progress.done.length,
    read: progress.done.length + progress.read.length,
    doneNames: progress.done.map((p) => p.name),
    readNames: progress.read.map((p) => p.name),
    pendingNames: progress.pending.map((p) => p.name),
    isOpenRoster: progress.isOpenRoster,
  };
}
