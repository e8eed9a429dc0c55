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

// Built once: ~10 ms. Traditional and Simplified both map to Simplified, so it is safe on any text.
let toSimplified: ((text: string) => string) | undefined;
/** Characters every text that OpenCC changes holds at least one of, once known (see `conversionMarks`). */
let marks: Set<number> | undefined;
/** Where the index cache keeps them, read on first use (see `keepConversionMarksIn`). */
let kept: (() => Buffer | undefined) | undefined;

/** Traditional → Simplified. Applied to questions and passages alike so both sides meet. */
export function simplify(text: string): string {
  if (kept) {
    const bytes = kept();
    kept = undefined;
    const points = bytes && unpackMarks(bytes);
    if (points) useConversionMarks(points);
  }
  if (marks && !holdsAny(text, marks)) return text;
  toSimplified ??= OpenCC.Converter({ from: 't', to: 'cn' }) as (text: string) => string;
  return toSimplified(text);
}

function holdsAny(text: string, points: Set<number>): boolean {
  for (let i = 0; i < text.length; i++) {
    const point = text.codePointAt(i) as number;
    if (points.has(point)) return true;
    if (point > 0xffff) i++;
  }
  return false;
}

/**
 * Characters such that every text OpenCC's Traditional → Simplified conversion changes holds one: a text
 * holding none is its own conversion, and needs no converter (building one costs ~10 ms of a start-up).
 *
 * OpenCC replaces the dictionary words it finds, so a text it changes holds a whole word whose
 * replacement differs, and with it every character of that word. One character per such word is enough:
 * each Traditional character that is itself converted (麼), and for a word holding none of those
 * (么麽 → 幺麽), the first character that changes. `test/search/normalise.test.ts` checks the result
 * against the converter on every character and every dictionary word.
 *
 * Read from the converter's own dictionaries (the `t2s` configuration of opencc-js); undefined if this
 * version keeps them elsewhere, and then every text goes through the converter.
 */
export function conversionMarks(): Uint32Array | undefined {
  const config = (OpenCC.Locale as { configs?: Record<string, unknown> }).configs?.t2s;
  if (!config) return undefined;
  const words: Array<[string, string | undefined]> = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') {
      // Dictionaries are `source target|source target|…` strings, or [source, target] pairs (below; a
      // pair of dictionary strings holds spaces).
      for (const entry of value.split('|')) {
        const [source, target] = entry.split(' ');
        if (source) words.push([source, target]);
      }
    } else if (
      Array.isArray(value) &&
      value.length === 2 &&
      value.every((v) => typeof v === 'string' && !/[ |]/.test(v))
    ) {
      words.push([value[0] as string, value[1] as string]);
    } else if (value && typeof value === 'object') {
      for (const inner of Object.values(value)) walk(inner);
    }
  };
  walk(config);
  const changed = words.filter(([source, target]) => source !== target);
  const converted = new Set(changed.map(([source]) => source).filter((s) => [...s].length === 1));
  const found = new Set<number>();
  for (const c of converted) found.add(c.codePointAt(0) as number);
  for (const [source, target] of changed) {
    const chars = [...source];
    if (chars.some((c) => converted.has(c))) continue;
    const into = [...(target ?? '')];
    let i = 0;
    while (i < chars.length - 1 && chars[i] === into[i]) i++;
    found.add((chars[i] as string).codePointAt(0) as number);
  }
  return Uint32Array.from(found);
}

/** Takes `conversionMarks` from the index cache. */
export function useConversionMarks(points: Uint32Array): void {
  marks ??= new Set(points);
}

/**
 * `conversionMarks` packed for the index cache: their count and sum, then the code points (u32). A wrong
 * set would leave Traditional text unconverted, so a copy whose count or sum does not match is not used.
 */
export function packedConversionMarks(): Buffer | undefined {
  const points = conversionMarks();
  if (!points) return undefined;
  const bytes = Buffer.alloc(8 + 4 * points.length);
  bytes.writeUInt32LE(points.length, 0);
  bytes.writeUInt32LE(pointSum(points), 4);
  Buffer.from(points.buffer, points.byteOffset, points.byteLength).copy(bytes, 8);
  return bytes;
}

/** The index cache's packed marks, read when a text is first simplified; without good ones, the converter. */
export function keepConversionMarksIn(read: () => Buffer | undefined): void {
  if (!marks) kept = read;
}

function unpackMarks(bytes: Buffer): Uint32Array | undefined {
  if (bytes.length < 8) return undefined;
  const count = bytes.readUInt32LE(0);
  if (bytes.length !== 8 + 4 * count) return undefined;
  // A copy: the file's bytes need not be aligned for a Uint32Array view.
  const points = new Uint32Array(count);
  Buffer.from(points.buffer).set(bytes.subarray(8));
  return pointSum(points) === bytes.readUInt32LE(4) ? points : undefined;
}

function pointSum(points: Uint32Array): number {
  let sum = 0;
  for (const p of points) sum = (sum + p) >>> 0;
  return sum;
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
