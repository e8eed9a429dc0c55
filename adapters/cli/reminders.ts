import { deliverDue, dispatchesBetween, reminderTargets } from '../../src/reminders/deliver-due.js';
import { allOccurrences } from '../../src/reminders/occurrences.js';
import { reminderReply } from '../../src/reminders/reminder-message.js';
import { openStore } from '../../src/store/open-store.js';
import { CliError, openContext } from './context.js';
import { parseInstant } from './deadlines.js';
import type { Flags } from './main.js';
import { notifiersFromConfig } from './notifiers.js';

/**
 * `reminders preview --from ISO --to ISO [--json]`: every reminder that would go out in the window.
 * `reminders send-due [--at ISO]`: a one-shot for a system timer; sends what is due and not yet sent.
 */
export async function runReminders(flags: Flags, args: string[]): Promise<void> {
  const [sub] = args;
  if (sub === 'preview') return preview(flags);
  if (sub === 'send-due') return sendDue(flags);
  throw new CliError('usage: reminders preview --from ISO --to ISO [--json] | reminders send-due [--at ISO]', 2);
}

async function preview(flags: Flags): Promise<void> {
  const from = parseInstant(flags.from, '--from');
  const to = parseInstant(flags.to, '--to');
  if (!from || !to)
    throw new CliError('reminders preview needs --from and --to (e.g. --from 2026-12-01 --to 2027-01-01)', 2);
  if (to <= from) throw new CliError('--to must be later than --from', 2);
  const { config, library } = await openContext(flags, process.env, 'warn');
  const store = await openStore(config);
  try {
    const subscriptions = await store.subscriptions();
    const options = {
      library: library.current,
      store,
      timezone: config.timezone,
      adminConversation: config.adminConversation,
    };
    // Chases and overdue notices as they would read with today's receipts; one with nobody to chase is left out.
    const rows = [];
    for (const d of dispatchesBetween(options, from, to, subscriptions)) {
      const reply = await d.compose();
      if (reply)
        rows.push({
          deadline: d.key.deadlineId,
          kind: d.key.kind,
          at: d.at.toISOString(),
          target: d.key.target,
          reply,
        });
    }
    // A reminder nobody would receive is still shown, so a missing subscription is noticed.
    for (const o of allOccurrences(library.current.deadlines, from, to, config.timezone)) {
      if (reminderTargets(o, subscriptions).length > 0) continue;
      rows.push({
        deadline: o.deadline.id,
        kind: 'reminder' as const,
        at: o.at.toISOString(),
        target: '(no target: nobody subscribed and no "to")',
        reply: reminderReply(o, config.timezone),
      });
    }
    rows.sort((a, b) => a.at.localeCompare(b.at));
    if (flags.json) {
      process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      return;
    }
    if (rows.length === 0) process.stdout.write('no reminders in this window\n');
    for (const r of rows) {
      const kind = r.kind === 'reminder' ? '' : ` (${r.kind})`;
      process.stdout.write(`── ${r.at}  ${r.deadline}${kind} → ${r.target}\n${r.reply.text}\n\n`);
    }
  } finally {
    await store.close();
  }
}

async function sendDue(flags: Flags): Promise<void> {
  const at = parseInstant(flags.at, '--at');
  const { config, logger, library } = await openContext(flags);
  const store = await openStore(config, logger);
  try {
    const report = await deliverDue({
      library: library.current,
      store,
      notifiers: await notifiersFromConfig(config, logger),
      logger,
      timezone: config.timezone,
      graceMs: config.reminderGraceMs,
      leaseMs: config.reminderLeaseMs,
      adminConversation: config.adminConversation,
      at: at ?? new Date(),
    });
    process.stdout.write(
      `sent ${report.sent.length}, failed ${report.failed.length}, skipped ${report.skipped.length}\n`,
    );
    // A non-zero exit lets the system timer or cron that runs us flag the failure.
    if (report.failed.length > 0)
      throw new CliError(`${report.failed.length} reminder(s) failed; see the log on stderr`, 1);
  } finally {
    await store.close();
  }
}
