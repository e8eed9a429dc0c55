import { isUtf8 } from 'node:buffer';
import { KnowledgeError } from './knowledge-error.js';

/**
 * Control characters no text file holds: NUL, the C0 controls other than tab, line feed, vertical tab,
 * form feed and carriage return, DEL, and the C1 controls (which only a mis-decoded file shows).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/;

/**
 * The text of a knowledge file, or a `KnowledgeError` at the line where it stops being text: bytes
 * that are neither UTF-8 nor Chinese GB18030 (GBK, what Chinese Windows saves text as by default), or a
 * control character such as NUL that only a binary file holds. `encoding` says which it was read as.
 *
 * @example
 * decodeKnowledgeText(Buffer.from('标题\n正文。'), 'a.txt').text // '标题\n正文。'
 * decodeKnowledgeText(Buffer.from('标题\n\u0000'), 'a.txt') // throws "a.txt:2: the file is not text (…U+0000…)"
 */
export function decodeKnowledgeText(bytes: Buffer, file: string): { text: string; encoding: 'utf-8' | 'gb18030' } {
  const chinese = isUtf8(bytes) ? undefined : asGb18030(bytes);
  if (chinese !== undefined) return { text: checkedText(chinese, file), encoding: 'gb18030' };
  return { text: checkedText(decodeUtf8(bytes, file), file), encoding: 'utf-8' };
}

/** Bytes of GB2312's own characters (lead and trail 0xA1–0xFE): the common hanzi and Chinese punctuation. */
const isGb2312Byte = (b: number) => b >= 0xa1 && b <= 0xfe;
/** Share of a file's two-byte characters that must be GB2312's for it to be read as Chinese text. */
const MIN_GB2312_SHARE = 0.9;

/**
 * The text of bytes that decode as GB18030 to Chinese: most two-byte characters GB2312's common ones.
 * Big5 (Traditional, trail bytes 0x40–0x7E), Latin-1 or a binary file decode to rare characters or fail.
 */
function asGb18030(bytes: Buffer): string | undefined {
  let text: string;
  try {
    text = new TextDecoder('gb18030', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  let pairs = 0;
  let common = 0;
  for (let i = 0; i < bytes.length; i++) {
    const lead = bytes[i] as number;
    if (lead < 0x80) continue;
    const trail = bytes[i + 1] ?? 0;
    // A four-byte GB18030 sequence has a digit for its second byte.
    if (trail >= 0x30 && trail <= 0x39) {
      pairs++;
      i += 3;
      continue;
    }
    pairs++;
    if (isGb2312Byte(lead) && isGb2312Byte(trail)) common++;
    i++;
  }
  return pairs > 0 && common >= MIN_GB2312_SHARE * pairs ? text : undefined;
}

function decodeUtf8(bytes: Buffer, file: string): string {
  if (!isUtf8(bytes)) {
    // A line feed never occurs inside a UTF-8 sequence, so each line can be checked on its own.
    let line = 1;
    for (let start = 0; start <= bytes.length; line++) {
      const end = bytes.indexOf(0x0a, start);
      const stop = end < 0 ? bytes.length : end;
      if (!isUtf8(bytes.subarray(start, stop))) break;
      start = stop + 1;
    }
    throw new KnowledgeError(file, line, 'the file is not valid UTF-8 text (save it as UTF-8)');
  }
  return bytes.toString('utf8');
}

function checkedText(text: string, file: string): string {
  const control = CONTROL.exec(text);
  if (control) {
    const code = (control[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
    throw new KnowledgeError(
      file,
      lineAt(text, control.index),
      `the file is not text (it holds the control character U+${code}); save directives as plain UTF-8 text`,
    );
  }
  return text;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
