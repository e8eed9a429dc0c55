/**
 * jieba's dictionary, merged with the glossary's words, sorted and packed in one buffer, so that the
 * dictionary words occurring in a text can be found by binary search without loading all ~350k of them
 * into jieba (~100 ms and ~40 MB at every start).
 *
 * Why a slice of the dictionary segments a text exactly as the whole one does: jieba only ever consults
 * the words written inside the text it cuts (the DAG of each block, the HMM's check of unknown runs, the
 * 2- and 3-grams of search mode, the tag of each word), plus the sum of all frequencies. A dictionary
 * holding those words, with the same frequencies and tags, and one filler word that no text contains
 * carrying the rest of the total, gives the same cuts, tags and search terms
 * (`test/search/segmenter.test.ts` checks it on every passage and question we have).
 *
 * Layout (little-endian): an 8-byte magic, then count, longest word in characters, body length (u32),
 * the total frequency (f64), then `count + 1` line starts (u32), `count` frequencies (u32), `count`
 * word lengths in bytes (u8, padded to 8), then the body: `word freq tag\n` lines sorted by the UTF-8
 * bytes of their word.
 */

const MAGIC = 'DBSLICE1';
const HEADER_BYTES = 32;

/** Rounds up to a multiple of 8, so that every typed array in the buffer is aligned. */
const align8 = (n: number) => Math.ceil(n / 8) * 8;

/** Prefixes of up to this many characters have their word range remembered (see `prefixRange`). */
const REMEMBERED_PREFIX_CHARS = 2;
/** Two characters of up to three bytes each (all of the BMP): the key stays a safe integer. */
const REMEMBERED_PREFIX_BYTES = 6;
/** Bounded: jieba's words begin with ~10k distinct characters; a text brings a few dozen new pairs. */
const MAX_REMEMBERED_PREFIXES = 65_536;

export class DictionarySlice {
  /** The ids of the words beginning with each prefix met so far, by its UTF-8 bytes (see `prefixRange`). */
  private readonly rangeByPrefix = new Map<number, [number, number]>();

  private constructor(
    private readonly starts: Uint32Array,
    private readonly freqs: Uint32Array,
    private readonly wordBytes: Uint8Array,
    private readonly body: Uint8Array,
    private readonly maxChars: number,
    /** Sum of the frequencies of every word: what jieba divides by. */
    readonly total: number,
  ) {}

  get size(): number {
    return this.freqs.length;
  }

  /**
   * Packs a dictionary the way jieba loads it: `dict` first, then each user word at `userFreq` with
   * tag `userTag`. A word listed again keeps its first tag and takes the later frequency, as in jieba.
   */
  static pack(dict: Uint8Array, userWords: string[], userFreq: number, userTag: string): Buffer {
    const records = new Map<string, { freq: number; tag: string }>();
    const add = (word: string, freq: number, tag: string) => {
      const known = records.get(word);
      if (known) known.freq = freq;
      else records.set(word, { freq, tag });
    };
    // jieba's line format, split by hand: a regular expression per line costs ~1 s over 350k lines.
    for (const raw of Buffer.from(dict.buffer, dict.byteOffset, dict.byteLength).toString('utf8').split('\n')) {
      const line = raw.trim();
      if (!line) continue;
      const [word, freq, tag] = line.includes('\t') ? line.split(/\s+/) : line.split(' ');
      if (word) add(word, Number(freq ?? 0) || 0, tag ?? '');
    }
    for (const word of userWords) add(word, userFreq, userTag);
    const words = [...records.keys()];
    const keys = words.map((w) => Buffer.from(w));
    const order = words.map((_, i) => i);
    // UTF-16 order is UTF-8 byte order unless a word holds a character beyond U+FFFF.
    if (words.some((w) => /[\ud800-\udfff]/.test(w)))
      order.sort((a, b) => Buffer.compare(keys[a] as Buffer, keys[b] as Buffer));
    else order.sort((a, b) => ((words[a] as string) < (words[b] as string) ? -1 : 1));
    const count = words.length;
    const lines = order.map((i) => {
      const r = records.get(words[i] as string) as { freq: number; tag: string };
      return `${words[i]} ${r.freq} ${r.tag}\n`;
    });
    const body = Buffer.from(lines.join(''));
    const startsAt = HEADER_BYTES;
    const freqsAt = startsAt + align8(4 * (count + 1));
    const lengthsAt = freqsAt + align8(4 * count);
    const bodyAt = lengthsAt + align8(count);
    const out = Buffer.alloc(bodyAt + body.length);
    out.write(MAGIC, 0, 'latin1');
    // Buffer.alloc never takes from the pool: it starts at offset 0, so the views are aligned.
    const starts = new Uint32Array(out.buffer, out.byteOffset + startsAt, count + 1);
    const freqs = new Uint32Array(out.buffer, out.byteOffset + freqsAt, count);
    const lengths = new Uint8Array(out.buffer, out.byteOffset + lengthsAt, count);
    let total = 0;
    let maxChars = 0;
    let at = 0;
    for (let n = 0; n < count; n++) {
      const i = order[n] as number;
      const key = keys[i] as Buffer;
      const freq = (records.get(words[i] as string) as { freq: number }).freq;
      starts[n] = at;
      freqs[n] = freq;
      lengths[n] = key.length;
      at += Buffer.byteLength(lines[n] as string);
      total += freq;
      // In UTF-16 units, at least its characters: a safe bound for how far a look-up may reach.
      maxChars = Math.max(maxChars, (words[i] as string).length);
    }
    starts[count] = at;
    out.writeUInt32LE(count, 8);
    out.writeUInt32LE(maxChars, 12);
    out.writeUInt32LE(body.length, 16);
    out.writeDoubleLE(total, 24);
    body.copy(out, bodyAt);
    return out;
  }

  /** Reads a packed slice; undefined when the bytes are not one (truncated, another format). */
  static read(bytes: Uint8Array): DictionarySlice | undefined {
    if (bytes.byteLength < HEADER_BYTES) return undefined;
    // Typed arrays need aligned offsets; a buffer read from a file starts aligned, a pooled one may not.
    const buf = bytes.byteOffset % 8 === 0 ? bytes : new Uint8Array(bytes);
    const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    if (Buffer.from(buf.buffer, buf.byteOffset, 8).toString('latin1') !== MAGIC) return undefined;
    const count = view.getUint32(8, true);
    const maxChars = view.getUint32(12, true);
    const bodyBytes = view.getUint32(16, true);
    const total = view.getFloat64(24, true);
    const freqsAt = HEADER_BYTES + align8(4 * (count + 1));
    const lengthsAt = freqsAt + align8(4 * count);
    const bodyAt = lengthsAt + align8(count);
    if (buf.byteLength !== bodyAt + bodyBytes) return undefined;
    const starts = new Uint32Array(buf.buffer, buf.byteOffset + HEADER_BYTES, count + 1);
    if (starts[count] !== bodyBytes) return undefined;
    return new DictionarySlice(
      starts,
      new Uint32Array(buf.buffer, buf.byteOffset + freqsAt, count),
      new Uint8Array(buf.buffer, buf.byteOffset + lengthsAt, count),
      new Uint8Array(buf.buffer, buf.byteOffset + bodyAt, bodyBytes),
      maxChars,
      total,
    );
  }

  /** Adds to `into` the id of every dictionary word written in `text`. */
  wordsIn(text: string, into: Set<number>): void {
    const bytes = Buffer.from(text);
    // Byte offset of each character, and one past the end.
    const bounds: number[] = [];
    for (let i = 0; i < bytes.length; i++) if ((bytes[i] as number) >> 6 !== 2) bounds.push(i);
    bounds.push(bytes.length);
    for (let c = 0; c + 1 < bounds.length; c++) {
      const from = bounds[c] as number;
      let lo = 0;
      let hi = this.size;
      for (let e = c + 1; e < bounds.length && e - c <= this.maxChars; e++) {
        const k = (bounds[e] as number) - from;
        if (e - c <= REMEMBERED_PREFIX_CHARS && k <= REMEMBERED_PREFIX_BYTES) {
          // Not destructured: before the function is optimised, that goes through the iterator protocol.
          const range = this.prefixRange(lo, hi, bytes, from, k);
          lo = range[0];
          hi = range[1];
        } else {
          lo = this.firstAtLeast(lo, hi, bytes, from, k, 0);
          hi = this.firstAtLeast(lo, hi, bytes, from, k, 1);
        }
        if (lo >= hi) break;
        if (this.wordBytes[lo] === k) into.add(lo);
      }
    }
  }

  /**
   * The ids of the words beginning with `bytes[from, from + k)`, within `[lo, hi)`, the range of its
   * prefix one character shorter. Remembered for prefixes of one or two characters: every look-up of
   * every text starts with them, and texts have few distinct ones, while finding them takes the longest
   * binary searches (over the whole dictionary, then over the thousands of words of a common character).
   */
  private prefixRange(lo: number, hi: number, bytes: Uint8Array, from: number, k: number): [number, number] {
    // The prefix's bytes as a number, with its length so that a leading zero byte still tells them apart.
    let key = 0;
    for (let j = 0; j < k; j++) key = key * 256 + (bytes[from + j] as number);
    key = key * 8 + k;
    let range = this.rangeByPrefix.get(key);
    if (!range) {
      const first = this.firstAtLeast(lo, hi, bytes, from, k, 0);
      range = [first, this.firstAtLeast(first, hi, bytes, from, k, 1)];
      if (this.rangeByPrefix.size < MAX_REMEMBERED_PREFIXES) this.rangeByPrefix.set(key, range);
    }
    return range;
  }

  /** The dictionary lines of the given words, and the sum of their frequencies. */
  lines(ids: Iterable<number>): { text: Buffer; freq: number } {
    const parts: Uint8Array[] = [];
    let freq = 0;
    for (const id of ids) {
      parts.push(this.body.subarray(this.starts[id], this.starts[id + 1]));
      freq += this.freqs[id] as number;
    }
    return { text: Buffer.concat(parts), freq };
  }

  /**
   * First id in [lo, hi) whose word, compared on the first `k` bytes with `bytes[from, from + k)`,
   * is at least equal (`strict` 0) or greater (`strict` 1). A word shorter than `k` that is a prefix
   * counts as smaller.
   */
  private firstAtLeast(lo: number, hi: number, bytes: Uint8Array, from: number, k: number, strict: 0 | 1): number {
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compare(mid, bytes, from, k) < strict) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private compare(id: number, bytes: Uint8Array, from: number, k: number): number {
    const start = this.starts[id] as number;
    const length = this.wordBytes[id] as number;
    const n = Math.min(length, k);
    for (let j = 0; j < n; j++) {
      const d = (this.body[start + j] as number) - (bytes[from + j] as number);
      if (d !== 0) return d;
    }
    return length < k ? -1 : 0;
  }
}
