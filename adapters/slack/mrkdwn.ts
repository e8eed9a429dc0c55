/**
 * Slack's `mrkdwn`: the text format of sections, context blocks and the `text` fallback.
 * Everything the bot posts passes through `escapeMrkdwn`, so nothing it echoes can mention anyone.
 */

/**
 * Escapes `&`, `<` and `>` as Slack asks (docs: "Escaping text"). Slack only turns `<!channel>`,
 * `<!here>`, `<!everyone>`, `<@U…>` and `<!subteam^…>` into mentions when they arrive as real angle
 * brackets, so escaping them leaves the text readable but inert.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Slack only honours `*bold*` when the asterisks sit next to a space or punctuation, which Chinese
 * text never has. A zero-width space on the outside of each asterisk gives Slack the word boundary it
 * wants without showing anything.
 */
const ZWSP = '\u200b';

/** The text with the ranges `[start, end)` in bold, every part escaped. Ranges are sorted and disjoint. */
export function emphasise(text: string, marks: ReadonlyArray<readonly [number, number]>): string {
  let out = '';
  let at = 0;
  for (const [start, end] of marks) {
    if (start < at || end <= start || end > text.length) continue;
    out += escapeMrkdwn(text.slice(at, start));
    out += `${ZWSP}*${escapeMrkdwn(text.slice(start, end))}*${ZWSP}`;
    at = end;
  }
  return out + escapeMrkdwn(text.slice(at));
}

/** Cuts `text` to at most `max` UTF-16 units, ending with `…` when cut, never splitting a surrogate pair or an entity. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  if (cut > 0 && /[\ud800-\udbff]/.test(text.charAt(cut - 1))) cut--;
  // An escaped entity cut in half (`&am`) would show as garbage; drop the partial entity.
  const amp = text.lastIndexOf('&', cut - 1);
  if (amp >= 0 && amp > cut - 5 && !text.slice(amp, cut).includes(';')) cut = amp;
  return `${text.slice(0, cut)}…`;
}

/** Splits `text` into pieces of at most `max` units, preferring line breaks, for Block Kit's per-section limit. */
export function chunk(text: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = rest.lastIndexOf('\n', max);
    if (cut < max / 2) cut = max;
    if (/[\ud800-\udbff]/.test(rest.charAt(cut - 1))) cut--;
    const amp = rest.lastIndexOf('&', cut - 1);
    if (amp >= 0 && amp > cut - 5 && !rest.slice(amp, cut).includes(';')) cut = amp;
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^\n/, '');
  }
  if (rest.length > 0 || pieces.length === 0) pieces.push(rest);
  return pieces;
}
