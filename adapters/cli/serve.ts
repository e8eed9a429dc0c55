import { createBot } from '../../src/bot.js';
import { systemClock } from '../../src/clock.js';
import type { Config } from '../../src/config.js';
import { KnowledgeErrors } from '../../src/knowledge/knowledge-error.js';
import { LibraryHolder } from '../../src/library.js';
import { cacheDirIn } from '../../src/library-cache.js';
import type { Logger } from '../../src/logger.js';
import type { Notifier } from '../../src/notifier.js';
import { createAdmission } from '../../src/ops/admission.js';
import { databaseHealth } from '../../src/ops/database-health.js';
import { type ConnectionState, type Health, healthHandler, startHealthServer } from '../../src/ops/health.js';
import { watchKnowledge } from '../../src/ops/knowledge-watcher.js';
import { librarySize } from '../../src/ops/library-size.js';
import { reloadNotice } from '../../src/ops/reload-notice.js';
import { createShutdown, onSignals } from '../../src/ops/shutdown.js';
import { type Scheduler, startScheduler } from '../../src/reminders/scheduler.js';
import { openStore, storeLocation } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { consoleNotifier, runChat } from '../console/chat.js';
import { CliError, cliLogger, readCliConfig } from './context.js';
import type { Flags } from './main.js';

/** How long shutdown waits for answers already being computed before closing the database anyway. */
const DRAIN_MS = 10_000;
const EVENT_RETENTION_MS = 7 * 24 * 3_600_000;
const PRUNE_EVERY_MS = 3_600_000;
/**
 * After a signal, lines already typed into the terminal chat (or piped to it) are still answered:
 * the signal can overtake input that was written just before it.
 */
const SETTLE_MS = 200;

/** What serve needs from an adapter module; the Slack and DingTalk adapters both return this shape. */
interface PlatformAdapter {
  notifier: Notifier;
  status(): ConnectionState;
  stop(): Promise<void>;
}

/**
 * The composition root: configuration, store, library, bot, the configured chat platforms, reminders,
 * hot reload, `/healthz` and graceful shutdown. With no platform configured it runs the terminal chat.
 */
export async function runServe(flags: Flags): Promise<void> {
  const config = readCliConfig(flags);
  const isTerminal = !config.slack && !config.dingtalk;
  // The terminal chat shares the screen with stderr: routine info lines would bury the answers.
  const logger = cliLogger(isTerminal && config.logLevel === 'info' ? 'warn' : config.logLevel);
  const clock = systemClock;

  let library: LibraryHolder;
  try {
    library = await LibraryHolder.load(config.knowledgeDir, logger, {
      limits: config.knowledgeLimits,
      cacheDir: cacheDirIn(config.dataDir),
    });
  } catch (e) {
    if (e instanceof KnowledgeErrors) throw new CliError(`knowledge could not be loaded:\n${e.message}`, 1);
    throw e;
  }
  const store = await openStore(config, logger).catch((error: unknown) => {
    throw new CliError(
      `cannot open the store at ${storeLocation(config)}: ${error instanceof Error ? error.message : String(error)}`,
      1,
    );
  });
  const admission = createAdmission(
    {
      access: config.access,
      rateLimitPerMinute: config.rateLimitPerMinute,
      maxConcurrent: config.maxConcurrent,
    },
    { clock, logger },
  );
  const notifiers = new Map<string, Notifier>();
  const watcher = watchKnowledge({
    library,
    logger,
    clock,
    onReload: reloadNotice(config.adminConversation, notifiers, logger),
  });
  const bot = createBot(
    { admins: config.admins, timezone: config.timezone },
    // 重新加载 from chat goes through the watcher, so /healthz and the admins' conversation hear of it.
    { library, store, notifiers, clock, logger, admission, reload: () => watcher.reloadNow() },
  );
  const size = librarySize(library.current);
  logger.info({ ...size, knowledge: config.knowledgeDir, dataDir: config.dataDir }, 'knowledge loaded');

  const shutdown = createShutdown({ logger, clock });
  const adapters = new Map<string, PlatformAdapter>();
  const startedAt = clock.now();

  const readHealth = async (): Promise<Health> => {
    const database = await databaseHealth(store, clock, config.databaseUrl ? 'postgres' : 'sqlite');
    const states = Object.fromEntries([...adapters].map(([name, a]) => [name, a.status()]));
    const { documents, passages } = librarySize(library.current);
    const last = watcher.lastAttempt;
    const isConnected = Object.values(states).every((s) => s === 'connected');
    return {
      status: isConnected && database.state === 'ok' && watcher.state === 'watching' ? 'ok' : 'degraded',
      adapters: states,
      knowledgeFolder: watcher.state,
      index: { documents, passages },
      lastReload: library.current.loadedAt.toISOString(),
      ...(last && !last.ok ? { lastReloadError: { at: last.at.toISOString(), problems: last.problems } } : {}),
      uptimeSeconds: Math.round((clock.now().getTime() - startedAt.getTime()) / 1000),
      database,
    };
  };
  const health = healthHandler(readHealth);

  // Listen before connecting anything, so a SIGTERM during start-up still ends in an orderly shutdown.
  let stopRequested: (reason: string) => void = () => {};
  const stopped = new Promise<string>((resolve) => {
    stopRequested = resolve;
  });
  const stopSignals = onSignals(['SIGTERM', 'SIGINT'], (signal) => {
    logger.info({ signal }, 'signal received');
    stopRequested(signal);
  });
  const stopReload = onSignals(['SIGHUP'], () => {
    logger.info('SIGHUP: reloading knowledge');
    void watcher.reloadNow();
  });

  let isStopping = false;
  stopped.then(() => {
    isStopping = true;
  });
  const slackOwnsPort = config.slack?.mode === 'http';

  // The health endpoint comes first, so a monitor sees "connecting" while the platforms sign in.
  let healthServer: { close(): Promise<void> } | undefined;
  if (!slackOwnsPort) {
    try {
      healthServer = await startHealthServer(config.port, health, logger);
    } catch (error) {
      // A busy port must not stop the bot from answering; the health endpoint is only for monitoring.
      logger.warn({ err: error, port: config.port }, 'cannot serve /healthz; set PORT to a free port');
    }
  }

  // Platforms sign in side by side and in the background: a slow one neither delays the other nor a SIGTERM.
  const starting = new Map<string, Promise<PlatformAdapter | undefined>>();
  if (config.slack) {
    const slack = config.slack;
    starting.set(
      'slack',
      startAdapter('slack', adapters, notifiers, logger, async () => {
        const { startSlack } = await import('../slack/index.js');
        return startSlack({
          slack,
          port: config.port,
          bot,
          store,
          logger: logger.child({ adapter: 'slack' }),
          ...(slackOwnsPort ? { customRoutes: [{ path: '/healthz', method: ['GET', 'HEAD'], handler: health }] } : {}),
        });
      }),
    );
  }
  if (config.dingtalk) {
    const dingtalk = config.dingtalk;
    starting.set(
      'dingtalk',
      startAdapter('dingtalk', adapters, notifiers, logger, async () => {
        const { startDingTalk } = await import('../dingtalk/index.js');
        // Its default clock keeps the process alive between reconnect attempts; systemClock's timers would not.
        return startDingTalk({ dingtalk, bot, store, logger: logger.child({ adapter: 'dingtalk' }) });
      }),
    );
  }
  if (isTerminal) notifiers.set('console', consoleNotifier(process.stdout));

  let noPlatformStarted = false;
  // Reminders wait until every platform has connected or given up, so a catch-up reminder is not
  // attempted before its notifier exists.
  let scheduler: Scheduler | undefined;
  void Promise.all(starting.values()).then((started) => {
    if (started.length > 0 && started.every((a) => a === undefined)) {
      // Exit non-zero so systemd (Restart=on-failure) tries again later, e.g. once the network is back.
      noPlatformStarted = true;
      stopRequested('no chat platform could start');
      return;
    }
    if (!isStopping) scheduler = startReminders(config, library, store, notifiers, logger);
  });

  // Shutdown order: refuse new messages, let answers in flight finish, stop reminders, close the edges, then the database.
  shutdown.add({ name: 'refuse new messages', run: () => admission.close() });
  shutdown.add({
    name: 'finish answers in flight',
    run: async () => {
      if (!(await admission.drained(DRAIN_MS))) {
        logger.warn({ inFlight: admission.inFlight, waitedMs: DRAIN_MS }, 'answers still running at shutdown');
      }
    },
  });
  shutdown.add({ name: 'stop reminders', run: async () => await scheduler?.stop() });
  // A send that outlived the step above is given up, so another replica sends it now rather than after the lease.
  shutdown.add({ name: 'release reminder claims', run: async () => await scheduler?.releaseHeld() });
  // Platforms redeliver an event for minutes at most; a week of dedup rows is ample and keeps the table small.
  const forgetOldEvents = () =>
    store
      .forgetEventsBefore(clock.now().getTime() - EVENT_RETENTION_MS)
      .catch((error: unknown) => logger.warn({ err: error }, 'could not prune old dedup rows; trying again later'));
  void forgetOldEvents();
  const pruning = setInterval(forgetOldEvents, PRUNE_EVERY_MS);
  pruning.unref();
  shutdown.add({ name: 'stop pruning', run: () => clearInterval(pruning) });
  // A platform still signing in has nothing to stop yet; the process exits from under its retries.
  for (const name of starting.keys()) shutdown.add({ name: `stop ${name}`, run: () => adapters.get(name)?.stop() });
  shutdown.add({ name: 'stop watching knowledge', run: () => watcher.stop() });
  if (healthServer) {
    const server = healthServer;
    shutdown.add({ name: 'close health endpoint', run: () => server.close() });
  }
  shutdown.add({ name: 'close database', run: () => store.close() });

  // Sockets come and go while reconnecting and our timers are unref'd: this holds the process up until shutdown.
  const keepAlive = setInterval(() => {}, 1 << 30);
  logger.info({ platforms: [...starting.keys()], terminal: isTerminal }, 'directive-bot is serving');
  if (isTerminal) {
    // Under systemd stdin is empty: the chat would end at once. Say why, since nothing else will.
    if (!process.stdin.isTTY) logger.warn('no chat platform configured: running the terminal chat on stdin');
    const chat = runChat(bot, { input: process.stdin, output: process.stdout, color: Boolean(process.stdout.isTTY) });
    const reason = await Promise.race([chat.then(() => 'end of input'), stopped]);
    if (reason !== 'end of input') {
      await new Promise((resolve) => clock.setTimeout(() => resolve(undefined), SETTLE_MS));
    }
    await shutdown.run(reason);
    if (process.stdin.isTTY) process.stdin.setRawMode?.(false);
    process.stdin.destroy();
  } else {
    await shutdown.run(await stopped);
  }
  clearInterval(keepAlive);
  stopSignals();
  stopReload();
  // Everything is closed; if a library still holds a handle open, do not let it keep a stopped bot alive.
  setTimeout(() => process.exit(process.exitCode ?? 0), 2_000).unref();
  if (noPlatformStarted) throw new CliError('no chat platform could start; see the log above', 1);
}

/**
 * Starts one platform in the background. Until it is up, `/healthz` shows it as connecting; if it
 * cannot start, as disconnected, and the promise resolves to undefined. `start` imports the adapter
 * itself, so a missing or broken one (a native dependency that failed to build, say) stops only that part.
 */
function startAdapter(
  name: string,
  adapters: Map<string, PlatformAdapter>,
  notifiers: Map<string, Notifier>,
  logger: Logger,
  start: () => Promise<PlatformAdapter>,
): Promise<PlatformAdapter | undefined> {
  const placeholder = (status: ConnectionState): PlatformAdapter => ({
    notifier: { platform: name, send: async () => Promise.reject(new Error(`${name} is ${status}`)) },
    status: () => status,
    stop: async () => {},
  });
  adapters.set(name, placeholder('connecting'));
  return start().then(
    (adapter) => {
      adapters.set(name, adapter);
      notifiers.set(adapter.notifier.platform, adapter.notifier);
      logger.info({ adapter: name, status: adapter.status() }, 'adapter started');
      return adapter;
    },
    (error: unknown) => {
      // The other platform keeps running; /healthz and `doctor` show what is wrong.
      logger.error({ err: error, adapter: name }, 'adapter failed to start');
      adapters.set(name, placeholder('disconnected'));
      return undefined;
    },
  );
}

function startReminders(
  config: Config,
  library: LibraryHolder,
  store: Store,
  notifiers: Map<string, Notifier>,
  logger: Logger,
): Scheduler | undefined {
  try {
    return startScheduler({
      library,
      store,
      notifiers,
      clock: systemClock,
      logger: logger.child({ part: 'reminders' }),
      timezone: config.timezone,
      graceMs: config.reminderGraceMs,
      leaseMs: config.reminderLeaseMs,
      adminConversation: config.adminConversation,
    });
  } catch (error) {
    logger.error({ err: error }, 'reminders are not running');
    return undefined;
  }
}
