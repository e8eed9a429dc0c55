import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { wrapOf } from '../../src/knowledge/hard-wrap.js';
import { parseDirective } from '../../src/knowledge/load-directive.js';
import { fixtures, shippedKnowledge } from '../support/paths.js';

const notices = readdirSync(fixtures).filter((f) => /^notice-.*\.txt$/.test(f));
const texts = [
  ...notices.map((f) => readFileSync(`${fixtures}/${f}`, 'utf8')),
  readFileSync(`${shippedKnowledge}/speech.txt`, 'utf8'),
];

/** Cuts every line after `width` of `measure`, as a fixed-width page or a copy out of a PDF does. */
function wrap(text: string, width: number, measure: (c: string) => number): string {
  return text
    .split('\n')
    .flatMap((line) => {
      const out: string[] = [];
      let current = '';
      for (const c of line) {
        if (measure(current) + measure(c) > width) {
          out.push(current);
          current = '';
        }
        current += c;
      }
      out.push(current);
      return out;
    })
    .join('\n');
}
const byCharacters = (s: string) => [...s].length;
const byColumns = (s: string) => [...s].reduce((w, c) => w + (/[\x20-\x7e]/.test(c) ? 1 : 2), 0);

describe('text wrapped at a fixed width', () => {
  const sentencesOf = (text: string) =>
    parseDirective(text, 'x.txt').paragraphs.flatMap((p) => p.sentences.map((s) => s.text));
  const paragraphsOf = (text: string) => parseDirective(text, 'x.txt').paragraphs.map((p) => p.text);
  /** Paragraphs indented with two full-width spaces, as Chinese documents are typeset. */
  const indent = (text: string) =>
    text
      .split('\n')
      .map((l, i) => (i > 0 && l ? `\u3000\u3000${l}` : l))
      .join('\n');

  it.each(notices.map((f, i) => [f, i]))(
    'reads %s wrapped by characters or by columns, keeping every sentence whole',
    (_, i) => {
      const original = texts[i as number] as string;
      for (const wrapped of [wrap(original, 28, byCharacters), wrap(original, 60, byColumns)]) {
        expect(wrapped).not.toBe(original);
        expect(sentencesOf(wrapped)).toEqual(sentencesOf(original));
      }
      // Indented, the paragraphs come back exactly.
      for (const wrapped of [wrap(indent(original), 30, byCharacters), wrap(indent(original), 62, byColumns)]) {
        expect(paragraphsOf(wrapped)).toEqual(paragraphsOf(original));
      }
    },
  );

  it('takes no directive we ship or test with, one paragraph a line, for a wrapped one', () => {
    for (const text of texts) expect(wrapOf(text.split('\n'))).toBeUndefined();
  });
});
