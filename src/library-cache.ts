import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Directive } from './knowledge/directive.js';
import type { Glossary } from './knowledge/glossary.js';
import type { KnowledgeFolder } from './knowledge/read-folder.js';
import { withLazyIndex } from './lazy-index.js';
import type { Library } from './library.js';
import type { Logger } from './logger.js';
import { packageRoot } from './package-root.js';
import { packJson, unpackJson } from './packed-json.js';
import type { Deadline } from './reminders/deadlines-file.js';
import { Analyzer, segmenterWords } from './search/analyzer.js';
import { DictionarySlice } from './search/dictionary-slice.js';
import { keepGeneralIdfIn, packedGeneralIdf } from './search/general-idf.js';
import { glossTable, keepGlossesIn, packGlosses, unpackGlosses } from './search/glosses.js';
import { type IndexSnapshot, restoreAttached, restoreIndex, snapshotIndex } from './search/index-snapshot.js';
import { keepReadingsIn, packedReadings } from './search/near-words.js';
import { keepConversionMarksIn, packedConversionMarks } from './search/normalise.js';
import { checkPostings, type PostingsData } from './search/postings.js';
import { buildIndex } from './search/search-index.js';
import {
  fullSegmenter,
  jiebaDictionary,
  lazySegmenter,
  type SegmenterFactory,
  slicedSegmenter,
  USER_WORD_FREQ,
  USER_WORD_TAG,
} from './search/segmenter.js';

/**
 * The index cache: a folder's parsed directives, glossary, deadlines and built search index, kept under
 * `DATA_DIR/cache` so that a process whose knowledge has not changed loads them instead of parsing and
 * indexing again, and the glossary's dictionary slice (`src/search/dictionary-slice.ts`), so that it
 * segments a question without loading jieba's whole dictionary.
 *
 * A cache entry is used only when its key matches: a hash of every knowledge file (name and bytes), of
 * the code that reads and analyses them (every compiled source file, so an improved analyzer never
 * meets an index built by the old one) and of package.json and package-lock.json (our version, and the
 * versions of jieba, minisearch and OpenCC). Anything else (stale, truncated, unreadable, written by
 * another format) is rebuilt, with a log line; the cache never stops a load.
 */
export interface LibraryCache {
  /** The cached library of these files, or undefined when there is none that fits. */
  read(now: Date): Library | undefined;
  /** The library, saving it to the cache once its index has been built. */
  writeOnIndex(library: Library): Library;
}

/** The cache folder under `DATA_DIR`: `rm -r DATA_DIR/cache` clears it, and the next start rebuilds it. */
export function cacheDirIn(dataDir: string): string {
  return join(dataDir, 'cache');
}

/** Bump when the layout of a cache file changes. */
const FORMAT = 8;

interface CacheFile {
  format: number;
  key: string;
  glossary: Glossary;
  deadlines: Deadline[];
  warnings: string[];
  index: IndexSnapshot;
}

export function libraryCache(cacheDir: string, folder: KnowledgeFolder, logger?: Logger): LibraryCache {
  const dir = folder.dir;
  const key = cacheKey(folder);
  // One entry per knowledge folder, so `--knowledge other` does not push out the usual one.
  const name = `library-${hash(resolve(dir)).slice(0, 16)}`;
  // Packed JSON (`src/packed-json.ts`): the postings are raw typed arrays after the JSON text.
  const path = join(cacheDir, `${name}.pack`);
  // The bigram index apart: it is the largest part, and a question needs it only when its words miss.
  const gramsPath = join(cacheDir, `${name}.grams.pack`);
  return {
    read(now) {
      let bytes: Buffer;
      try {
        bytes = readFileSync(path);
      } catch {
        logger?.debug({ cache: path }, 'no index cache for this folder yet');
        return undefined;
      }
      try {
        const file = unpackJson(bytes) as CacheFile;
        if (file.format !== FORMAT || file.key !== key) {
          logger?.info({ cache: path }, 'knowledge or code changed since the index cache was written: rebuilding it');
          return undefined;
        }
        const { glossary, deadlines, warnings } = file;
        const directives = restoreAttached(file.index) as Directive[];
        if (!Array.isArray(directives)) throw new Error('the cache holds no directives');
        checkPostings(file.index.words);
        // Each read on first need: `deadlines` or `reminders` analyse no text.
        keepGeneralIdfIn(() => readKept(cacheDir, GENERAL_IDF));
        keepConversionMarksIn(() => readKept(cacheDir, CONVERSION_MARKS));
        keepReadingsIn(() => readKept(cacheDir, READINGS));
        keepGlossesBeside(cacheDir);
        // Restored on first use: `deadlines` or `reminders` never read the index.
        return withLazyIndex({ dir, directives, glossary, deadlines, warnings, loadedAt: now }, () => {
          const analyzer = new Analyzer(glossary, slicedFactory(cacheDir));
          try {
            return restoreIndex(file.index, directives, analyzer, () => readGrams(gramsPath, key, logger));
          } catch (error) {
            logger?.warn({ cache: path, err: error }, 'the cached index is unreadable: building it');
            return buildIndex(directives, analyzer);
          }
        });
      } catch (error) {
        logger?.warn({ cache: path, err: error }, 'the index cache is unreadable: rebuilding it');
        return undefined;
      }
    },
    writeOnIndex(library) {
      // Named one by one: spreading the library would read its index, and so build it now.
      const { directives, glossary, deadlines, warnings, loadedAt } = library;
      return withLazyIndex({ dir, directives, glossary, deadlines, warnings, loadedAt }, () => {
        const index = library.index;
        try {
          const { grams, ...snapshot } = snapshotIndex(index, library.directives);
          if (grams) writeAtomically(gramsPath, packJson({ format: FORMAT, key, grams }));
          const file: CacheFile = {
            format: FORMAT,
            key,
            glossary,
            deadlines,
            warnings,
            index: snapshot,
          };
          writeAtomically(path, packJson(file));
          // What an earlier format wrote for this folder: nothing reads it any more.
          for (const old of [`${name}.json`, `${name}.grams.json`]) rmSync(join(cacheDir, old), { force: true });
          writeSlice(cacheDir, segmenterWords(library.glossary));
          keep(cacheDir, GENERAL_IDF, packedGeneralIdf());
          keep(cacheDir, CONVERSION_MARKS, packedConversionMarks());
          keep(cacheDir, READINGS, packedReadings());
          // Made from CC-CEDICT (~0.6 s, ~120 MB) while the index is built anyway, unless a good copy is
          // kept: a one-off question then never reads CC-CEDICT.
          const glosses = readKept(cacheDir, GLOSSES);
          if (!glosses || !unpackGlosses(glosses)) keep(cacheDir, GLOSSES, packGlosses(glossTable()));
          keepGlossesBeside(cacheDir);
          logger?.debug({ cache: path }, 'index cache written');
        } catch (error) {
          // A read-only or full disk costs speed, never an answer.
          logger?.warn(
            { cache: path, err: error },
            'cannot write the index cache; the next start builds the index again',
          );
        }
        return index;
      });
    },
  };
}

/** The kept bigram index, if it belongs to the same key; else undefined, and the index builds it. */
function readGrams(path: string, key: string, logger?: Logger): PostingsData | undefined {
  try {
    const file = unpackJson(readFileSync(path)) as { format: number; key: string; grams: PostingsData };
    if (file.format === FORMAT && file.key === key) {
      checkPostings(file.grams);
      return file.grams;
    }
  } catch {
    // missing or damaged: built below
  }
  logger?.info({ cache: path }, 'the cached bigram index is missing or stale: building it');
  return undefined;
}

/**
 * The cache key of a folder as read, under this code: every file's name and text, and what reading it
 * warned about (a link skipped), which no text shows.
 */
export function cacheKey(folder: KnowledgeFolder): string {
  const h = createHash('sha256').update(`format ${FORMAT}\n${codeHash()}\n${JSON.stringify(folder.warnings)}\n`);
  for (const f of [...folder.directives, folder.glossary, folder.deadlines]) {
    if (f) h.update(`${f.file.length}:${f.file}${Buffer.byteLength(f.text)}:`).update(f.text);
    else h.update('-');
  }
  return h.digest('hex');
}

let code: string | undefined;

/**
 * A hash of the code that produces a library: every compiled source file beside this one (the chunks of
 * `dist/bundle`, `dist/src`, or `src` under the tests), package.json and package-lock.json. Computed once
 * a process (~2 ms).
 */
export function codeHash(): string {
  if (code) return code;
  const h = createHash('sha256');
  const sources = dirname(fileURLToPath(import.meta.url));
  const names = readdirSync(sources, { recursive: true, encoding: 'utf8' })
    .filter((n) => /\.(c?js|ts)$/.test(n))
    .sort();
  for (const name of names) h.update(name).update(readFileSync(join(sources, name)));
  for (const name of ['package.json', 'package-lock.json']) {
    try {
      h.update(name).update(readFileSync(join(packageRoot(), name)));
    } catch {
      h.update(`${name} missing`);
    }
  }
  code = h.digest('hex');
  return code;
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Writes a whole file or nothing: a reader never sees half of it, even if this process dies midway. */
function writeAtomically(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, data, { mode: 0o600 });
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

function slicePath(cacheDir: string, words: string[]): string {
  return join(cacheDir, `segmenter-${codeHash().slice(0, 16)}-${hash(words.join('\n')).slice(0, 16)}.bin`);
}

/** Packs the glossary's dictionary slice, unless an earlier run did (~0.4 s, once per glossary). */
function writeSlice(cacheDir: string, words: string[]): void {
  const path = slicePath(cacheDir, words);
  try {
    if (DictionarySlice.read(readFileSync(path))) return;
  } catch {
    // not there yet
  }
  writeAtomically(path, DictionarySlice.pack(jiebaDictionary(), words, USER_WORD_FREQ, USER_WORD_TAG));
  forgetOtherCode(cacheDir);
}

/** Removes the slices and kept tables an earlier version of the code wrote: nothing will read them again. */
function forgetOtherCode(cacheDir: string): void {
  const current = codeHash().slice(0, 16);
  const kinds = ['segmenter-{code}', GENERAL_IDF, CONVERSION_MARKS, READINGS, GLOSSES].map(
    (n) => n.split('-{code}')[0],
  );
  const perCode = new RegExp(`^(?:${kinds.join('|')})-([0-9a-f]{16})[-.]`);
  for (const name of readdirSync(cacheDir)) {
    const m = perCode.exec(name);
    if (m && m[1] !== current) rmSync(join(cacheDir, name), { force: true });
  }
}

/**
 * Tables kept beside the slice, one per version of the code, each read by its own module on first need:
 * jieba's general IDF (packed), the characters that mark a text OpenCC changes, every common hanzi's
 * pinyin readings. A missing or broken one only costs what it saves.
 */
const GENERAL_IDF = 'general-idf-{code}.bin';
const CONVERSION_MARKS = 'conversion-marks-{code}.bin';
const READINGS = 'readings-{code}.json';
const GLOSSES = 'glosses-{code}.bin';

/** The gloss table is read from beside the cache on first need, and kept there when it had to be made. */
function keepGlossesBeside(cacheDir: string): void {
  keepGlossesIn(
    () => readKept(cacheDir, GLOSSES),
    (bytes) => keep(cacheDir, GLOSSES, bytes),
  );
}

function keptPath(cacheDir: string, name: string): string {
  return join(cacheDir, name.replace('{code}', codeHash().slice(0, 16)));
}

/** Keeps a table, unless an earlier run kept the same bytes (a broken copy is replaced). */
function keep(cacheDir: string, name: string, bytes: Buffer | undefined): void {
  if (!bytes) return;
  if (readKept(cacheDir, name)?.equals(bytes)) return;
  writeAtomically(keptPath(cacheDir, name), bytes);
}

function readKept(cacheDir: string, name: string): Buffer | undefined {
  try {
    return readFileSync(keptPath(cacheDir, name));
  } catch {
    return undefined;
  }
}

/**
 * Segmenters that start from the glossary's dictionary slice when the cache holds one: a one-off
 * question then needs no whole dictionary. Without one, jieba's whole dictionary, on first use.
 */
function slicedFactory(cacheDir: string): SegmenterFactory {
  return (words) =>
    lazySegmenter(() => {
      const full = () => fullSegmenter(words);
      let slice: DictionarySlice | undefined;
      try {
        slice = DictionarySlice.read(readFileSync(slicePath(cacheDir, words)));
      } catch {
        slice = undefined;
      }
      return slice ? slicedSegmenter(slice, full) : full();
    });
}
