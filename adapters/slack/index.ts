import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, type Receiver, SocketModeReceiver } from '@slack/bolt';
import type { Bot } from '../../src/bot.js';
import type { Config } from '../../src/config.js';
import type { Logger } from '../../src/logger.js';
import type { Notifier } from '../../src/notifier.js';
import { letGoOfConnections } from '../../src/ops/close-http-server.js';
import type { Store } from '../../src/store/store.js';
import { boltLogger } from './bolt-logger.js';
import { registerListeners } from './listeners.js';
import { slackClientOptions, slackNotifier } from './notifier.js';
import { guardSlackRequests } from './request-guard.js';

export type SlackStatus = 'connecting' | 'connected' | 'disconnected';

export interface SlackAdapter {
  /** Posts reminders and notices to a channel id with `chat.postMessage`; throws when Slack refuses. */
  notifier: Notifier;
  /** Socket Mode: the WebSocket's state. HTTP mode: connected while the endpoint listens. */
  status(): SlackStatus;
  /** HTTP mode: the port `/slack/events` listens on (useful when `port` was 0). */
  readonly port: number | undefined;
  stop(): Promise<void>;
}

export interface SlackOptions {
  slack: NonNullable<Config['slack']>;
  /** HTTP mode: where `/slack/events` listens. Socket Mode: where `customRoutes` listen, if any. */
  port: number;
  /** HTTP mode: the interface to bind; all of them by default. */
  host?: string;
  bot: Bot;
  store: Store;
  logger: Logger;
  /** Extra HTTP routes (health checks) served beside Slack's. */
  customRoutes?: Array<{
    path: string;
    method: string | string[];
    handler: (req: IncomingMessage, res: ServerResponse) => void;
  }>;
  /** Attempts to reach Slack at start-up before giving up. Default 5. */
  startAttempts?: number;
  /** First wait between start-up attempts, doubling each time up to 30 s. Default 1,000 ms. */
  startBackoffMs?: number;
  /** Socket Mode: how long a ping may wait for its pong, and the step of the reconnect delay. Bolt's default 5,000 ms. */
  socketPingTimeoutMs?: number;
}

/** Start-up gave up: the message says what to fix. */
export class SlackStartError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SlackStartError';
  }
}

/** Platform errors no retry can cure: the token or app is wrong and an admin must fix it. */
const FATAL_AUTH_ERRORS = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'no_permission',
  'missing_scope',
  'not_allowed_token_type',
]);

const MAX_BACKOFF_MS = 30_000;
/** Socket Mode waits for Slack's `hello`; past this, start-up returns and the client keeps trying in the background. */
const CONNECT_TIMEOUT_MS = 30_000;

/**
 * Starts the Slack adapter: a Bolt app over Socket Mode (default) or HTTP (`/slack/events`), with its
 * listeners registered. Resolves once Slack accepted the token and the transport is up; rejects with a
 * `SlackStartError` after `startAttempts` failures, or at once when the token is refused.
 *
 * @example
 * const slack = await startSlack({ slack: config.slack, port: config.port, bot, store, logger });
 * await slack.notifier.send('C0123ABCD', bot.deadlines());
 */
export async function startSlack(opts: SlackOptions): Promise<SlackAdapter> {
  const { slack } = opts;
  const log = opts.logger.child({ platform: 'slack', mode: slack.mode });
  const blog = boltLogger(opts.logger);
  const clientOptions = slackClientOptions(slack, opts.logger);
  const customRoutes = opts.customRoutes ?? [];

  let status: SlackStatus = 'connecting';
  let stopped = false;
  let receiver: Receiver;
  let socket: SocketModeReceiver | undefined;
  if (slack.mode === 'http') {
    if (!slack.signingSecret) throw new SlackStartError('SLACK_SIGNING_SECRET is required when SLACK_MODE=http');
    receiver = new HTTPReceiver({
      signingSecret: slack.signingSecret,
      endpoints: '/slack/events',
      port: opts.port,
      customRoutes,
      // Answer before acknowledging: Slack then sees a failure as a failure, and tests see a finished reply.
      processBeforeResponse: true,
      logger: blog,
    });
    guardSlackRequests(receiver as HTTPReceiver, {
      signingSecret: slack.signingSecret,
      endpoints: ['/slack/events'],
      logger: log,
    });
  } else {
    if (!slack.appToken)
      throw new SlackStartError('SLACK_APP_TOKEN is required in Socket Mode (or set SLACK_MODE=http)');
    socket = new SocketModeReceiver({
      appToken: slack.appToken,
      logger: blog,
      clientPingTimeout: opts.socketPingTimeoutMs,
      customRoutes,
      installerOptions: { clientOptions, port: opts.port },
    });
    receiver = socket;
  }

  const app = new App({
    token: slack.botToken,
    receiver,
    socketMode: slack.mode === 'socket',
    clientOptions,
    logger: blog,
    // Bolt would call auth.test in the constructor and retry for half an hour; we call init() under our own retry.
    deferInitialization: true,
  });
  registerListeners(app, { bot: opts.bot, store: opts.store, logger: log, command: slack.command });

  if (socket)
    watchSocket(
      socket,
      log,
      () => stopped,
      (s) => {
        status = s;
      },
    );

  let server: Server | undefined;
  const attempts = Math.max(1, opts.startAttempts ?? 5);
  const firstBackoffMs = opts.startBackoffMs ?? 1_000;
  let initialised = false;
  let socketStarted = false;
  for (let attempt = 1; ; attempt++) {
    try {
      if (!initialised) {
        await app.init();
        initialised = true;
        log.info({ apiUrl: slack.apiUrl }, 'Slack accepted the bot token');
      }
      if (slack.mode === 'http') {
        server = (await app.start(opts.host ? { port: opts.port, host: opts.host } : opts.port)) as Server;
        status = 'connected';
        log.info({ port: (server.address() as AddressInfo).port }, 'listening for Slack events on /slack/events');
      } else {
        // app.start() also opens the receiver's HTTP server for customRoutes, which cannot listen twice;
        // a retry only needs the socket.
        const first = !socketStarted;
        socketStarted = true;
        await connectWithin(
          () => (first ? (app.start() as Promise<unknown>) : (socket as SocketModeReceiver).client.start()),
          CONNECT_TIMEOUT_MS,
          log,
        );
      }
      break;
    } catch (error) {
      const listenCode = (error as { code?: unknown } | undefined)?.code;
      if (slack.mode === 'http' && (listenCode === 'EADDRINUSE' || listenCode === 'EACCES')) {
        stopped = true;
        throw new SlackStartError(
          `could not listen on port ${opts.port} for Slack events (${listenCode}). Set PORT to a free port and restart.`,
          { cause: error },
        );
      }
      const code = platformError(error);
      if (code && FATAL_AUTH_ERRORS.has(code)) {
        stopped = true;
        status = 'disconnected';
        await app.stop().catch(() => {});
        throw new SlackStartError(
          `Slack refused the ${initialised ? 'app-level token (SLACK_APP_TOKEN)' : 'bot token (SLACK_BOT_TOKEN)'}: ${code}. ` +
            'Copy the token again from the Slack app settings and restart.',
          { cause: error },
        );
      }
      if (attempt >= attempts) {
        stopped = true;
        status = 'disconnected';
        await app.stop().catch(() => {});
        throw new SlackStartError(
          `could not reach Slack at ${slack.apiUrl} after ${attempts} attempts (${describe(error)}). ` +
            'Check the network or proxy, or SLACK_API_URL, and restart.',
          { cause: error },
        );
      }
      const waitMs = Math.min(firstBackoffMs * 2 ** (attempt - 1), MAX_BACKOFF_MS);
      log.warn({ attempt, attempts, retryInMs: waitMs, error: describe(error) }, 'could not start Slack; retrying');
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  }

  return {
    notifier: slackNotifier(app.client),
    status: () => status,
    port: server ? (server.address() as AddressInfo).port : undefined,
    async stop() {
      if (stopped) return;
      stopped = true;
      if (server) letGoOfConnections(server);
      await app.stop().catch((error: unknown) => log.warn({ error: describe(error) }, 'Slack did not stop cleanly'));
      status = 'disconnected';
      log.info('Slack adapter stopped');
    },
  };
}

/**
 * Starts Socket Mode and waits for Slack's `hello`, but no longer than `timeoutMs`: after that the
 * client keeps trying on its own and `status()` tells whether it got through.
 */
async function connectWithin(start: () => Promise<unknown>, timeoutMs: number, log: Logger): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const started = start();
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const result = await Promise.race([started, timedOut]);
    if (result === 'timeout') {
      started.catch((error: unknown) => log.error({ error: describe(error) }, 'Socket Mode never connected'));
      log.warn({ timeoutMs }, 'Socket Mode has not connected yet; still trying in the background');
    }
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Mirrors the Socket Mode client's lifecycle into `status`, logs the transitions, and keeps a failed
 * reconnect from killing the process: the client re-runs `this.start()` from a timer without catching
 * it (slackapi/node-slack-sdk#2656), so an unreachable Slack during a reconnect would be an unhandled
 * rejection. We catch it and try again later.
 */
function watchSocket(
  receiver: SocketModeReceiver,
  log: Logger,
  isStopped: () => boolean,
  setStatus: (s: SlackStatus) => void,
): void {
  const client = receiver.client;
  let wasConnected = false;
  client.on('connecting', () => setStatus('connecting'));
  client.on('reconnecting', () => {
    setStatus('connecting');
    log.info('reconnecting to Slack');
  });
  client.on('connected', () => {
    setStatus('connected');
    log.info(wasConnected ? 'reconnected to Slack' : 'connected to Slack over Socket Mode');
    wasConnected = true;
  });
  client.on('close', () => {
    if (isStopped()) return;
    setStatus('connecting');
    log.warn('the Socket Mode connection closed; reconnecting');
  });
  client.on('disconnected', () => setStatus('disconnected'));

  const start = client.start.bind(client);
  let failures = 0;
  const startCaught = async (): Promise<void> => {
    try {
      await start();
      failures = 0;
    } catch (error) {
      if (isStopped()) return;
      failures++;
      const waitMs = Math.min(1_000 * 2 ** (failures - 1), MAX_BACKOFF_MS);
      setStatus('disconnected');
      log.error({ error: describe(error), retryInMs: waitMs }, 'could not reconnect to Slack; will retry');
      setTimeout(() => {
        if (!isStopped()) void startCaught();
      }, waitMs).unref();
    }
  };
  // Only reconnects go through the patched method; the first start is awaited (and retried) by startSlack.
  client.once('connected', () => {
    (client as { start: () => Promise<unknown> }).start = startCaught;
  });
}

function platformError(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

function describe(error: unknown): string {
  if (error === undefined) return 'disconnected';
  const code = platformError(error);
  if (code) return code;
  const cause = (error as { original?: unknown; cause?: unknown }).original ?? (error as { cause?: unknown }).cause;
  const message = error instanceof Error ? error.message : String(error);
  return cause instanceof Error ? `${message}: ${cause.message}` : message;
}
