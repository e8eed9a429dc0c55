import { type FSWatcher, watch } from 'node:fs';
import type { Clock } from '../clock.js';
import type { LibraryHolder } from '../library.js';
import type { Logger } from '../logger.js';

export type ReloadResult = ReturnType<LibraryHolder['reload']>;

export interface KnowledgeWatcherOptions {
  library: LibraryHolder;
  logger: Logger;
  clock: Clock;
  /** Quiet time after the last change before rebuilding. Editors write a file in several steps (temp file, rename, chmod). Default 300 ms. */
  debounceMs?: number;
  /** Called after every reload, good or bad: serve uses it to tell the admins' conversation. */
  onReload?: (result: ReloadResult) => void | Promise<void>;
}

export interface KnowledgeWatcher {
  /** Reloads at once (SIGHUP, tests). */
  reloadNow(): ReloadResult;
  /** When the last reload was attempted and how it ended; `undefined` before the first. */
  readonly lastAttempt: { at: Date; ok: boolean; problems: string[] } | undefined;
  stop(): void;
}

/**
 * Watches the knowledge folder and rebuilds the library when a file changes. The rebuild runs on a
 * timer, off the request path, and `LibraryHolder.reload` swaps the whole library at once, so a
 * question sees either the old index or the new one, never half of each. A broken file keeps the last
 * good library serving; the problem (file:line) goes to the log and to `onReload`.
 */
export function watchKnowledge(options: KnowledgeWatcherOptions): KnowledgeWatcher {
  const { library, logger, clock } = options;
  const debounceMs = options.debounceMs ?? 300;
  let pending: { cancel(): void } | undefined;
  let lastAttempt: KnowledgeWatcher['lastAttempt'];
  let watcher: FSWatcher | undefined;

  const reloadNow = (): ReloadResult => {
    pending?.cancel();
    pending = undefined;
    const result = library.reload();
    lastAttempt = {
      at: clock.now(),
      ok: result.ok,
      problems: result.ok ? [] : result.error.errors.map((e) => e.message),
    };
    try {
      options.onReload?.(result)?.catch((error) => logger.error({ err: error }, 'reload listener failed'));
    } catch (error) {
      logger.error({ err: error }, 'reload listener failed');
    }
    return result;
  };

  const schedule = (file: string | null) => {
    // Editor swap files and our own SQLite never affect the library; skip them to avoid needless rebuilds.
    if (file && /(^|\/)(\.|#)|~$|\.sw[px]$/.test(file)) return;
    pending?.cancel();
    pending = clock.setTimeout(() => {
      pending = undefined;
      reloadNow();
    }, debounceMs);
  };

  try {
    watcher = watch(library.current.dir, { recursive: true }, (_event, file) => schedule(file));
    watcher.on('error', (error) => logger.error({ err: error }, 'watching the knowledge folder failed'));
    watcher.unref();
  } catch (error) {
    logger.warn({ err: error, dir: library.current.dir }, 'cannot watch the knowledge folder; use SIGHUP to reload');
  }

  return {
    reloadNow,
    get lastAttempt() {
      return lastAttempt;
    },
    stop() {
      pending?.cancel();
      watcher?.close();
    },
  };
}
