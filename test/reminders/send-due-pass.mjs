// One send-due pass over the built code (dist/), as the child processes of the SIGKILL tests run it.
const dist = new URL('../../dist/src/', import.meta.url);
const { loadLibrary } = await import(new URL('library.js', dist).href);
const { SqliteStore } = await import(new URL('store/sqlite-store.js', dist).href);
const { deliverDue } = await import(new URL('reminders/deliver-due.js', dist).href);
export const { silentLogger } = await import(new URL('logger.js', dist).href);

/** Delivers what is due at `at` through `notifiers`, on the SQLite file `dbFile`; prints how many were sent. */
export async function sendDuePass({ knowledge, dbFile, at, notifiers }) {
  const store = new SqliteStore(dbFile);
  const report = await deliverDue({
    library: await loadLibrary(knowledge),
    store,
    notifiers,
    logger: silentLogger(),
    timezone: 'Asia/Shanghai',
    graceMs: 12 * 3_600_000,
    at: new Date(at),
    // The runs stand for cron runs minutes apart: the delivery log must see that time pass, not the real one.
    clock: { now: () => new Date(at), setTimeout: () => ({ cancel() {} }) },
  });
  await store.close();
  process.stdout.write(`sent ${report.sent.length}\n`);
}
