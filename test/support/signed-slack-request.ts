import { createHmac } from 'node:crypto';

/** Slack's v0 request signature over `v0:{timestamp}:{body}`. */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/**
 * Posts `body` to a Bolt HTTP endpoint the way Slack does, signed with `secret`. `timestamp`
 * (seconds) and extra headers let a test forge stale or retried deliveries.
 */
export async function postSigned(
  url: string,
  body: string,
  options: {
    secret: string;
    contentType: string;
    timestamp?: number;
    headers?: Record<string, string>;
    signature?: string;
  },
): Promise<{ status: number; text: string }> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': options.contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': options.signature ?? slackSignature(options.secret, timestamp, body),
      ...options.headers,
    },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  return { status: res.status, text: await res.text() };
}
