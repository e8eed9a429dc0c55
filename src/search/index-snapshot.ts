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
  /** `documentFrequency`, `gramFrequency` and `characterFrequency`, as string-table numbers and counts. */
  frequencies: {
    terms: number[];
    termCounts: number[];
    grams: number[];
    gramCounts: number[];
    characters: number[];
    characterCounts: number[];
  };
  /**
   * Data kept with the index (a library's directives), its strings in the same table (`restoreAttached`):
   * by column when it is a list of records (`attachedRecords`), else as JSON.
   */
  attached?: unknown;
  attachedRecords?: EncodedRecords;
}

/**
 * Records stored by column, by field name. Strings are numbers into the snapshot's string table (a
 * paragraph's text is shared by all its sentences; -1 for none), sets of strings are runs of such
 * numbers (record i's run from `offsets[i]` up to `offsets[i + 1]`), and an object shared between
 * records (a paragraph's context) is stored once in a nested table, and lists of records (a paragraph's
 * sentences) as runs of one nested table. Numbers are typed arrays, which a packed file keeps as raw
 * bytes (`src/packed-json.ts`).
 */
interface EncodedRecords {
  count: number;
  columns: Record<string, Column>;
}

type Column =
  | { kind: 'plain'; values: unknown[] }
  | { kind: 'number'; values: Float64Array }
  | { kind: 'records'; offsets: Uint32Array; table: EncodedRecords }
  | { kind: 'string'; values: Int32Array }
  | { kind: 'set'; offsets: Uint32Array; values: Uint32Array }
  | { kind: 'shared'; values: Uint32Array; table: EncodedRecords };

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
    characters: [...index.characterFrequency.keys()].map((c) => strings.id(c)),
    characterCounts: [...index.characterFrequency.values()],
  };
  const { words, grams } = index;
  const records = Array.isArray(attached) ? asRecords(attached, strings) : undefined;
  const kept = attached === undefined || records ? undefined : internStrings(attached, strings);
  return {
    passages,
    strings: strings.values,
    words,
    grams,
    frequencies,
    ...(records ? { attachedRecords: records } : {}),
    ...(kept === undefined ? {} : { attached: kept }),
  };
}

/** A list of records by column, or undefined when some field holds what a column cannot (then it is kept as JSON). */
function asRecords(list: unknown[], strings: StringTable): EncodedRecords | undefined {
  if (!list.every(isRecord)) return undefined;
  try {
    return encodeRecords(list as Array<Record<string, unknown>>, strings);
  } catch (error) {
    if (error instanceof TypeError) return undefined;
    throw error;
  }
}

/** The data attached to a snapshot, as it was given (as JSON would give it: no field that was undefined). */
export function restoreAttached(snapshot: IndexSnapshot): unknown {
  if (snapshot.attachedRecords) return decodeRecords(snapshot.attachedRecords, snapshot.strings);
  return restoreStrings(snapshot.attached, snapshot.strings);
}

/** A plain object: what a column of records holds. */
function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype;
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

function keptTables(
  snapshot: IndexSnapshot,
): Pick<SearchIndex, 'documentFrequency' | 'gramFrequency' | 'characterFrequency'> {
  const { strings, frequencies: f } = snapshot;
  const table = (ids: number[], counts: number[]) =>
    new Map(ids.map((id, i) => [strings[id] as string, counts[i] as number]));
  return {
    documentFrequency: table(f.terms, f.termCounts),
    gramFrequency: table(f.grams, f.gramCounts),
    characterFrequency: table(f.characters, f.characterCounts),
  };
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
  // Every enumerable field, a restored record's not yet decoded ones (on its prototype) too.
  const keys = new Set<string>();
  for (const r of records) for (const key in r) keys.add(key);
  const columns: Record<string, Column> = {};
  // A field undefined in every record is left out, as JSON leaves it out.
  for (const key of keys)
    if (records.some((r) => r[key] !== undefined)) columns[key] = encodeColumn(key, records, strings);
  return { count: records.length, columns };
}

function encodeColumn(key: string, records: Array<Record<string, unknown>>, strings: StringTable): Column {
  const values = records.map((r) => r[key]);
  const sample = values.find((v) => v !== undefined && v !== null);
  if (typeof sample === 'string')
    return {
      kind: 'string',
      values: Int32Array.from(values, (v) => (v === undefined ? -1 : strings.id(expect(v, 'string', key)))),
    };
  if (typeof sample === 'number' && values.every((v) => typeof v === 'number'))
    return { kind: 'number', values: Float64Array.from(values as number[]) };
  if (
    values.some((v) => Array.isArray(v) && v.length > 0) &&
    values.every((v) => Array.isArray(v) && v.every(isRecord))
  ) {
    const nested = values as Array<Array<Record<string, unknown>>>;
    const offsets = new Uint32Array(nested.length + 1);
    nested.forEach((v, i) => {
      offsets[i + 1] = (offsets[i] as number) + v.length;
    });
    return { kind: 'records', offsets, table: encodeRecords(nested.flat(), strings) };
  }
  if (sample instanceof Set) {
    const offsets = new Uint32Array(values.length + 1);
    const ids: number[] = [];
    values.forEach((v, i) => {
      for (const s of expect<Set<unknown>>(v, 'set', key)) ids.push(strings.id(expect(s, 'string', key)));
      offsets[i + 1] = ids.length;
    });
    return { kind: 'set', offsets, values: Uint32Array.from(ids) };
  }
  if (sample !== null && typeof sample === 'object' && !Array.isArray(sample)) {
    const shared: Array<Record<string, unknown>> = [];
    const ids = new Map<unknown, number>();
    const refs = Uint32Array.from(values, (v) => {
      let id = ids.get(v);
      if (id === undefined) {
        id = shared.length;
        shared.push(expect(v, 'object', key));
        ids.set(v, id);
      }
      return id;
    });
    return { kind: 'shared', values: refs, table: encodeRecords(shared, strings) };
  }
  for (const v of values) expect(v, 'plain', key);
  // JSON would write a missing value in a list as null: a column holding both cannot be stored as it was.
  if (values.some((v) => v === undefined))
    throw new TypeError(`index snapshot: field "${key}" is missing from some records`);
  return { kind: 'plain', values };
}

/** A decoded record's row in its table, for the fields decoded when first read. */
const ROW = Symbol('row');

/**
 * The records, or an error when the columns do not fit them or name strings the table lacks (a
 * damaged file). Sets are made when a record's field is first read (a question reads the sets of a few
 * dozen passages; making all of them cost most of a load), through accessors on the table's prototype
 * that then keep the set as the record's own field.
 */
function decodeRecords(encoded: EncodedRecords, strings: string[]): Array<Record<string, unknown>> {
  const { count } = encoded;
  const lazy: Record<string, unknown> = {};
  const eager: Array<[string, (i: number) => unknown]> = [];
  for (const [key, column] of Object.entries(encoded.columns)) {
    const decode = columnDecoder(column, count, strings);
    if (column.kind !== 'set') {
      eager.push([key, decode]);
      continue;
    }
    const keep = (record: object, value: unknown) =>
      Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true });
    Object.defineProperty(lazy, key, {
      get(this: Record<string | symbol, unknown>) {
        const value = decode(this[ROW] as number);
        keep(this, value);
        return value;
      },
      set(this: object, value: unknown) {
        keep(this, value);
      },
      enumerable: true,
      configurable: true,
    });
  }
  const hasLazy = Object.keys(lazy).length > 0;
  const records: Array<Record<string, unknown>> = new Array(count);
  for (let i = 0; i < count; i++) {
    const record = (hasLazy ? Object.create(lazy) : {}) as Record<string | symbol, unknown>;
    if (hasLazy) record[ROW] = i;
    for (const [key, decode] of eager) {
      const value = decode(i);
      if (value !== undefined) record[key] = value;
    }
    records[i] = record as Record<string, unknown>;
  }
  return records;
}

function columnDecoder(column: Column, count: number, strings: string[]): (i: number) => unknown {
  const fail = () => {
    throw new Error('index snapshot: a column does not fit its records');
  };
  const within = (ids: ArrayLike<number>, size: number, none = false) => {
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] as number;
      if (!(id < size) || (id < 0 && !(none && id === -1))) fail();
    }
  };
  switch (column.kind) {
    case 'plain':
      if (column.values.length !== count) fail();
      return (i) => column.values[i];
    case 'number':
      if (column.values.length !== count) fail();
      return (i) => column.values[i];
    case 'records': {
      const { offsets } = column;
      const table = decodeRecords(column.table, strings);
      if (offsets.length !== count + 1 || offsets[count] !== table.length) fail();
      for (let i = 0; i < count; i++) if ((offsets[i] as number) > (offsets[i + 1] as number)) fail();
      return (i) => table.slice(offsets[i], offsets[i + 1]);
    }
    case 'string': {
      const { values } = column;
      if (values.length !== count) fail();
      within(values, strings.length, true);
      return (i) => (values[i] === -1 ? undefined : strings[values[i] as number]);
    }
    case 'set': {
      const { offsets, values } = column;
      if (offsets.length !== count + 1 || offsets[count] !== values.length) fail();
      for (let i = 0; i < count; i++) if ((offsets[i] as number) > (offsets[i + 1] as number)) fail();
      within(values, strings.length);
      return (i) => {
        const set = new Set<string>();
        for (let j = offsets[i] as number; j < (offsets[i + 1] as number); j++)
          set.add(strings[values[j] as number] as string);
        return set;
      };
    }
    case 'shared': {
      const table = decodeRecords(column.table, strings);
      if (column.values.length !== count) fail();
      within(column.values, table.length);
      return (i) => table[column.values[i] as number];
    }
    default:
      return fail();
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
