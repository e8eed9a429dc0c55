import type { Cycle } from './cycle.js';
import { namedOwners } from './progress.js';

export type MarkPermission = 'allowed' | 'not-owner' | 'elsewhere';

/**
 * Whether `person` may mark a round as read or done from `conversation`. A named owner may, from
 * anywhere; anyone may in a conversation that counts whoever answers there (a conversation owner, or
 * any of the deadline's conversations when it names no owners). The terminal is the operator's seat.
 *
 * @param targets the deadline's conversations: its `to` and the subscribed conversations.
 */
export function mayMark(
  cycle: Cycle,
  person: string,
  conversation: string,
  targets: readonly string[],
): MarkPermission {
  if (person.startsWith('console:') || person.startsWith('cli:')) return 'allowed';
  const { owners } = cycle.deadline;
  if (namedOwners(cycle).some((o) => o.key === person)) return 'allowed';
  if (owners.some((o) => o.kind === 'conversation' && o.target === conversation)) return 'allowed';
  if (owners.length === 0) return targets.includes(conversation) ? 'allowed' : 'elsewhere';
  return owners.some((o) => o.kind === 'conversation') ? 'elsewhere' : 'not-owner';
}
