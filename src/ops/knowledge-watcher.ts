import { type FSWatcher, statSync, watch } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Clock } from '../clock.js';
import type { LibraryHolder, ReloadResult } from '../library.js';
import { loadLibraryOnWorker } from '../library-worker.js';
import type { Logger } from '../logger.js';

export type { ReloadResult } from '../library.js';

/**
 * `watching`: changes reload the library. `missing`: the folder is gone (a deploy replaces it) and
 * is waited for. `not-watching`: the folder is there but cannot be watched (inotify limits); retried.
 */
export type WatchState = 'watching' | 'missing' | 'not-watching';

export interface KnowledgeWatcherOptions {
  library: LibraryHolder;
  logger: Logger;
  clock: Clock;
  /** Quiet time after the last change before rebuilding. Editors write a file in several steps (temp file, rename, chmod). Default 300 ms. */
  debounceMs?: number;
  /**
   * How often the folder itself is checked: a folder deleted and created again (what a deploy does)
   * is a new folder that the old watch never sees. Default 2,000 ms.
   */
  checkEveryMs?: number;
  /** Called after every reload, good or bad: serve uses it to tell the admins' conversation. */
  onReload?: (result: ReloadResult) => void | Promise<void>;
}

export interface KnowledgeWatcher {
  /** Reloads at once (SIGHUP, 重新加载, tests), on a worker thread; the current library serves meanwhile. */
  reloadNow(): Promise<ReloadResult>;
  /** When the last reload was attempted and how it ended; `undefined` before the first. */
  readonly lastAttempt: { at: Date; ok: boolean; problems: string[] } | undefined;
  /** Whether changes to the folder are being seen; `/healthz` is degraded unless `watching`. */
  readonly state: WatchState;
  stop(): void;
}

/**
 * Watches the knowledge folder and rebuilds the library when a file changes. The rebuild runs on a
 * worker thread, off the request path, and `LibraryHolder.reloadWith` swaps the whole library at once, so a
 * question sees either the old index or the new one, never half of each. A broken file keeps the last
 * good library serving; the problem (file:line) goes to the log and to `onReload`.
 *
 * The folder is also checked every `checkEveryMs`: when it disappears the watch is dropped and the
 * state is `missing`; when a folder is back at the path (or another one replaced it) the watch is
 * attached to it again and the library reloaded.
 */
export function watchKnowledge(options: KnowledgeWatcherOptions): KnowledgeWatcher {
  const { library, logger, clock } = options;
  const dir = library.current.dir;
  const debounceMs = options.debounceMs ?? 300;
  const checkEveryMs = options.checkEveryMs ?? 2_000;
  let pending: { cancel(): void } | undefined;
  let checkTimer: { cancel(): void } | undefined;
  let lastAttempt: KnowledgeWatcher['lastAttempt'];
  let watcher: FSWatcher | undefined;
  /** The folder being watched, by device and inode: a folder made again at the same path is another one. */
  let watchedId: string | undefined;
  let state: WatchState = 'not-watching';
  let isStopped = false;

  const reloadNow = async (): Promise<ReloadResult> => {
    pending?.cancel();
    pending = undefined;
    const result = await library.reloadWith((previous) =>
      loadLibraryOnWorker(previous.dir, { ...library.options, previous }),
    );
    lastAttempt = {
      at: clock.now(),
      ok: result.ok,
      problems: result.ok ? [] : result.error.errors.map((e) => e.message),
    };
    try {
      await options.onReload?.(result);
    } catch (error) {
      logger.error({ err: error }, 'reload listener failed');
    }
    return result;
  };

  const schedule = (file: string | null) => {
    // Editor swap files and our own SQLite never affect the library; skip them to avoid needless rebuilds.
    if (file && /(^|\/)(\.|#)|~$|\.sw[px]$/.test(file)) return;
    if (isStopped) return;
    pending?.cancel();
    pending = clock.setTimeout(() => {
      pending = undefined;
      void reloadNow();
    }, debounceMs);
  };

  const detach = () => {
    watcher?.close();
    watcher = undefined;
    watchedId = undefined;
  };

  const attach = (id: string): boolean => {
    detach();
    try {
      const next = watch(dir, { recursive: true }, (_event, file) => schedule(file));
      next.on('error', (error) => {
        // The folder went away under the watch, or inotify gave up: a check at once sorts out which.
        if (watcher !== next) return;
        logger.warn({ err: error, dir }, 'watching the knowledge folder failed; checking the folder again');
        detach();
        state = 'not-watching';
        void check();
      });
      next.unref();
      watcher = next;
      watchedId = id;
      state = 'watching';
      return true;
    } catch (error) {
      state = 'not-watching';
      logger.warn({ err: error, dir }, 'cannot watch the knowledge folder; retrying, and SIGHUP reloads meanwhile');
      return false;
    }
  };

  async function check(): Promise<void> {
    const id = await folderId(dir);
    if (isStopped) return;
    if (id === undefined) {
      if (state !== 'missing') {
        logger.warn({ dir }, 'the knowledge folder is gone; serving the last good index until it is back');
        detach();
        state = 'missing';
        schedule(null);
      }
    } else if (id !== watchedId || !watcher) {
      const was = state;
      if (attach(id)) {
        logger.info({ dir, was }, 'watching the knowledge folder again');
        // Changes made while nothing watched were missed: read the folder as it is now.
        schedule(null);
      }
    }
  }

  const tick = async () => {
    await check();
    if (!isStopped) checkTimer = clock.setTimeout(() => void tick(), checkEveryMs);
  };

  // The first watch is attached at once, so a change made right after start-up is seen.
  const initialId = folderIdNow(dir);
  if (initialId) attach(initialId);
  else state = 'missing';
  checkTimer = clock.setTimeout(() => void tick(), checkEveryMs);

  return {
    reloadNow,
    get lastAttempt() {
      return lastAttempt;
    },
    get state() {
      return state;
    },
    stop() {
      isStopped = true;
      pending?.cancel();
      checkTimer?.cancel();
      detach();
    },
  };
}

/** The folder's device and inode, or undefined when nothing (or a file) is at the path. */
async function folderId(dir: string): Promise<string | undefined> {
  try {
    const info = await stat(dir);
    return info.isDirectory() ? `${info.dev}:${info.ino}` : undefined;
  } catch {
    return undefined;
  }
}

function folderIdNow(dir: string): string | undefined {
  try {
    const info = statSync(dir);
    return info.isDirectory() ? `${info.dev}:${info.ino}` : undefined;
  } catch {
    return undefined;
  }
}
