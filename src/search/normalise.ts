import * as OpenCC from 'opencc-js/t2cn';

/** Questions longer than this are refused politely rather than searched (a pasted document is not a question). */
export const MAX_QUESTION_CHARS = 500;

// Built once: ~90 ms. Traditional and Simplified both map to Simplified, so it is safe on any text.
let toSimplified: ((text: string) => string) | undefined;

/** Traditional → Simplified. Applied to questions and passages alike so both sides meet. */
export function simplify(text: string): string {
  toSimplified ??= OpenCC.Converter({ from: 't', to: 'cn' }) as (text: string) => string;
  return toSimplified(text);
}

/**
 * Turns a chat message into the question it asks: NFKC, Traditional → Simplified, and without
 * mentions (`@政策小助手`, Slack's `<@U123>` and `<!channel>`), URLs, emoji, control characters
 * and runs of punctuation.
 *
 * @example
 * normaliseQuestion('@政策小助手  勞模評選什麼時候開始?? 😀') // '劳模评选什么时候开始?'
 */
export function normaliseQuestion(text: string): string {
  return simplify(
    text
      .normalize('NFKC')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: ESC starts the terminal escape sequences we strip
      .replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, ' ')
      .replace(/<[@!#][^>\s]*>/g, ' ') // Slack mentions, channel links and broadcasts
      .replace(/https?:\/\/\S+|www\.\S+/gi, ' ')
      .replace(/(^|\s)[@＠]\S+(?=\s|$)/gu, ' ') // @name followed by a space or the end
      .replace(/^[@＠]\S{1,20}?(?=[\s\u3000])/u, ' ')
      .replace(/\p{Extended_Pictographic}|\p{Emoji_Modifier}|\u200d|\ufe0f|\u20e3/gu, '')
      .replace(/[\p{Cc}\p{Cf}\p{Co}\p{Cs}\ufffd]/gu, ' ')
      .replace(/([\p{P}\p{S}])\1+/gu, '$1')
      .replace(/\s+/g, ' ')
      .trim(),
  );
}

/** Passages keep their characters; only width and script are folded so they meet normalised questions. */
export function normalisePassage(text: string): string {
  return simplify(text.normalize('NFKC'));
}

/** True when nothing searchable is left (only punctuation, symbols or spaces). */
export function isBlank(text: string): boolean {
  return !/[\p{L}\p{N}]/u.test(text);
}
