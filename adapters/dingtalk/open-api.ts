import type { Clock } from '../../src/clock.js';
import type { CardParams } from './card.js';
import type { DingTalkMarkdown } from './render.js';

export interface OpenApiOptions {
  /** `https://api.dingtalk.com`, or a private deployment's equivalent. */
  apiUrl: string;
  clientId: string;
  clientSecret: string;
  robotCode: string;
  /** The interactive card template for reminders and chases, if the admin built one. */
  cardTemplateId?: string;
  clock: Clock;
  /** Bound on each HTTP call, in ms. Default 10 000. */
  requestTimeoutMs?: number;
}

/** Renew this long before DingTalk says the token expires, so a send never races the expiry. */
const TOKEN_MARGIN_MS = 5 * 60_000;

/** DingTalk's OpenAPI for what the bot says unprompted: an app access token, then group messages. */
export class DingTalkOpenApi {
  private token: { value: string; renewAtMs: number } | undefined;
  private inFlight: Promise<string> | undefined;

  constructor(private readonly options: OpenApiOptions) {}

  /** The cached token, or a new one; concurrent callers share one request. */
  accessToken(): Promise<string> {
    const now = this.options.clock.now().getTime();
    if (this.token && now < this.token.renewAtMs) return Promise.resolve(this.token.value);
    this.inFlight ??= this.fetchToken().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async fetchToken(): Promise<string> {
    const body = await this.post('/v1.0/oauth2/accessToken', {
      appKey: this.options.clientId,
      appSecret: this.options.clientSecret,
    });
    const { accessToken, expireIn } = body as { accessToken?: unknown; expireIn?: unknown };
    if (typeof accessToken !== 'string' || typeof expireIn !== 'number') {
      throw new Error('DingTalk accessToken answer lacks accessToken or expireIn');
    }
    const lifetimeMs = expireIn * 1000;
    // A short-lived token (tests, odd deployments) is renewed at half its life instead.
    const renewAtMs = this.options.clock.now().getTime() + Math.max(lifetimeMs - TOKEN_MARGIN_MS, lifetimeMs / 2);
    this.token = { value: accessToken, renewAtMs };
    return accessToken;
  }

  /** Posts markdown to a group the robot is in (`openConversationId` is the callback's `conversationId`). */
  async sendGroupMarkdown(openConversationId: string, markdown: DingTalkMarkdown): Promise<void> {
    const token = await this.accessToken();
    try {
      await this.post(
        '/v1.0/robot/groupMessages/send',
        {
          robotCode: this.options.robotCode,
          openConversationId,
          msgKey: 'sampleMarkdown',
          // The API wants msgParam as a JSON string, not an object.
          msgParam: JSON.stringify({ title: markdown.title, text: markdown.text }),
        },
        { 'x-acs-dingtalk-access-token': token },
      );
    } catch (error) {
      // A revoked token would fail every later send until expiry; fetch a fresh one next time.
      if (error instanceof OpenApiError && (error.status === 401 || error.status === 403)) this.token = undefined;
      throw error;
    }
  }

  get cardTemplateId(): string | undefined {
    return this.options.cardTemplateId;
  }

  /**
   * Creates an interactive card in a group and delivers it (`/v1.0/card/instances/createAndDeliver`),
   * its button clicks coming back over the stream (`callbackType: STREAM`). `atUserIds` maps staff
   * ids to names: the people the card @-mentions, and only them.
   */
  async createAndDeliverCard(
    openConversationId: string,
    outTrackId: string,
    params: CardParams,
    atUserIds: Record<string, string> = {},
  ): Promise<void> {
    const templateId = this.options.cardTemplateId;
    if (!templateId) throw new Error('DINGTALK_CARD_TEMPLATE_ID is not set');
    const token = await this.accessToken();
    const body = await this.post(
      '/v1.0/card/instances/createAndDeliver',
      {
        cardTemplateId: templateId,
        outTrackId,
        callbackType: 'STREAM',
        userIdType: 1,
        openSpaceId: `dtv1.card//IM_GROUP.${openConversationId}`,
        cardData: { cardParamMap: params },
        imGroupOpenSpaceModel: { supportForward: true },
        imGroupOpenDeliverModel: {
          robotCode: this.options.robotCode,
          ...(Object.keys(atUserIds).length > 0 ? { atUserIds } : {}),
        },
      },
      { 'x-acs-dingtalk-access-token': token },
    );
    // A 200 may still carry a failed delivery per space.
    const results = (body as { result?: { deliverResults?: Array<{ success?: boolean; errorMsg?: string }> } }).result
      ?.deliverResults;
    const failed = results?.find((r) => r.success === false);
    if (failed) throw new Error(`DingTalk did not deliver the card: ${failed.errorMsg ?? 'unknown reason'}`);
  }

  /**
   * Updates a card's variables by key (`PUT /v1.0/card/instances`), and, for one user, what only they
   * see (`privateData`): how the counts change after a click, and the clicker's confirmation.
   */
  async updateCard(
    outTrackId: string,
    params: Partial<CardParams>,
    privateData: Record<string, Record<string, string>> = {},
  ): Promise<void> {
    const token = await this.accessToken();
    await this.request(
      'PUT',
      '/v1.0/card/instances',
      {
        outTrackId,
        cardData: { cardParamMap: params },
        ...(Object.keys(privateData).length > 0
          ? { privateData: Object.fromEntries(Object.entries(privateData).map(([u, m]) => [u, { cardParamMap: m }])) }
          : {}),
        cardUpdateOptions: { updateCardDataByKey: true, updatePrivateDataByKey: true },
      },
      { 'x-acs-dingtalk-access-token': token },
    );
  }

  private post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<unknown> {
    return this.request('POST', path, body, headers);
  }

  private async request(
    method: 'POST' | 'PUT',
    path: string,
    body: unknown,
    headers: Record<string, string> = {},
  ): Promise<unknown> {
    const url = `${this.options.apiUrl.replace(/\/+$/, '')}${path}`;
    const response = await fetch(url, {
      method,
      headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(this.options.requestTimeoutMs ?? 10_000),
    });
    const text = await response.text();
    if (!response.ok) throw new OpenApiError(path, response.status, text.slice(0, 300));
    return text === '' ? {} : JSON.parse(text);
  }
}

/** A non-2xx answer from the OpenAPI, with DingTalk's own `code`/`message` body for the log. */
export class OpenApiError extends Error {
  constructor(
    readonly path: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`DingTalk ${path} answered HTTP ${status}: ${body}`);
    this.name = 'OpenApiError';
  }
}
