import { type Clock, systemClock } from './clock.js';
import type { Directive } from './knowledge/directive.js';
import { withGeneralVocabulary } from './knowledge/general-vocabulary.js';
import { emptyGlossary, type Glossary, parseGlossary } from './knowledge/glossary.js';
import { fileLabel, KnowledgeError, KnowledgeErrors } from './knowledge/knowledge-error.js';
import { parseDirective } from './knowledge/load-directive.js';
import {
  DEFAULT_READ_LIMITS,
  type KnowledgeFolder,
  type ReadLimits,
  readKnowledgeFolder,
} from './knowledge/read-folder.js';
import { withLazyIndex } from './lazy-index.js';
import { libraryCache } from './library-cache.js';
import type { Logger } from './logger.js';
import { librarySize } from './ops/library-size.js';
import { type Deadline, parseDeadlines } from './reminders/deadlines-file.js';
import { Analyzer } from './search/analyzer.js';
import { buildIndex, type SearchIndex } from './search/search-index.js';

export { DEADLINES_FILE, GLOSSARY_FILE } from './knowledge/read-folder.js';

/** Everything the bot knows, loaded and validated together: one immutable snapshot, swapped whole on reload. */
export interface Library {
  dir: string;
  directives: Directive[];
  glossary: Glossary;
  deadlines: Deadline[];
  index: SearchIndex;
  loadedAt: Date;
  /** What the admin should know that did not fail the load: links skipped, a deadlines.yaml with no list. */
  warnings: string[];
}

export interface LoadOptions {
  /** Size and time limits on reading (`KNOWLEDGE_MAX_FILE_SIZE` …); the defaults for any left out. */
  limits?: Partial<ReadLimits>;
  /** Times each read and stamps `loadedAt`. Default: the system clock. */
  clock?: Clock;
  /** The folder of cached indexes (`DATA_DIR/cache`); without it, every load parses and builds. */
  cacheDir?: string;
  /** Where the cache says what it did (rebuilt, unreadable, not writable). */
  logger?: Logger;
}

/**
 * Loads a knowledge folder: every `.md`/`.txt` directive, `glossary.yaml` and `deadlines.yaml`, read
 * safely (`readKnowledgeFolder`: regular files only, size limits, a timeout, links only inside the
 * folder), then parsed and indexed. Rejects with `KnowledgeErrors` listing every problem with file:line.
 *
 * The search index is built on first use, so a command that only reads deadlines never builds it. With
 * `options.cacheDir`, a folder whose files, glossary and code are unchanged since an earlier run loads
 * its parsed knowledge and index from the cache instead (`src/library-cache.ts`).
 */
export async function loadLibrary(dir: string, options: LoadOptions = {}): Promise<Library> {
  const clock = options.clock ?? systemClock;
  const folder = await readKnowledgeFolder(dir, { ...DEFAULT_READ_LIMITS, ...options.limits }, clock);
  const cache =
    options.cacheDir && folder.problems.length === 0
      ? libraryCache(options.cacheDir, folder, options.logger)
      : undefined;
  const cached = cache?.read(clock.now());
  if (cached) return cached;
  const library = buildLibrary(folder, clock.now());
  return cache ? cache.writeOnIndex(library) : library;
}

/**
 * Parses, validates and indexes what `readKnowledgeFolder` read. No I/O: the texts are all it needs.
 * Throws `KnowledgeErrors` listing every problem, the folder's own (unreadable files) first.
 */
export function buildLibrary(folder: KnowledgeFolder, now: Date): Library {
  const errors: KnowledgeError[] = [...folder.problems];
  const directives: Directive[] = [];
  for (const { file, text } of folder.directives) {
    try {
      directives.push(parseDirective(text, file));
    } catch (e) {
      if (e instanceof KnowledgeError) errors.push(e);
      else throw e;
    }
  }
  const seen = new Map<string, string>();
  for (const d of directives) {
    const other = seen.get(d.id);
    if (other)
      errors.push(
        new KnowledgeError(
          d.file,
          1,
          `id "${d.id}" is already used by ${fileLabel(other)}; give one of them another id`,
        ),
      );
    seen.set(d.id, d.file);
  }
  if (directives.length === 0 && errors.length === 0) {
    errors.push(new KnowledgeError(folder.dir, 0, 'no directive found: add a .txt or .md file'));
  }

  let glossary = emptyGlossary;
  if (folder.glossary) {
    const parsed = parseGlossary(folder.glossary.text, folder.glossary.file);
    if ('errors' in parsed) errors.push(...parsed.errors);
    else glossary = parsed.value;
  }
  glossary = withGeneralVocabulary(glossary);

  let deadlines: Deadline[] = [];
  const warnings = [...folder.warnings];
  if (folder.deadlines && errors.length === 0) {
    const parsed = parseDeadlines(folder.deadlines.text, folder.deadlines.file, directives);
    if ('errors' in parsed) errors.push(...parsed.errors);
    else {
      deadlines = parsed.value;
      if (parsed.warning) warnings.push(parsed.warning);
    }
  }
  if (errors.length > 0) throw new KnowledgeErrors(errors);

  return withLazyIndex({ dir: folder.dir, directives, glossary, deadlines, loadedAt: now, warnings }, () =>
    buildIndex(directives, new Analyzer(glossary)),
  );
}

export type ReloadResult =
  | { ok: true; library: Library; previous: Library }
  | { ok: false; error: KnowledgeErrors; previous: Library };

/** Holds the library the bot serves. A failed reload keeps the last good one serving. */
export class LibraryHolder {
  /** The reload in progress, so two reloads never interleave and the later one reads the later files. */
  private reloading: Promise<unknown> = Promise.resolve();

  constructor(
    private library: Library,
    private readonly logger?: Logger,
    /** How this holder loads: limits, clock, index cache. */
    readonly options: LoadOptions = {},
  ) {
    logWarnings(library, logger);
  }

  static async load(dir: string, logger?: Logger, options: LoadOptions = {}): Promise<LibraryHolder> {
    return new LibraryHolder(await loadLibrary(dir, { logger, ...options }), logger, options);
  }

  get current(): Library {
    return this.library;
  }

  /** Rebuilds from disk and swaps in atomically; on error the old library stays and the error is returned. */
  reload(): Promise<ReloadResult> {
    return this.reloadWith((previous) => loadLibrary(previous.dir, { ...this.options, logger: this.logger }));
  }

  /**
   * Swaps in the library `load` resolves to (built on a worker thread, say); until then, and when it
   * fails, the current one keeps serving. Reloads never interleave: a later one reads the later files.
   */
  reloadWith(load: (previous: Library) => Promise<Library>): Promise<ReloadResult> {
    const next = this.reloading.then(() => this.reloadOnce(load));
    this.reloading = next;
    return next;
  }

  private async reloadOnce(load: (previous: Library) => Promise<Library>): Promise<ReloadResult> {
    const previous = this.library;
    try {
      const next = await load(previous);
      this.library = next;
      this.logger?.info(
        { documents: next.directives.length, passages: librarySize(next).passages },
        'knowledge reloaded',
      );
      logWarnings(next, this.logger);
      return { ok: true, library: next, previous };
    } catch (caught) {
      // A reload runs off a timer or a signal: whatever goes wrong, keep serving and say why.
      const e =
        caught instanceof KnowledgeErrors
          ? caught
          : new KnowledgeErrors([new KnowledgeError(previous.dir, 0, `reload failed: ${String(caught)}`)]);
      this.logger?.error(
        { problems: e.errors.map((x) => x.message) },
        'knowledge reload failed; still serving the last good index',
      );
      return { ok: false, error: e, previous };
    }
  }
}

function logWarnings(library: Library, logger: Logger | undefined): void {
  if (library.warnings.length > 0) logger?.warn({ warnings: library.warnings }, 'knowledge loaded with warnings');
}
