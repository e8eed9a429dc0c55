/** 已阅 (read) or 已完成 (done). Done implies read. */
export type ReceiptStatus = 'read' | 'done';

/** How a receipt arrived: a Slack button, a DingTalk card button, or a text command. */
export type ReceiptVia = 'button' | 'card' | 'text';

/** One person's 已阅 or 已完成 for one round of one deadline: who, what, which occurrence, when, from where. */
export interface Receipt {
  deadlineId: string;
  /** The round's due date, `2026-12-31`. */
  occurrence: string;
  /** `platform:userId` of the person who marked it; always the sender, never someone they name. */
  person: string;
  /** Their display name from the platform payload, if it carried one (already made safe by `personName`). */
  name: string | undefined;
  status: ReceiptStatus;
  /** Epoch ms. */
  at: number;
  /** `platform:conversationId` it was marked in. */
  conversation: string;
  via: ReceiptVia;
  /** The platform's id of the reminder it was clicked on (Slack `ts`, DingTalk `outTrackId`), if any. */
  messageRef: string | undefined;
}

/** The most a name shows: enough for 欧阳 and a Latin name, not a pasted paragraph. */
const MAX_NAME_CHARS = 24;

/**
 * A display name as progress shows it: one line, no control or invisible characters, at most
 * `MAX_NAME_CHARS`. Markup (`<!channel>`, `@所有人`) is left to each renderer's escaping, which makes it inert.
 */
export function personName(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const clean = raw
    .normalize('NFKC')
    .replace(/[\p{Cc}\p{Cf}\p{Co}\p{Cs}\u2028\u2029]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (clean === '') return undefined;
  const chars = [...clean];
  return chars.length <= MAX_NAME_CHARS ? clean : `${chars.slice(0, MAX_NAME_CHARS - 1).join('')}…`;
}
