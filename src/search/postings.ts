import type { AsPlainObject } from 'minisearch';

/**
 * A built minisearch index as flat typed arrays, and its OR search with BM25, made to rank exactly as
 * `MiniSearch.search` does (same scores to the bit, same order among ties) while returning only the
 * best few.
 *
 * minisearch builds the index (`addAll`) and defines the ranking; this file only keeps what it built in
 * a form that costs nothing to load and little to walk. Its `search` materialises an object per matching
 * document (a term in a fifth of 100k passages means 20k of them, sorted whole), and `loadJS` rebuilds a
 * Map per term and field: at 100k passages they cost 50–300 ms a question and 2.5 s a load. Here the
 * postings are read once into typed arrays and each question's scores are summed in reused arrays.
 * `test/search/postings.test.ts` checks the two rank alike.
 */
export interface PostingsData {
  /** Index terms; a term's number is its position. */
  terms: string[];
  /** The fields' numbers (minisearch's `fieldIds`) in the order a search walks them, and their boosts. */
  fieldOrder: number[];
  boosts: number[];
  /** How many fields; postings of term t in field f lie at `offsets[t * fieldCount + f]` up to the next offset. */
  fieldCount: number;
  offsets: Uint32Array;
  /** Each posting's document (minisearch's short id) and how often the term occurs in that field of it. */
  docs: Uint32Array;
  freqs: Uint32Array;
  /** Length of each field of each document (short id × fieldCount + field), as minisearch counts it. */
  fieldLengths: Uint32Array;
  averageFieldLengths: Float64Array;
  documentCount: number;
  /** The document id of each short id. */
  ids: Int32Array;
}

/** A document and its BM25 score, as `MiniSearch.search` would report it. */
export interface ScoredId {
  id: number;
  score: number;
}

/** minisearch's default BM25 parameters, which our indexes use (`searchOptions.bm25` is not set). */
const BM25 = { k: 1.2, b: 0.7, d: 0.5 } as const;

/**
 * The postings of a minisearch index, from its plain form (`toJSON`). `fields` and `boost` are the
 * search options it is searched with: the fields in the order minisearch walks them, and their boosts.
 */
export function postingsOf(plain: AsPlainObject, fields: string[], boost: Record<string, number> = {}): PostingsData {
  const fieldCount = Object.keys(plain.fieldIds).length;
  const fieldOrder = fields.map((f) => {
    const id = plain.fieldIds[f];
    if (id === undefined) throw new Error(`postings: the index has no field "${f}"`);
    return id;
  });
  const boosts = fields.map((f) => (Object.hasOwn(boost, f) ? (boost[f] as number) : 0) || 1);
  const terms: string[] = [];
  let total = 0;
  for (const [, data] of plain.index) for (const freqs of Object.values(data)) total += Object.keys(freqs).length;
  const offsets = new Uint32Array(plain.index.length * fieldCount + 1);
  const docs = new Uint32Array(total);
  const freqs = new Uint32Array(total);
  let at = 0;
  plain.index.forEach(([term, data], t) => {
    terms.push(term);
    for (let f = 0; f < fieldCount; f++) {
      offsets[t * fieldCount + f] = at;
      const byDoc = data[String(f)];
      // Object keys that are numbers come in ascending order: the order minisearch walks them.
      if (byDoc)
        for (const [doc, tf] of Object.entries(byDoc)) {
          docs[at] = Number(doc);
          freqs[at] = tf;
          at++;
        }
    }
  });
  offsets[plain.index.length * fieldCount] = at;
  const size = plain.nextId;
  const fieldLengths = new Uint32Array(size * fieldCount);
  for (const [doc, lengths] of Object.entries(plain.fieldLength))
    lengths.forEach((n, f) => {
      fieldLengths[Number(doc) * fieldCount + f] = n ?? 0;
    });
  const ids = new Int32Array(size).fill(-1);
  for (const [doc, id] of Object.entries(plain.documentIds)) ids[Number(doc)] = Number(id);
  return {
    terms,
    fieldOrder,
    boosts,
    fieldCount,
    offsets,
    docs,
    freqs,
    fieldLengths,
    averageFieldLengths: Float64Array.from(plain.averageFieldLength),
    documentCount: plain.documentCount,
    ids,
  };
}

/**
 * Checks that postings read from a file are whole and consistent, so that a damaged file fails here
 * rather than as a wrong answer or a crash mid-search. Throws when they are not.
 */
export function checkPostings(p: PostingsData): void {
  const fail = (what: string) => {
    throw new Error(`postings: ${what}`);
  };
  const size = p.ids.length;
  if (p.offsets.length !== p.terms.length * p.fieldCount + 1) fail('offsets do not fit the terms');
  if (p.offsets[p.offsets.length - 1] !== p.docs.length || p.docs.length !== p.freqs.length) fail('cut short');
  for (let i = 1; i < p.offsets.length; i++)
    if ((p.offsets[i] as number) < (p.offsets[i - 1] as number)) fail('disordered');
  for (let i = 0; i < p.docs.length; i++) if ((p.docs[i] as number) >= size) fail('a posting names no document');
  if (p.fieldLengths.length !== size * p.fieldCount || p.averageFieldLengths.length !== p.fieldCount) fail('lengths');
  if (p.fieldOrder.some((f) => f >= p.fieldCount) || p.boosts.length !== p.fieldOrder.length) fail('fields');
}

/** The scratch arrays one search sums in, kept per index: a search allocates nothing in proportion to the index. */
interface Scratch {
  termStamp: Uint32Array;
  termScore: Float64Array;
  termList: Uint32Array;
  seenStamp: Uint32Array;
  total: Float64Array;
  quality: Uint32Array;
  order: Uint32Array;
  /** The last stamp given in `termStamp` and in `seenStamp`. */
  termTick: number;
  seenTick: number;
}

/** One term's documents, in the order a search first meets them, and its BM25 summed over the fields for each. */
interface TermResult {
  docs: Uint32Array;
  scores: Float64Array;
}

/**
 * Search state per postings: a term's number by its text, the scratch arrays, and each term's result
 * as first worked out (it depends on the index alone), kept until they hold as many entries as the
 * index has postings.
 */
interface Prepared {
  termIds: Map<string, number>;
  scratch?: Scratch;
  results: Map<number, TermResult>;
  kept: number;
}

const prepared = new WeakMap<PostingsData, Prepared>();

function preparedFor(p: PostingsData): Prepared {
  let ready = prepared.get(p);
  if (!ready) {
    ready = { termIds: new Map(p.terms.map((t, i) => [t, i])), results: new Map(), kept: 0 };
    prepared.set(p, ready);
  }
  return ready;
}

function scratchFor(p: PostingsData): Scratch {
  const ready = preparedFor(p);
  if (!ready.scratch) {
    const n = p.ids.length;
    ready.scratch = {
      termStamp: new Uint32Array(n),
      termScore: new Float64Array(n),
      termList: new Uint32Array(n),
      seenStamp: new Uint32Array(n),
      total: new Float64Array(n),
      quality: new Uint32Array(n),
      order: new Uint32Array(n),
      termTick: 0,
      seenTick: 0,
    };
  }
  return ready.scratch;
}

/** A fresh stamp for `termStamp` or `seenStamp`; when its counter would overflow, that array starts over. */
function nextTick(s: Scratch, which: 'term' | 'seen'): number {
  const [key, stamps] = which === 'term' ? (['termTick', s.termStamp] as const) : (['seenTick', s.seenStamp] as const);
  if (s[key] >= 0xfffffffe) {
    stamps.fill(0);
    s[key] = 0;
  }
  s[key] += 1;
  return s[key];
}

/**
 * The `limit` best documents for the query terms, combined with OR: exactly
 * `miniSearch.search(query).slice(0, limit)` for an index with these postings (ids and scores), given
 * the terms minisearch's own tokenizer would make of the query. A document's score is the sum, term by
 * term in query order, of each term's BM25 over the fields in order, times how many distinct terms it
 * holds; ties keep the order in which the walk first met each document.
 */
export function searchPostings(p: PostingsData, query: string[], limit: number): ScoredId[] {
  if (limit <= 0) return [];
  const ready = preparedFor(p);
  const s = scratchFor(p);
  const { seenStamp, total, quality, order } = s;
  const query_ = nextTick(s, 'seen');
  let seen = 0;
  const distinct = new Set<string>();
  for (const term of query) {
    const t = ready.termIds.get(term);
    if (t === undefined) continue;
    const first = !distinct.has(term);
    distinct.add(term);
    const { docs, scores } = termResult(p, ready, s, t);
    for (let i = 0; i < docs.length; i++) {
      const doc = docs[i] as number;
      if (seenStamp[doc] !== query_) {
        seenStamp[doc] = query_;
        total[doc] = scores[i] as number;
        quality[doc] = 1;
        order[seen++] = doc;
      } else {
        total[doc] = (total[doc] as number) + (scores[i] as number);
        if (first) quality[doc] = (quality[doc] as number) + 1;
      }
    }
  }
  // The best `limit` in a sorted run; a document joins only ahead of a strictly lower score, as a stable sort puts it.
  const top: ScoredId[] = [];
  for (let i = 0; i < seen; i++) {
    const doc = order[i] as number;
    const score = (total[doc] as number) * (quality[doc] as number);
    if (top.length === limit && !(score > (top[limit - 1] as ScoredId).score)) continue;
    let at = top.length;
    while (at > 0 && (top[at - 1] as ScoredId).score < score) at--;
    top.splice(at, 0, { id: p.ids[doc] as number, score });
    if (top.length > limit) top.pop();
  }
  return top;
}

/**
 * One term's BM25 for each document holding it, summed over the fields in order, the documents in the
 * order the walk first meets them: as minisearch's `termResults` makes them.
 */
function termResult(p: PostingsData, ready: Prepared, s: Scratch, t: number): TermResult {
  const known = ready.results.get(t);
  if (known) return known;
  const { k, b, d } = BM25;
  const { offsets, docs, freqs, fieldLengths, averageFieldLengths, fieldCount, fieldOrder, boosts, documentCount } = p;
  const { termStamp, termScore, termList } = s;
  const stamp = nextTick(s, 'term');
  let listed = 0;
  for (let o = 0; o < fieldOrder.length; o++) {
    const f = fieldOrder[o] as number;
    const start = offsets[t * fieldCount + f] as number;
    const end = offsets[t * fieldCount + f + 1] as number;
    if (start === end) continue;
    const matchingCount = end - start;
    const invDocFreq = Math.log(1 + (documentCount - matchingCount + 0.5) / (matchingCount + 0.5));
    const avgFieldLength = averageFieldLengths[f] as number;
    const fieldBoost = boosts[o] as number;
    for (let i = start; i < end; i++) {
      const doc = docs[i] as number;
      const termFreq = freqs[i] as number;
      const fieldLength = fieldLengths[doc * fieldCount + f] as number;
      // minisearch's calcBM25Score and weighting, written as it writes them so the floating point agrees.
      const rawScore =
        invDocFreq * (d + (termFreq * (k + 1)) / (termFreq + k * (1 - b + (b * fieldLength) / avgFieldLength)));
      const weighted = fieldBoost * rawScore;
      if (termStamp[doc] !== stamp) {
        termStamp[doc] = stamp;
        termScore[doc] = weighted;
        termList[listed++] = doc;
      } else termScore[doc] = (termScore[doc] as number) + weighted;
    }
  }
  const found = termList.slice(0, listed);
  const result = { docs: found, scores: Float64Array.from(found, (doc) => termScore[doc] as number) };
  if (ready.kept + listed <= p.docs.length) {
    ready.results.set(t, result);
    ready.kept += listed;
  }
  return result;
}
