import type { WebhookBody } from './render.js';

/**
 * Replies through the webhook DingTalk hands out with each message. It answers HTTP 200 even for a
 * rejected body, with a non-zero `errcode`, so both are checked.
 */
export async function postToSessionWebhook(url: string, body: WebhookBody, timeoutMs = 10_000): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`sessionWebhook answered HTTP ${response.status}: ${text.slice(0, 300)}`);
  let errcode: unknown = 0;
  try {
    errcode = (JSON.parse(text) as { errcode?: unknown }).errcode ?? 0;
  } catch {
    // A 2xx without JSON is taken as delivered.
  }
  if (errcode !== 0) throw new Error(`sessionWebhook refused the message: ${text.slice(0, 300)}`);
}
