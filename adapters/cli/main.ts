import { parseArgs } from 'node:util';
import { exitQuietlyWhenOutputCloses } from './closed-output.js';
import { CliError, openContext } from './context.js';

const USAGE = `directive-bot: answers questions about a directive with cited excerpts, and reminds of its deadlines.

Usage:
  directive-bot ask "问题"            answer one question (--json for the Reply as JSON)
  directive-bot ask --jsonl           one question a line on stdin, one JSON reply a line on stdout
  directive-bot chat                  interactive terminal chat
  directive-bot outline [--json]      the parsed structure of every directive
  directive-bot serve                 run the configured chat platforms (terminal chat if none)
  directive-bot deadlines [--json] [--at ISO]        what is due, with days left
  directive-bot deadlines suggest     draft deadlines.yaml entries from the directives' text
  directive-bot reminders preview --from ISO --to ISO [--json]
  directive-bot reminders send-due [--at ISO]        send whatever is due, once
  directive-bot doctor [--offline]    check configuration, knowledge, data folder, database and platforms
  directive-bot report [--json]       unanswered questions and 👍/👎 of the last 30 days
  directive-bot migrate-store --from sqlite --to "$DATABASE_URL"
                                      copy the SQLite store into PostgreSQL (again: adds only what is missing)
  directive-bot progress [--json] [--deadline ID] [--at ISO]   督办: who is done, who has read it, who has not

Options:
  --knowledge DIR   use another knowledge folder (default: KNOWLEDGE_DIR or the bundled one)
`;

const OPTIONS = {
  json: { type: 'boolean' },
  jsonl: { type: 'boolean' },
  knowledge: { type: 'string' },
  at: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  deadline: { type: 'string' },
  offline: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export type Flags = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

/** Commands added by other capabilities register here, keyed by their first word. */
type Handler = (flags: Flags, args: string[]) => Promise<void>;
const extraCommands = new Map<string, () => Promise<Handler>>([
  ['deadlines', async () => (await import('./deadlines.js')).runDeadlines],
  ['reminders', async () => (await import('./reminders.js')).runReminders],
  ['doctor', async () => (await import('./doctor.js')).runDoctor],
  ['report', async () => (await import('./report.js')).runReport],
  ['migrate-store', async () => (await import('./migrate-store.js')).runMigrateStore],
  ['progress', async () => (await import('./progress.js')).runProgress],
]);

export async function main(argv: string[]): Promise<number> {
  exitQuietlyWhenOutputCloses();
  try {
    const { values: flags, positionals } = parseArgs({
      args: argv,
      options: OPTIONS,
      allowPositionals: true,
      strict: true,
    });
    const [command, ...rest] = positionals;
    if (flags.help || !command || command === 'help') {
      process.stdout.write(USAGE);
      return command || flags.help ? 0 : 2;
    }
    const io = { stdin: process.stdin, stdout: process.stdout, isTTY: Boolean(process.stdout.isTTY) };
    switch (command) {
      // Each command imports what it uses when it runs: `deadlines` from a timer never loads the search code.
      case 'ask':
        await (await import('./ask.js')).runAsk(flags, rest, io);
        return 0;
      case 'chat': {
        const [{ createBot }, { runChat }] = await Promise.all([
          import('../../src/bot.js'),
          import('../console/chat.js'),
        ]);
        const { config, logger, library } = await openContext(flags, process.env, 'warn');
        // The store keeps 已阅/已完成 typed here, as `serve` would.
        const store = await (await import('../../src/store/open-store.js')).openStore(config);
        try {
          const bot = createBot({ admins: config.admins, timezone: config.timezone }, { library, logger, store });
          await runChat(bot, { input: process.stdin, output: process.stdout, color: io.isTTY });
        } finally {
          await store.close();
        }
        return 0;
      }
      case 'outline': {
        const { outlineText } = await import('../../src/outline-text.js');
        const { library } = await openContext(flags, process.env, 'warn');
        const directives = library.current.directives;
        process.stdout.write(
          flags.json
            ? `${JSON.stringify(
                directives.map((d) => ({ id: d.id, title: d.title, date: d.date, file: d.file, outline: d.outline })),
                null,
                2,
              )}\n`
            : `${outlineText(directives)}\n`,
        );
        return 0;
      }
      case 'serve':
        // Loaded only here: serve pulls in the store, the scheduler and the platform adapters.
        await (await import('./serve.js')).runServe(flags);
        return 0;
      default: {
        const load = extraCommands.get(command);
        if (!load) throw new CliError(`unknown command "${command}"\n\n${USAGE}`, 2);
        await (await load())(flags, rest);
        return 0;
      }
    }
  } catch (e) {
    if (e instanceof CliError) {
      process.stderr.write(`directive-bot: ${e.message}\n`);
      return e.exitCode;
    }
    if (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`directive-bot: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    throw e;
  }
}
