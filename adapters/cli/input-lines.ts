import { StringDecoder } from 'node:string_decoder';

/**
 * The lines of a stream, as `ask --jsonl` reads them: a line ends at `\n`, with an optional `\r`
 * before it, and a last line without `\n` still counts. Unlike `readline`, a bare `\r` (pasted from an
 * old Mac file, or a stray carriage return inside a question) stays part of its line, so one line of
 * input always gets exactly one answer.
 */
export async function* inputLines(input: NodeJS.ReadableStream): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  for await (const chunk of input) {
    pending += typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer);
    let end = pending.indexOf('\n');
    while (end >= 0) {
      yield pending.slice(0, pending[end - 1] === '\r' ? end - 1 : end);
      pending = pending.slice(end + 1);
      end = pending.indexOf('\n');
    }
  }
  pending += decoder.end();
  if (pending !== '') yield pending;
}
