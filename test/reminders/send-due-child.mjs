// A separate process for the SIGKILL test: runs one send-due pass over the built code (dist/), with a
// notifier that appends each message it accepts to a file, as a platform would keep it.
// Usage: node send-due-child.mjs KNOWLEDGE_DIR DB_FILE OUT_FILE AT_ISO [HANG_ON_SEND_NUMBER]
// With HANG_ON_SEND_NUMBER, that send never completes: it writes OUT_FILE.hang and waits to be killed.
import { appendFileSync, writeFileSync } from 'node:fs';
import { sendDuePass } from './send-due-pass.mjs';

const [knowledge, dbFile, outFile, at, hangOn] = process.argv.slice(2);

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
await sendDuePass({ knowledge, dbFile, at, notifiers: new Map([['console', notifier]]) });
