import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { systemClock } from './clock.js';
import type { Directive } from './knowledge/directive.js';
import type { Glossary } from './knowledge/glossary.js';
import { KnowledgeError, KnowledgeErrors } from './knowledge/knowledge-error.js';
import type { ReadLimits } from './knowledge/read-folder.js';
import { withLazyIndex } from './lazy-index.js';
import { type Library, type LoadOptions, loadLibrary } from './library.js';
import { packageRoot } from './package-root.js';
import type { Deadline } from './reminders/deadlines-file.js';
import { Analyzer } from './search/analyzer.js';
import { type IndexSnapshot, restoreIndexAsync, snapshotIndex } from './search/index-snapshot.js';

/**
 * Building a library on a worker thread, so that a reload (a file saved, SIGHUP, 重新加载) never
 * stops answers or `/healthz`: reading, parsing, segmenting and indexing happen there, and this
 * thread only restores the finished index, in steps that yield (`restoreIndexAsync`).
 */

interface Request {
  kind: 'directive-bot library build';
  dir: string;
  cacheDir: string | undefined;
  limits: Partial<ReadLimits> | undefined;
}

type Built =
  | {
      ok: true;
      directives: Directive[];
      glossary: Glossary;
      deadlines: Deadline[];
      warnings: string[];
      index: IndexSnapshot;
    }
  | { ok: false; problems: Array<{ file: string; line: number; detail: string }> }
  | { ok: false; failure: string };

/**
 * Loads a knowledge folder on a worker thread, with the same read limits (writing the index cache
 * there, with `cacheDir`). Rejects with `KnowledgeErrors` when the files are broken. `previous` is the
 * library now serving: its analyzer is kept when the glossary is unchanged, so the new index needs no
 * segmenter start-up.
 */
export function loadLibraryOnWorker(
  dir: string,
  options: Pick<LoadOptions, 'cacheDir' | 'limits' | 'clock'> & { previous?: Library },
): Promise<Library> {
  const request: Request = {
    kind: 'directive-bot library build',
    dir,
    cacheDir: options.cacheDir,
    limits: options.limits,
  };
  return new Promise<Built>((resolve, reject) => {
    const worker = new Worker(workerEntry(), { workerData: request });
    // A reload never holds up a process that is stopping; one that keeps serving gets its answer.
    worker.unref();
    let settled = false;
    worker.once('message', (built: Built) => {
      settled = true;
      resolve(built);
      void worker.terminate();
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the reload worker stopped with exit code ${code}`));
    });
  }).then(async (built) => {
    if (!built.ok) {
      if ('failure' in built) throw new Error(built.failure);
      throw new KnowledgeErrors(built.problems.map((p) => new KnowledgeError(p.file, p.line, p.detail)));
    }
    const { directives, glossary, deadlines, warnings } = built;
    const previous = options.previous;
    const analyzer =
      previous && JSON.stringify(previous.glossary) === JSON.stringify(glossary)
        ? previous.index.analyzer
        : new Analyzer(glossary);
    const index = await restoreIndexAsync(built.index, directives, analyzer);
    const loadedAt = (options.clock ?? systemClock).now();
    return withLazyIndex({ dir, directives, glossary, deadlines, warnings, loadedAt }, () => index);
  });
}

/**
 * The compiled worker module: this file in dist/src/, or the bundle's entry of that name beside the
 * chunk holding this code (`bin/bundle.js`). Under the tests this file is TypeScript, which a worker
 * cannot run; the compiled copy in dist/ (built before the tests) is the same code.
 */
function workerEntry(): URL {
  const compiled = /\.c?js$/.exec(import.meta.url)?.[0];
  if (compiled) return new URL(`./library-worker${compiled}`, import.meta.url);
  const built = join(packageRoot(), 'dist', 'src', 'library-worker.js');
  if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\``);
  return new URL(`file://${built}`);
}

async function build(request: Request): Promise<Built> {
  try {
    const library = await loadLibrary(request.dir, {
      ...(request.cacheDir ? { cacheDir: request.cacheDir } : {}),
      ...(request.limits ? { limits: request.limits } : {}),
    });
    const { directives, glossary, deadlines, warnings } = library;
    return { ok: true, directives, glossary, deadlines, warnings, index: snapshotIndex(library.index) };
  } catch (error) {
    if (error instanceof KnowledgeErrors) {
      return { ok: false, problems: error.errors.map((e) => ({ file: e.file, line: e.line, detail: e.detail })) };
    }
    return { ok: false, failure: `reload failed: ${String(error)}` };
  }
}

if (!isMainThread && (workerData as Request | undefined)?.kind === 'directive-bot library build') {
  void build(workerData as Request).then((built) => parentPort?.postMessage(built));
}
