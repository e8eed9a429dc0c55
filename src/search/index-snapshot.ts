import type { Directive } from '../knowledge/directive.js';
import type { Analyzer } from './analyzer.js';
import type { PostingsData } from './postings.js';
import { assembleIndex, buildGrams, type Passage, type SearchIndex } from './search-index.js';

/**
 * A built index as plain data (JSON, or a worker thread's message): the analysed passages and both
 * minisearch indexes, so that loading it costs no segmentation and no indexing.
 */
export interface IndexSnapshot {
  strings: string[];
  passages: EncodedRecords;
  words: PostingsData;
  /** The bigram index; left out when it is kept apart, to be read on first use. */
  grams?: PostingsData;
  /** `documentFrequency` and `gramFrequency`, as string-table numbers and counts. */
  frequencies: { terms: number[]; termCounts: number[]; grams: number[]; gramCounts: number[] };
  /** Data kept with the index (a library's directives), its strings in the same table (`restoreAttached`). */
  attached?: unknown;
}

/**
 * Records stored by column. Strings are numbers into the snapshot's string table (a paragraph's text
 * is shared by all its sentences), sets of strings are arrays of such numbers, and an object shared
 * between records (a paragraph's context) is stored once in a nested table.
 */
interface EncodedRecords {
  count: number;
  columns: Array<{ key: string } & Column>;
}

type Column =
  | { kind: 'plain'; values: unknown[] }
  | { kind: 'string'; values: number[] }
  | { kind: 'set'; values: number[][] }
  | { kind: 'shared'; values: number[]; table: EncodedRecords };

/**
 * The index as plain data, with `attached` data (JSON-safe) sharing its string table: a directive's
 * sentences and paragraphs are the passages' own strings. Throws when a passage holds a kind of value
 * the snapshot cannot store.
 */
export function snapshotIndex(index: SearchIndex, attached?: unknown): IndexSnapshot {
  const strings = new StringTable();
  const passages = encodeRecords(index.passages as unknown as Array<Record<string, unknown>>, strings);
  const frequencies = {
    terms: [...index.documentFrequency.keys()].map((t) => strings.id(t)),
    termCounts: [...index.documentFrequency.values()],
    grams: [...index.gramFrequency.keys()].map((g) => strings.id(g)),
    gramCounts: [...index.gramFrequency.values()],
  };
  const { words, grams } = index;
  const kept = attached === undefined ? undefined : internStrings(attached, strings);
  return {
    passages,
    strings: strings.values,
    words,
    grams,
    frequencies,
    ...(kept === undefined ? {} : { attached: kept }),
  };
}

/** The data attached to a snapshot, as it was given. */
export function restoreAttached(snapshot: IndexSnapshot): unknown {
  return restoreStrings(snapshot.attached, snapshot.strings);
}

/** Marks a string stored as a number into the string table; a string starting with it is always stored so. */
const STRING_REF = '\u0001';

function internStrings(value: unknown, strings: StringTable): unknown {
  if (typeof value === 'string')
    return value.length >= 8 || value.startsWith(STRING_REF) ? `${STRING_REF}${strings.id(value)}` : value;
  if (Array.isArray(value)) return value.map((v) => internStrings(v, strings));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = internStrings(v, strings);
    return out;
  }
  return value;
}

function restoreStrings(value: unknown, strings: string[]): unknown {
  if (typeof value === 'string') return value.startsWith(STRING_REF) ? strings[Number(value.slice(1))] : value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = restoreStrings(value[i], strings);
    return value;
  }
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    for (const k of Object.keys(record)) record[k] = restoreStrings(record[k], strings);
  }
  return value;
}

function keptTables(snapshot: IndexSnapshot): Pick<SearchIndex, 'documentFrequency' | 'gramFrequency'> {
  const { strings, frequencies: f } = snapshot;
  const table = (ids: number[], counts: number[]) =>
    new Map(ids.map((id, i) => [strings[id] as string, counts[i] as number]));
  return { documentFrequency: table(f.terms, f.termCounts), gramFrequency: table(f.grams, f.gramCounts) };
}

/**
 * The index a snapshot was taken of, around the given directives and analyzer (those it was built with).
 * A snapshot kept without its bigram index gets it from `grams` on first use, or, failing that, builds it.
 */
export function restoreIndex(
  snapshot: IndexSnapshot,
  directives: Directive[],
  analyzer: Analyzer,
  grams: () => PostingsData | undefined = () => undefined,
): SearchIndex {
  const passages = decodeRecords(snapshot.passages, snapshot.strings) as unknown as Passage[];
  const placeholder = snapshot.grams ?? snapshot.words;
  const index = assembleIndex(directives, passages, analyzer, snapshot.words, placeholder, keptTables(snapshot));
  // The bigram index serves only questions whose words miss: a one-off question mostly never loads it.
  let loaded = snapshot.grams;
  Object.defineProperty(index, 'grams', {
    get: () => {
      loaded ??= grams() ?? buildGrams(passages);
      return loaded;
    },
    enumerable: true,
  });
  return index;
}

/**
 * `restoreIndex` in steps that yield to the event loop, so that answers and health checks keep flowing
 * while a reloaded index is put together.
 */
export async function restoreIndexAsync(
  snapshot: IndexSnapshot,
  directives: Directive[],
  analyzer: Analyzer,
): Promise<SearchIndex> {
  const passages = decodeRecords(snapshot.passages, snapshot.strings) as unknown as Passage[];
  await new Promise((resolve) => setImmediate(resolve));
  const grams = snapshot.grams ?? buildGrams(passages);
  await new Promise((resolve) => setImmediate(resolve));
  return assembleIndex(directives, passages, analyzer, snapshot.words, grams, keptTables(snapshot));
}

class StringTable {
  readonly values: string[] = [];
  private readonly ids = new Map<string, number>();

  id(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(s);
      this.ids.set(s, id);
    }
    return id;
  }
}

function encodeRecords(records: Array<Record<string, unknown>>, strings: StringTable): EncodedRecords {
  const keys = [...new Set(records.flatMap((r) => Object.keys(r)))];
  const columns = keys.map((key): { key: string } & Column => {
    const values = records.map((r) => r[key]);
    const sample = values.find((v) => v !== undefined && v !== null);
    if (typeof sample === 'string') {
      const ids = values.map((v) => (v === undefined ? -1 : strings.id(expect(v, 'string', key))));
      return { key, kind: 'string', values: ids };
    }
    if (sample instanceof Set) {
      return {
        key,
        kind: 'set',
        values: values.map((v) =>
          [...expect<Set<unknown>>(v, 'set', key)].map((s) => strings.id(expect(s, 'string', key))),
        ),
      };
    }
    if (sample !== null && typeof sample === 'object' && !Array.isArray(sample)) {
      const shared: Array<Record<string, unknown>> = [];
      const ids = new Map<unknown, number>();
      const refs = values.map((v) => {
        let id = ids.get(v);
        if (id === undefined) {
          id = shared.length;
          shared.push(expect(v, 'object', key));
          ids.set(v, id);
        }
        return id;
      });
      return { key, kind: 'shared', values: refs, table: encodeRecords(shared, strings) };
    }
    for (const v of values) expect(v, 'plain', key);
    return { key, kind: 'plain', values };
  });
  return { count: records.length, columns };
}

function decodeRecords(encoded: EncodedRecords, strings: string[]): Array<Record<string, unknown>> {
  const records: Array<Record<string, unknown>> = Array.from({ length: encoded.count }, () => ({}));
  for (const column of encoded.columns) {
    const decode = columnDecoder(column, strings);
    for (let i = 0; i < encoded.count; i++) (records[i] as Record<string, unknown>)[column.key] = decode(i);
  }
  return records;
}

function columnDecoder(column: Column, strings: string[]): (i: number) => unknown {
  switch (column.kind) {
    case 'plain':
      return (i) => column.values[i];
    case 'string':
      return (i) => (column.values[i] === -1 ? undefined : strings[column.values[i] as number]);
    case 'set':
      return (i) => new Set((column.values[i] as number[]).map((s) => strings[s]));
    case 'shared': {
      const table = decodeRecords(column.table, strings);
      return (i) => table[column.values[i] as number];
    }
  }
}

/** A value of the kind its column holds; anything else cannot be stored in a snapshot. */
function expect<T>(value: unknown, kind: 'string' | 'set' | 'object' | 'plain', key: string): T {
  const fits =
    kind === 'string'
      ? typeof value === 'string'
      : kind === 'set'
        ? value instanceof Set
        : kind === 'object'
          ? value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Set)
          : isPlain(value);
  if (!fits) throw new TypeError(`index snapshot: passage field "${key}" holds a value it cannot store`);
  return value as T;
}

/** JSON-safe as it is: numbers, booleans, nothing, and arrays of those and of strings. */
function isPlain(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.every((v) => typeof v === 'string' || isPlain(v));
  return typeof value === 'number' || typeof value === 'boolean';
}
