#!/usr/bin/env node
// The plain baseline the bot must beat: jieba search mode + BM25 over sentences, no glossary, never
// declines. Speaks the `ask --jsonl` protocol, so `score.mjs` scores it like the bot:
//   node ../shared/eval/score.mjs SET.jsonl -- node bench/baseline-bm25.js [--knowledge DIR]
// It reads sentences through the bot's own loader (after `npm run build`) so both rank the same units.
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const { loadLibrary } = await import(`${root}dist/src/library.js`);
const at = process.argv.indexOf('--knowledge');
const library = await loadLibrary(at > 0 ? process.argv[at + 1] : `${root}knowledge`);
const jieba = Jieba.withDict(dict);
const tokens = (text) => jieba.cutForSearch(text, true).filter((t) => /[\p{L}\p{N}]/u.test(t));

const K1 = 1.2;
const B = 0.75;
const docs = library.index.passages.map((p) => ({ text: p.text, terms: tokens(p.text) }));
const df = new Map();
for (const d of docs) for (const t of new Set(d.terms)) df.set(t, (df.get(t) ?? 0) + 1);
const avgLength = docs.reduce((s, d) => s + d.terms.length, 0) / docs.length;
const idf = (t) => Math.log(1 + (docs.length - (df.get(t) ?? 0) + 0.5) / ((df.get(t) ?? 0) + 0.5));

function bm25(question) {
  const q = tokens(question);
  return docs
    .map((d) => {
      let score = 0;
      for (const t of q) {
        const tf = d.terms.filter((x) => x === t).length;
        if (tf) score += (idf(t) * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * d.terms.length) / avgLength));
      }
      return { d, score };
    })
    .sort((a, b) => b.score - a.score)
    .slice(0, 3);
}

for await (const line of createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY })) {
  const top = bm25(line);
  const citations = top.map(({ d }) => ({ excerpt: d.text }));
  process.stdout.write(`${JSON.stringify({ found: true, answer: citations[0]?.excerpt ?? '', citations })}\n`);
}
