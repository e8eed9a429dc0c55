import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/** What the client sent back over the socket for one pushed frame. */
export interface StreamAck {
  code: number;
  messageId: string;
  data: unknown;
}

export interface GroupSend {
  token: string | undefined;
  body: Record<string, unknown>;
}

export interface FakeDingTalkOptions {
  /** False makes the stream server ignore pings, like a half-open connection. Default true. */
  answersPings?: boolean;
}

/**
 * DingTalk on 127.0.0.1, one ephemeral port for all of it: the Stream gateway (`POST` → endpoint and
 * ticket), the stream WebSocket, session webhooks and the OpenAPI (access token, group messages).
 * Frame shapes follow dingtalk-stream 2.1.5's `DWClientDownStream` and its ack in `send()`.
 */
export class FakeDingTalk {
  gatewayCalls = 0;
  /** While true the gateway answers 503 and stream upgrades are dropped, as during an outage. */
  refusing = false;
  /** How many of the next session webhook posts answer 500. */
  webhookFailures = 0;
  readonly gatewayBodies: Array<Record<string, unknown>> = [];
  readonly acks: StreamAck[] = [];
  readonly webhookPosts: Array<{ path: string; body: Record<string, unknown> }> = [];
  readonly tokenRequests: Array<Record<string, unknown>> = [];
  readonly groupSends: GroupSend[] = [];
  /** Interactive cards created (`createAndDeliver`) and card updates (`PUT /v1.0/card/instances`). */
  readonly cardsCreated: GroupSend[] = [];
  readonly cardUpdates: GroupSend[] = [];
  connectionsAccepted = 0;
  private readonly sockets = new Set<WebSocket>();
  private readonly wss: WebSocketServer;

  private constructor(
    private readonly server: Server,
    options: FakeDingTalkOptions,
  ) {
    this.wss = new WebSocketServer({ noServer: true, autoPong: options.answersPings ?? true });
  }

  static async start(options: FakeDingTalkOptions = {}): Promise<FakeDingTalk> {
    const server = createServer();
    const fake = new FakeDingTalk(server, options);
    server.on('request', (req, res) => void fake.onRequest(req, res));
    server.on('upgrade', (req, socket, head) => {
      if (fake.refusing) {
        socket.destroy();
        return;
      }
      fake.wss.handleUpgrade(req, socket, head, (ws) => fake.onSocket(ws));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get gatewayUrl(): string {
    return `${this.baseUrl}/v1.0/gateway/connections/open`;
  }

  webhookUrl(id: string): string {
    return `${this.baseUrl}/robot/sendBySession?session=${id}`;
  }

  get openSockets(): number {
    return this.sockets.size;
  }

  /** Sends a robot CALLBACK frame to every connected client; returns its messageId. */
  pushRobotMessage(payload: object, messageId = `msg-${randomUUID()}`): string {
    return this.pushCallback('/v1.0/im/bot/messages/get', payload, messageId);
  }

  /** Sends a card callback frame (a button click on an interactive card); returns its messageId. */
  pushCardCallback(payload: object, messageId = `card-${randomUUID()}`): string {
    return this.pushCallback('/v1.0/card/instances/callback', payload, messageId);
  }

  private pushCallback(topic: string, payload: object, messageId: string): string {
    this.pushRaw(
      JSON.stringify({
        specVersion: '1.0',
        type: 'CALLBACK',
        headers: {
          appId: 'app-fake',
          connectionId: 'conn-fake',
          contentType: 'application/json',
          messageId,
          time: String(Date.now()),
          topic,
        },
        data: JSON.stringify(payload),
      }),
    );
    return messageId;
  }

  /** Sends any text frame, well-formed or not. */
  pushRaw(frame: string): void {
    for (const ws of this.sockets) ws.send(frame);
  }

  /** The server side ends every stream connection, as the real gateway does on a redeploy. */
  dropConnections(): void {
    for (const ws of this.sockets) ws.terminate();
  }

  /** Polls `predicate` every 20 ms for at most `timeoutMs`; throws naming `what` if it never holds. */
  async until(predicate: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private onSocket(ws: WebSocket): void {
    this.connectionsAccepted++;
    this.sockets.add(ws);
    ws.on('close', () => this.sockets.delete(ws));
    ws.on('message', (raw) => {
      const frame = JSON.parse(String(raw)) as { code: number; headers: { messageId: string }; data: string };
      this.acks.push({ code: frame.code, messageId: frame.headers.messageId, data: JSON.parse(frame.data) });
    });
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const body = raw === '' ? {} : (JSON.parse(raw) as Record<string, unknown>);
    const path = (req.url ?? '').split('?')[0];
    const reply = (status: number, json: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(json));
    };
    if (path === '/v1.0/gateway/connections/open') {
      this.gatewayCalls++;
      this.gatewayBodies.push(body);
      if (this.refusing) return reply(503, { code: 'ServiceUnavailable', message: 'outage' });
      return reply(200, {
        endpoint: `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}/connect`,
        ticket: randomUUID(),
      });
    }
    if (path === '/robot/sendBySession') {
      this.webhookPosts.push({ path: req.url ?? '', body });
      if (this.webhookFailures > 0) {
        this.webhookFailures--;
        return reply(500, { errcode: 500, errmsg: 'fake failure' });
      }
      return reply(200, { errcode: 0, errmsg: 'ok' });
    }
    if (path === '/v1.0/oauth2/accessToken') {
      this.tokenRequests.push(body);
      return reply(200, { accessToken: `token-${this.tokenRequests.length}`, expireIn: 7200 });
    }
    if (path === '/v1.0/robot/groupMessages/send') {
      const token = req.headers['x-acs-dingtalk-access-token'];
      this.groupSends.push({ token: typeof token === 'string' ? token : undefined, body });
      if (token === undefined) return reply(401, { code: 'InvalidAuthentication', message: 'no token' });
      if (body.openConversationId === 'cidUnknown') {
        return reply(400, { code: 'invalidParameter.openConversationId', message: 'robot is not in this group' });
      }
      return reply(200, { processQueryKey: randomUUID() });
    }
    if (path === '/v1.0/card/instances/createAndDeliver' || (path === '/v1.0/card/instances' && req.method === 'PUT')) {
      const token = req.headers['x-acs-dingtalk-access-token'];
      const call = { token: typeof token === 'string' ? token : undefined, body };
      if (path.endsWith('createAndDeliver')) this.cardsCreated.push(call);
      else this.cardUpdates.push(call);
      if (token === undefined) return reply(401, { code: 'InvalidAuthentication', message: 'no token' });
      if (body.cardTemplateId === 'tpl-unpublished') {
        return reply(400, { code: 'cardInstance.wrong', message: '创建卡片实例失败,先检查卡片模板是否已发布' });
      }
      return reply(200, {
        success: true,
        result: { outTrackId: body.outTrackId, deliverResults: [{ spaceType: 'IM_GROUP', success: true }] },
      });
    }
    reply(404, { code: 'NotFound', message: path });
  }
}
