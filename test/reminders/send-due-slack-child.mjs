// A separate process for the Slack SIGKILL test: one send-due pass over the built code (dist/), posting
// through the real Slack Web API client to SLACK_API_URL (the test's fake Slack).
// Usage: node send-due-slack-child.mjs KNOWLEDGE_DIR DB_FILE AT_ISO SLACK_API_URL
const [knowledge, dbFile, at, apiUrl] = process.argv.slice(2);
const dist = new URL('../../dist/', import.meta.url);
const { loadLibrary } = await import(new URL('src/library.js', dist).href);
const { SqliteStore } = await import(new URL('src/store/sqlite-store.js', dist).href);
const { deliverDue } = await import(new URL('src/reminders/deliver-due.js', dist).href);
const { silentLogger } = await import(new URL('src/logger.js', dist).href);
const { standaloneSlackNotifier } = await import(new URL('adapters/slack/notifier.js', dist).href);

const slack = { botToken: 'xoxb-child', apiUrl, mode: 'http', command: '/directive' };
const store = new SqliteStore(dbFile);
const report = await deliverDue({
  library: await loadLibrary(knowledge),
  store,
  notifiers: new Map([['slack', standaloneSlackNotifier(slack, silentLogger())]]),
  logger: silentLogger(),
  timezone: 'Asia/Shanghai',
  graceMs: 12 * 3_600_000,
  at: new Date(at),
  // The runs stand for cron runs minutes apart: the delivery log must see that time pass, not the real one.
  clock: { now: () => new Date(at), setTimeout: () => ({ cancel() {} }) },
});
await store.close();
process.stdout.write(`sent ${report.sent.length}\n`);
