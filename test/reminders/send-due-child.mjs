// A separate process for the SIGKILL test: runs one send-due pass over the built code (dist/), with a
// notifier that appends each message it accepts to a file, as a platform would keep it.
// Usage: node send-due-child.mjs KNOWLEDGE_DIR DB_FILE OUT_FILE AT_ISO [HANG_ON_SEND_NUMBER]
// With HANG_ON_SEND_NUMBER, that send never completes: it writes OUT_FILE.hang and waits to be killed.
import { appendFileSync, writeFileSync } from 'node:fs';

const [knowledge, dbFile, outFile, at, hangOn] = process.argv.slice(2);
const dist = new URL('../../dist/src/', import.meta.url);
const { loadLibrary } = await import(new URL('library.js', dist).href);
const { SqliteStore } = await import(new URL('store/sqlite-store.js', dist).href);
const { deliverDue } = await import(new URL('reminders/deliver-due.js', dist).href);
const { silentLogger } = await import(new URL('logger.js', dist).href);

let sends = 0;
const notifier = {
  platform: 'console',
  async send(conversationId, reply) {
    sends += 1;
    if (String(sends) === hangOn) {
      writeFileSync(`${outFile}.hang`, `${reply.text.split('\n')[0]}\n`);
      setInterval(() => {}, 1_000);
      await new Promise(() => {});
    }
    appendFileSync(outFile, `${conversationId} ${reply.text.split('\n')[0]}\n`);
  },
};
const store = new SqliteStore(dbFile);
const report = await deliverDue({
  library: await loadLibrary(knowledge),
  store,
  notifiers: new Map([['console', notifier]]),
  logger: silentLogger(),
  timezone: 'Asia/Shanghai',
  graceMs: 12 * 3_600_000,
  at: new Date(at),
  // The runs stand for cron runs minutes apart: the delivery log must see that time pass, not the real one.
  clock: { now: () => new Date(at), setTimeout: () => ({ cancel() {} }) },
});
await store.close();
process.stdout.write(`sent ${report.sent.length}\n`);
