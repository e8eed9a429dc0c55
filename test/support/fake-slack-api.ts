import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the bot made to the fake Web API (or to a response URL). */
export interface RecordedCall {
  /** Web API method (`chat.postMessage`), or `response_url` for posts to a slash command's response URL. */
  method: string;
  /** The arguments, with JSON-valued form fields (`blocks`, `view`) parsed. */
  body: Record<string, unknown>;
  authorization: string | undefined;
}

/**
 * A stand-in for `https://slack.com/api/` on 127.0.0.1: answers `auth.test` and
 * `apps.connections.open`, records `chat.postMessage`, `chat.postEphemeral`, `views.publish` and
 * posts to response URLs, and can be told to fail a method.
 */
export class FakeSlackApi {
  readonly calls: RecordedCall[] = [];
  /** Where `apps.connections.open` sends the Socket Mode client. */
  socketUrl: string | undefined;
  /** How long each answer waits, as a slow or distant Slack would. */
  delayMs = 0;
  private readonly failures = new Map<string, string[]>();
  private readonly rateLimits = new Map<string, number>();
  private readonly holds = new Set<string>();
  /** What chat.postMessage posted, as conversations.history returns it. */
  private readonly posted: Array<{ channel: string; ts: string; text: unknown; metadata?: unknown }> = [];
  private readonly permanent = new Map<string, string>();
  private readonly stalls: Array<{ method: string; matches: (body: Record<string, unknown>) => boolean }> = [];

  private constructor(
    private readonly server: Server,
    /** Base URL for `SLACK_API_URL`, ending in `/api/`. */
    readonly url: string,
    /** Base URL for response URLs in fixtures. */
    readonly origin: string,
  ) {}

  static async start(): Promise<FakeSlackApi> {
    let api: FakeSlackApi | undefined;
    const server = createServer((req, res) => {
      let raw = '';
      req.setEncoding('utf8');
      req.on('data', (c: string) => {
        raw += c;
      });
      req.on('end', () => {
        const retryAfter = api?.takeRateLimit(req.url ?? '');
        if (retryAfter !== undefined) {
          res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(retryAfter) });
          res.end(JSON.stringify({ ok: false, error: 'ratelimited' }));
          return;
        }
        const reply = api?.answer(req.url ?? '', req.headers['content-type'] ?? '', raw, req.headers.authorization);
        // A stalled call is recorded and never answered, as if the bot died (or the network hung) mid-send.
        if (reply === 'stall') return;
        // Slack has the message, but its answer never comes back: the sender cannot know it got through.
        if (api?.takeHold(req.url ?? '')) return;
        setTimeout(() => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify(reply ?? { ok: false, error: 'not_ready' }));
        }, api?.delayMs ?? 0);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    api = new FakeSlackApi(server, `http://127.0.0.1:${port}/api/`, `http://127.0.0.1:${port}`);
    return api;
  }

  /** The next `times` calls to `method` answer `{ ok: false, error }`. */
  failNext(method: string, error: string, times = 1): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), ...Array(times).fill(error)]);
  }

  /** The next call to `method` answers HTTP 429 with `Retry-After: retryAfterSeconds`, as Slack's rate limit does. */
  rateLimitNext(method: string, retryAfterSeconds = 1): void {
    this.rateLimits.set(method, retryAfterSeconds);
  }

  /** The next call to `method` is carried out, but never answered (as when the sender dies mid-call). */
  holdNext(method: string): void {
    this.holds.add(method);
  }

  private takeHold(path: string): boolean {
    const method = path.startsWith('/api/') ? (path.slice('/api/'.length).split('?')[0] ?? '') : '';
    return this.holds.delete(method);
  }

  /** Every call to `method` answers `{ ok: false, error }` until `heal`. */
  failAlways(method: string, error: string): void {
    this.permanent.set(method, error);
  }

  /** The next call to `method` whose arguments `matches` is recorded but never answered. */
  stallNext(method: string, matches: (body: Record<string, unknown>) => boolean = () => true): void {
    this.stalls.push({ method, matches });
  }

  heal(method: string): void {
    this.permanent.delete(method);
    this.failures.delete(method);
  }

  private takeRateLimit(path: string): number | undefined {
    const method = path.startsWith('/api/') ? (path.slice('/api/'.length).split('?')[0] ?? '') : '';
    const retryAfter = this.rateLimits.get(method);
    this.rateLimits.delete(method);
    return retryAfter;
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Waits, polling, until `method` has been called `count` times; fails after `timeoutMs`. */
  async waitFor(method: string, count = 1, timeoutMs = 5_000): Promise<RecordedCall[]> {
    await pollUntil(() => this.callsTo(method).length >= count, timeoutMs, `${count} call(s) to ${method}`);
    return this.callsTo(method);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private answer(
    path: string,
    contentType: string,
    raw: string,
    authorization: string | undefined,
  ): Record<string, unknown> | 'stall' {
    const body = parseBody(contentType, raw);
    const method = path.startsWith('/api/') ? (path.slice('/api/'.length).split('?')[0] ?? '') : 'response_url';
    this.calls.push({ method, body, authorization });
    const stall = this.stalls.findIndex((s) => s.method === method && s.matches(body));
    if (stall >= 0) {
      this.stalls.splice(stall, 1);
      return 'stall';
    }
    const queued = this.failures.get(method);
    const error = queued?.shift() ?? this.permanent.get(method);
    if (error) return { ok: false, error };
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://fake.slack.com/',
          team: 'Fake',
          user: 'directive-bot',
          team_id: 'T0TEAM',
          user_id: 'U0BOT',
          bot_id: 'B0BOT',
        };
      case 'apps.connections.open':
        return this.socketUrl ? { ok: true, url: this.socketUrl } : { ok: false, error: 'no_socket_configured' };
      case 'chat.postMessage': {
        const ts = `${(Date.now() / 1000).toFixed(6)}`;
        this.posted.push({ channel: String(body.channel), ts, text: body.text, metadata: body.metadata });
        return { ok: true, channel: body.channel, ts, message: { text: body.text } };
      }
      case 'conversations.history': {
        const oldest = Number(body.oldest ?? 0);
        const messages = this.posted
          .filter((m) => m.channel === body.channel && Number(m.ts) >= oldest)
          .reverse()
          .map((m) => ({
            type: 'message',
            ts: m.ts,
            text: m.text,
            // Slack returns metadata only when asked to.
            ...(String(body.include_all_metadata) === 'true' && m.metadata ? { metadata: m.metadata } : {}),
          }));
        return { ok: true, messages, has_more: false };
      }
      case 'chat.postEphemeral':
        return { ok: true, message_ts: `${Date.now() / 1000}` };
      case 'views.publish':
        return { ok: true, view: { id: 'V0HOME' } };
      default:
        return { ok: true };
    }
  }
}

function parseBody(contentType: string, raw: string): Record<string, unknown> {
  if (contentType.includes('application/json')) return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    out[key] = /^[[{]/.test(value) ? safeJson(value) : value;
  }
  return out;
}

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** Polls `condition` every 20 ms until it holds; throws naming `what` after `timeoutMs`. */
export async function pollUntil(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
