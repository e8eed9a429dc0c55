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
 * that are not UTF-8, or a control character such as NUL that only a binary file holds.
 *
 * @example
 * decodePlainText(Buffer.from('标题\n正文。'), 'a.txt') // '标题\n正文。'
 * decodePlainText(Buffer.from('标题\n\u0000'), 'a.txt') // throws "a.txt:2: the file is not text (…U+0000…)"
 */
export function decodePlainText(bytes: Buffer, file: string): string {
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
  const text = bytes.toString('utf8');
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
