import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import { pollUntil } from './fake-slack-api.js';

/**
 * Slack's Socket Mode server on 127.0.0.1: greets each connection with `hello`, sends envelopes,
 * records what the client sends back (acks), and can drop every connection to force a reconnect.
 */
export class FakeSlackSocket {
  /** Messages received from clients, parsed. Acks look like `{ envelope_id, payload }`. */
  readonly received: Array<Record<string, unknown>> = [];
  /** How many connections were ever opened. */
  connectionCount = 0;
  private readonly open = new Set<WebSocket>();

  private constructor(
    private readonly wss: WebSocketServer,
    /** What `apps.connections.open` should return. */
    readonly url: string,
  ) {}

  static async start(): Promise<FakeSlackSocket> {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    const { port } = wss.address() as AddressInfo;
    const socket = new FakeSlackSocket(wss, `ws://127.0.0.1:${port}/link/?ticket=fake`);
    wss.on('connection', (ws) => socket.accept(ws));
    return socket;
  }

  /** Sends an `events_api` envelope carrying `payload` (an event callback body); returns its envelope id. */
  sendEvent(payload: unknown, retryAttempt = 0): string {
    const envelopeId = randomUUID();
    const message = JSON.stringify({
      envelope_id: envelopeId,
      type: 'events_api',
      payload,
      accepts_response_payload: false,
      retry_attempt: retryAttempt,
      retry_reason: retryAttempt > 0 ? 'timeout' : '',
    });
    for (const ws of this.open) ws.send(message);
    return envelopeId;
  }

  /** Sends an `interactive` envelope (a `block_actions` payload, a button click); returns its envelope id. */
  sendInteractive(payload: unknown): string {
    const envelopeId = randomUUID();
    const message = JSON.stringify({
      envelope_id: envelopeId,
      type: 'interactive',
      payload,
      accepts_response_payload: false,
    });
    for (const ws of this.open) ws.send(message);
    return envelopeId;
  }

  /** Drops every connection without a close handshake, as a network failure would. */
  dropAll(): void {
    for (const ws of this.open) ws.terminate();
    this.open.clear();
  }

  async waitForConnections(count: number, timeoutMs = 5_000): Promise<void> {
    await pollUntil(() => this.connectionCount >= count && this.open.size > 0, timeoutMs, `${count} connection(s)`);
  }

  async waitForAck(envelopeId: string, timeoutMs = 5_000): Promise<Record<string, unknown>> {
    const find = () => this.received.find((m) => m.envelope_id === envelopeId);
    await pollUntil(() => find() !== undefined, timeoutMs, `an ack of ${envelopeId}`);
    return find() as Record<string, unknown>;
  }

  async close(): Promise<void> {
    this.dropAll();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private accept(ws: WebSocket): void {
    this.connectionCount++;
    this.open.add(ws);
    ws.on('message', (data) => {
      try {
        this.received.push(JSON.parse(String(data)) as Record<string, unknown>);
      } catch {
        this.received.push({ unparsed: String(data) });
      }
    });
    ws.on('close', () => this.open.delete(ws));
    ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0APP' } }));
  }
}
