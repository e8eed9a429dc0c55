import type { Clock } from '../clock.js';
import type { Store } from '../store/store.js';
import type { DatabaseHealth } from './health.js';

/** A monitor polls `/healthz` every few seconds: it must hear "unreachable" well before its own timeout. */
const CHECK_TIMEOUT_MS = 2_000;

/** The store's state for `/healthz`: `ok` when it answers and accepts writes within two seconds. */
export async function databaseHealth(
  store: Store,
  clock: Clock,
  kind: DatabaseHealth['kind'],
): Promise<DatabaseHealth> {
  let timer: { cancel(): void } | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = clock.setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  try {
    const check = await Promise.race([store.check(), timedOut]);
    return {
      kind: check.kind,
      state: check.isWritable ? 'ok' : 'read-only',
      schemaVersion: check.schemaVersion,
      ...(check.clockOffsetMs === undefined ? {} : { clockOffsetMs: check.clockOffsetMs }),
    };
  } catch (error) {
    return { kind, state: 'unreachable', error: error instanceof Error ? error.message : String(error) };
  } finally {
    timer?.cancel();
  }
}
