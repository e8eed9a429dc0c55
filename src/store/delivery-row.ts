import type { DeliveryKind, DeliveryRow, DeliveryStatus } from './store.js';

/** A `deliveries` row as both stores' drivers return it (snake_case columns, epoch milliseconds). */
export interface RawDelivery {
  deadline_id: string;
  occurrence: string;
  target: string;
  kind: DeliveryKind;
  status: DeliveryStatus;
  attempts: number;
  last_error: string | null;
  updated_at: number;
  claimable_at: number | null;
  message_ref: string | null;
}

export const toDelivery = (r: RawDelivery): DeliveryRow => ({
  deadlineId: r.deadline_id,
  occurrence: r.occurrence,
  target: r.target,
  kind: r.kind,
  status: r.status,
  attempts: r.attempts,
  lastError: r.last_error,
  updatedAt: r.updated_at,
  claimableAt: r.claimable_at,
  messageRef: r.message_ref,
});
