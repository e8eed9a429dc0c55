// A separate process for the Slack SIGKILL test: one send-due pass over the built code (dist/), posting
// through the real Slack Web API client to SLACK_API_URL (the test's fake Slack).
// Usage: node send-due-slack-child.mjs KNOWLEDGE_DIR DB_FILE AT_ISO SLACK_API_URL
import { sendDuePass, silentLogger } from './send-due-pass.mjs';

const [knowledge, dbFile, at, apiUrl] = process.argv.slice(2);
const { standaloneSlackNotifier } = await import(
  new URL('../../dist/adapters/slack/notifier.js', import.meta.url).href
);

const slack = { botToken: 'xoxb-child', apiUrl, mode: 'http', command: '/directive' };
await sendDuePass({
  knowledge,
  dbFile,
  at,
  notifiers: new Map([['slack', standaloneSlackNotifier(slack, silentLogger())]]),
});
