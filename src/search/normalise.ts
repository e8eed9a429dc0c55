import * as OpenCC from 'opencc-js/t2cn';

/** Questions longer than this are refused politely rather than searched (a pasted document is not a question). */
export const MAX_QUESTION_CHARS = 500;

/**
 * Messages longer than this as sent (UTF-16 units, before any normalising) are refused at once:
 * NFKC can multiply a text eighteen-fold (U+FDFA), so normalising first would let one message hold
 * the process for seconds. Generous enough for a question wrapped in mentions and a link.
 */
export const MAX_MESSAGE_CHARS = 4 * MAX_QUESTION_CHARS;

/**
 * Characters that show nothing and mean nothing here (Unicode's Default_Ignorable_Code_Point: zero-width
 * space and joiners, U+2060, U+FEFF, soft hyphen, U+180E, variation selectors, bidi marks): removed, not
 * made spaces, so 哪三\u200b点 is 哪三点.
 */
const INVISIBLE = /\p{Default_Ignorable_Code_Point}/gu;

// Built once: ~90 ms. Traditional and Simplified both map to Simplified, so it is safe on any text.
let toSimplified: ((text: string) => string) | undefined;

/** Traditional → Simplified. Applied to questions and passages alike so both sides meet. */
export function simplify(text: string): string {
  toSimplified ??= OpenCC.Converter({ from: 't', to: 'cn' }) as (text: string) => string;
  return toSimplified(text);
}

/**
 * "@政策小助手欠薪咋办": with no space after the name, where it ends is unknown; a name that ends like a
 * bot's (助手, 机器人, bot) is taken to end there.
 */
const GLUED_BOT_NAME = /^\s*[@＠]\S{0,12}?(?:小助手|助手|助理|机器人|小秘书|秘书|robot|bot)/iu;

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
      .replace(INVISIBLE, '')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: ESC starts the terminal escape sequences we strip
      .replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, ' ')
      .replace(/<[@!#][^>\s]*>/g, ' ') // Slack mentions, channel links and broadcasts
      .replace(/https?:\/\/\S+|www\.\S+/gi, ' ')
      .replace(/(^|\s)[@＠]\S+(?=\s)/gu, ' ') // @name followed by a space: the name is all of it
      .replace(GLUED_BOT_NAME, ' ')
      .replace(/(\S)[@＠]\S{1,30}$/u, '$1 ') // a mention after the question
      .replace(/^\s*[@＠]\S{1,12}$/u, ' ') // a mention and nothing else
      .replace(/[@＠]/gu, ' ') // any other @ goes; the words after it may be the question
      .replace(/\p{Extended_Pictographic}|\p{Emoji_Modifier}|\u20e3/gu, '')
      .replace(/[\p{Cc}\p{Cf}\p{Co}\p{Cs}\ufffd]/gu, ' ')
      .replace(/([\p{P}\p{S}])\1+/gu, '$1')
      .replace(/\s+/g, ' ')
      .trim(),
  );
}

/** Passages keep their characters; only width and script are folded (and invisibles dropped) so they meet normalised questions. */
export function normalisePassage(text: string): string {
  return simplify(text.normalize('NFKC').replace(INVISIBLE, ''));
}

const foldedCharacters = new Map<string, string>();

/**
 * `normalisePassage` of one character, remembered: highlighting folds an excerpt character by character,
 * and converting each one afresh costs more than the rest of an answer.
 */
export function normaliseCharacter(char: string): string {
  let folded = foldedCharacters.get(char);
  if (folded === undefined) {
    folded = normalisePassage(char);
    // Bounded: a flood of distinct characters must not grow it for ever.
    if (foldedCharacters.size < 65_536) foldedCharacters.set(char, folded);
  }
  return folded;
}

/** True when nothing searchable is left (only punctuation, symbols or spaces). */
export function isBlank(text: string): boolean {
  return !/[\p{L}\p{N}]/u.test(text);
}
