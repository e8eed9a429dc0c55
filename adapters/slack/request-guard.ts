import type { IncomingMessage, ServerResponse } from 'node:http';
import { type BufferedIncomingMessage, HTTPModuleFunctions, type HTTPReceiver, isValidSlackRequest } from '@slack/bolt';
import { z } from 'zod';
import type { Logger } from '../../src/logger.js';
import { boltLogger } from './bolt-logger.js';

/** Any object, as long as the field, when present, is of the shape Bolt reads it as. */
const record = z.record(z.string(), z.unknown());
const objects = z.array(record);

/** Interactive payloads (buttons, shortcuts, modals, menus): Bolt reads `body.user` and `body.team` of each. */
const INTERACTIVE_TYPES = new Set([
  'block_actions',
  'block_suggestion',
  'shortcut',
  'message_action',
  'view_submission',
  'view_closed',
  'dialog_submission',
  'dialog_cancellation',
  'interactive_message',
]);

/**
 * The least a payload must be for Bolt 5 to route it without throwing: an object whose `type`,
 * `event`, `authorizations`, `actions`, `view`, `user`, `team`, `channel` and `command` fields, when
 * present, have the types Bolt's `getTypeAndConversation` and `buildSource` read them as, and whose
 * interactive payloads carry the `user` (and modals the `view`) Bolt takes for granted. What passes
 * here may still be of no interest (an unknown type): Bolt then acknowledges it and calls no listener.
 */
const payloadShape = z
  .looseObject({
    type: z.string().optional(),
    event: z
      .looseObject({
        type: z.string(),
        channel: z.union([z.string(), record]).optional(),
        user: z.union([z.string(), record]).optional(),
        item: record.optional(),
        text: z.string().optional(),
        ts: z.string().optional(),
        thread_ts: z.string().optional(),
        channel_type: z.string().optional(),
        subtype: z.string().optional(),
        team: z.string().optional(),
      })
      .optional(),
    event_id: z.string().optional(),
    team_id: z.string().optional(),
    enterprise_id: z.string().nullish(),
    api_app_id: z.string().optional(),
    authorizations: objects.optional(),
    actions: objects.optional(),
    view: record.optional(),
    user: z.union([z.string(), record]).optional(),
    team: record.nullish(),
    channel: record.optional(),
    enterprise: record.nullish(),
    message: record.optional(),
    command: z.string().optional(),
    text: z.string().optional(),
    user_id: z.string().optional(),
    channel_id: z.string().optional(),
    response_url: z.string().optional(),
    trigger_id: z.string().optional(),
    name: z.string().optional(),
  })
  .superRefine((body, ctx) => {
    if (body.event !== undefined || body.command !== undefined) return;
    const isInteractive =
      body.actions !== undefined || body.name !== undefined || INTERACTIVE_TYPES.has(body.type ?? '');
    if (isInteractive && (typeof body.user !== 'object' || body.user === null)) {
      ctx.addIssue({ code: 'custom', path: ['user'], message: 'an interactive payload without its user' });
    }
    if (body.type?.startsWith('view_') && body.view === undefined) {
      ctx.addIssue({ code: 'custom', path: ['view'], message: 'a modal payload without its view' });
    }
  });

/**
 * Puts a check in front of Bolt's HTTP receiver for the events endpoint: a correctly signed request
 * whose body is not a payload Bolt can route gets 400, instead of reaching Bolt.
 *
 * Why: Bolt 5.1's `HTTPReceiver.handleIncomingEvent` reads `body.ssl_check` right after parsing, in an
 * async function nobody awaits, so a signed body of `null` is an unhandled rejection that ends the
 * process; and `{"event": null}` throws inside `processEvent`, which answers 500 (and Slack retries).
 * Unsigned, stale or unparsable requests are left to Bolt, which refuses them itself (401, 400).
 */
export function guardSlackRequests(
  receiver: HTTPReceiver,
  options: { signingSecret: string; endpoints: string[]; logger: Logger },
): void {
  const boltListener = receiver.requestListener;
  const passOn = (req: IncomingMessage, res: ServerResponse) => {
    try {
      boltListener(req, res);
    } catch (error) {
      // What Bolt's own server callback does with a listener that throws (an unknown path): its 404/500.
      HTTPModuleFunctions.defaultDispatchErrorHandler({
        error: error as Error,
        logger: boltLogger(options.logger),
        request: req,
        response: res,
      });
    }
  };
  receiver.requestListener = (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method !== 'POST' || !options.endpoints.includes(path)) {
      passOn(req, res);
      return;
    }
    check(req, options).then(
      (verdict) => {
        if (verdict.kind === 'pass') passOn(verdict.request, res);
        else refuse(res, verdict.status);
      },
      (error: unknown) => {
        options.logger.warn({ err: error }, 'could not read a Slack request');
        refuse(res, 400);
      },
    );
  };
}

type Verdict = { kind: 'pass'; request: BufferedIncomingMessage } | { kind: 'refuse'; status: number };

async function check(req: IncomingMessage, options: { signingSecret: string; logger: Logger }): Promise<Verdict> {
  let request: BufferedIncomingMessage;
  try {
    request = await HTTPModuleFunctions.bufferIncomingMessage(req, HTTPModuleFunctions.defaultBodyLimit);
  } catch (error) {
    if (HTTPModuleFunctions.isRawBodyError(error) && (error as { statusCode: number }).statusCode === 413) {
      options.logger.warn({ limitBytes: HTTPModuleFunctions.defaultBodyLimit }, 'a Slack request body was too large');
      return { kind: 'refuse', status: 413 };
    }
    throw error;
  }
  const signature = req.headers['x-slack-signature'];
  const timestamp = Number(req.headers['x-slack-request-timestamp']);
  const isSigned =
    typeof signature === 'string' &&
    Number.isFinite(timestamp) &&
    isValidSlackRequest({
      signingSecret: options.signingSecret,
      body: request.rawBody.toString(),
      headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp },
    });
  // Unsigned and stale requests, and ssl_check, are Bolt's to refuse or answer; it never parses them.
  if (!isSigned) return { kind: 'pass', request };
  let body: unknown;
  try {
    body = HTTPModuleFunctions.parseHTTPRequestBody(request);
  } catch {
    return { kind: 'pass', request };
  }
  const shape = payloadShape.safeParse(body);
  if (!shape.success) {
    const issue = shape.error.issues[0];
    options.logger.warn(
      { path: issue?.path.join('.'), problem: issue?.message },
      'refused a signed Slack request whose payload has an unexpected shape',
    );
    return { kind: 'refuse', status: 400 };
  }
  return { kind: 'pass', request };
}

function refuse(res: ServerResponse, status: number): void {
  if (res.headersSent) return;
  res.writeHead(status).end();
}
