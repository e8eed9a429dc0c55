import { DWClient } from 'dingtalk-stream';

/** The parts of the SDK's `ws` socket this client touches. */
interface StreamSocket {
  readonly readyState: number;
  once(event: 'close', listener: () => void): unknown;
  ping(): void;
  close(): void;
  terminate(): void;
}

/**
 * Private fields of `DWClient` 2.1.5 that we must reach: the SDK offers no option for the gateway
 * URL, no signal when its socket closes, and no handshake timeout. Checked against its dist source;
 * re-check when the version moves.
 */
interface SdkInternals {
  dw_url?: string;
  socket?: StreamSocket;
  userDisconnect: boolean;
  sslopts: Record<string, unknown>;
}

const OPEN = 1;

export interface StreamClientOptions {
  clientId: string;
  clientSecret: string;
  /** `POST` here returns `{ endpoint, ticket }`; private deployments and tests use their own. */
  gatewayUrl: string;
  /** Bound on the gateway call and the WebSocket handshake, in ms. Default 10 000. */
  requestTimeoutMs?: number;
  /** Called with anything the SDK would otherwise throw into the socket's event loop. */
  onError: (error: unknown, where: string) => void;
}

/**
 * `DWClient` with the configured gateway, and with connection lifetime left to its owner
 * (`connection.ts`): the SDK's own reconnect and keepalive are off because in 2.1.5 they storm,
 * survive `disconnect()` and pile up timers.
 */
export class StreamClient extends DWClient {
  /** Set by any sign of life from the server (pong, KEEPALIVE); cleared by each keepalive ping. */
  private heardFromServer = false;
  private readonly requestTimeoutMs: number;

  constructor(private readonly options: StreamClientOptions) {
    super({ clientId: options.clientId, clientSecret: options.clientSecret, keepAlive: false, ua: 'directive-bot' });
    this.config.autoReconnect = false;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
    const internals = this.internals();
    // Without it a gateway that accepts TCP but never upgrades would hold an attempt forever.
    internals.sslopts = { ...internals.sslopts, handshakeTimeout: this.requestTimeoutMs };
    // EventEmitter throws an unheard 'error' event; that must never end the process.
    this.on('error', (error: unknown) => options.onError(error, 'client'));
  }

  private internals(): SdkInternals {
    return this as unknown as SdkInternals;
  }

  /** Asks the configured gateway for a WebSocket endpoint and a one-time ticket. */
  override async getEndpoint(): Promise<this> {
    const response = await fetch(this.options.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        clientId: this.config.clientId,
        clientSecret: this.config.clientSecret,
        ua: this.config.ua,
        subscriptions: this.config.subscriptions,
      }),
      signal: AbortSignal.timeout(this.requestTimeoutMs),
    });
    if (!response.ok) throw new Error(`gateway answered HTTP ${response.status}`);
    const body = (await response.json()) as { endpoint?: unknown; ticket?: unknown };
    if (typeof body.endpoint !== 'string' || typeof body.ticket !== 'string') {
      throw new Error('gateway answer lacks endpoint or ticket');
    }
    this.internals().dw_url = `${body.endpoint}?ticket=${encodeURIComponent(body.ticket)}`;
    return this;
  }

  /**
   * One connection attempt: a ticket, then the socket. Resolves once the socket is open, with a
   * promise that settles when it closes; rejects if either step fails.
   */
  async open(): Promise<{ closed: Promise<void> }> {
    await this.getEndpoint();
    await this._connect();
    const socket = this.internals().socket;
    if (!socket || socket.readyState !== OPEN) return { closed: Promise.resolve() };
    this.heardFromServer = true;
    return { closed: new Promise((resolve) => socket.once('close', () => resolve())) };
  }

  /**
   * One keepalive round: pings the server, and ends the socket if nothing was heard since the last
   * round, so a half-open connection is noticed and replaced.
   */
  keepAlive(): void {
    const socket = this.internals().socket;
    if (!socket || socket.readyState !== OPEN) return;
    if (!this.heardFromServer) {
      this.options.onError(new Error('no pong within the keepalive interval'), 'keepalive');
      socket.terminate();
      return;
    }
    this.heardFromServer = false;
    try {
      socket.ping();
    } catch (error) {
      this.options.onError(error, 'keepalive');
    }
  }

  override heartbeat(): void {
    this.heardFromServer = true;
  }

  /** A frame the SDK cannot parse or a listener that throws would otherwise escape into `ws`'s event loop. */
  override onDownStream(data: string): void {
    this.heardFromServer = true;
    try {
      super.onDownStream(data);
    } catch (error) {
      this.options.onError(error, 'downstream');
    }
  }

  /**
   * Acknowledges a callback so DingTalk does not redeliver it; a closed socket makes this a no-op.
   * A card callback's answer is read as card data to apply, so it is acknowledged with `{}`.
   */
  acknowledge(messageId: string, body: object = { status: 'SUCCESS', message: 'OK' }): void {
    try {
      this.socketCallBackResponse(messageId, body);
    } catch (error) {
      this.options.onError(error, 'ack');
    }
  }

  /** Closes the socket without the SDK's `disconnect()`, which prints to stdout and keeps reconnecting. */
  async close(graceMs = 1_000): Promise<void> {
    const internals = this.internals();
    internals.userDisconnect = true;
    const socket = internals.socket;
    if (!socket || socket.readyState === 3) return;
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    let timer: NodeJS.Timeout | undefined;
    try {
      socket.close();
    } catch {
      socket.terminate();
    }
    await Promise.race([closed, new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
    if (socket.readyState !== 3) socket.terminate();
  }
}
