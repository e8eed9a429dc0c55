import { constants, type Dirent, type Stats } from 'node:fs';
import { open, readdir, realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { type Clock, systemClock } from '../clock.js';
import { fileLabel, KnowledgeError } from './knowledge-error.js';
import { decodeKnowledgeText } from './plain-text.js';

export const GLOSSARY_FILE = 'glossary.yaml';
export const DEADLINES_FILE = 'deadlines.yaml';

/** How much the bot reads from the knowledge folder, and for how long. Configured in `src/config.ts`. */
export interface ReadLimits {
  /** The largest one file may be (`KNOWLEDGE_MAX_FILE_SIZE`). Default 512 KB, some 170,000 characters: a long directive is a tenth of that. */
  maxFileBytes: number;
  /** The most all files may hold together (`KNOWLEDGE_MAX_TOTAL_SIZE`). Default 8 MB. */
  maxTotalBytes: number;
  /** How long listing the folder, or reading one file, may take (`KNOWLEDGE_READ_TIMEOUT`). Default 10 s. */
  readTimeoutMs: number;
}

export const DEFAULT_READ_LIMITS: ReadLimits = {
  maxFileBytes: 512 * 1024,
  maxTotalBytes: 8 * 1024 * 1024,
  readTimeoutMs: 10_000,
};

/** One file's text, named by its path inside the knowledge folder (`2026/notice.txt`). */
export interface KnowledgeText {
  file: string;
  text: string;
}

/** What reading the folder found: texts to parse, files that could not be read, and links it skipped. */
export interface KnowledgeFolder {
  dir: string;
  directives: KnowledgeText[];
  glossary: KnowledgeText | undefined;
  deadlines: KnowledgeText | undefined;
  /** Files that are missing, too large, not regular files, not text, or too slow to read: the load fails. */
  problems: KnowledgeError[];
  /** Links that lead outside the folder, skipped; the load goes on. */
  warnings: string[];
}

/** A directive: any `.md` or `.txt` but drafts (`_draft.txt`) and the folder's own README.md. */
function isDirectiveName(name: string): boolean {
  return /\.(md|txt)$/i.test(name) && !name.startsWith('_') && name.toLowerCase() !== 'readme.md';
}

interface Candidate {
  /** The path inside the folder, as the admin sees it. */
  file: string;
  /** Where the bytes are, with every link resolved. */
  real: string;
  kind: 'directive' | 'glossary' | 'deadlines';
}

/**
 * Reads every file the bot knows from, never waiting on anything but a regular file:
 * - directives (`.md`, `.txt`) in the folder and its subfolders, skipping hidden entries (`.git`),
 *   `_`-prefixed drafts and README.md; `glossary.yaml` and `deadlines.yaml` at the top;
 * - links are followed only when their target resolves inside the folder, and each file is read once;
 *   a link leading outside (to `/etc/passwd`, another disk, `/dev/zero`) is skipped with a warning;
 * - a FIFO, a device or a socket is refused without being opened for a blocking read;
 * - a file over `maxFileBytes`, or a folder over `maxTotalBytes`, is refused before it is read;
 * - listing the folder and reading each file give up after `readTimeoutMs` (a hung network drive).
 */
export async function readKnowledgeFolder(
  dir: string,
  limits: ReadLimits = DEFAULT_READ_LIMITS,
  clock: Clock = systemClock,
): Promise<KnowledgeFolder> {
  const folder: KnowledgeFolder = {
    dir,
    directives: [],
    glossary: undefined,
    deadlines: undefined,
    problems: [],
    warnings: [],
  };
  const seconds = `${limits.readTimeoutMs / 1000} s (KNOWLEDGE_READ_TIMEOUT)`;
  const listed = await withinTime(listFolder(dir, folder), limits.readTimeoutMs, clock);
  if (listed === TIMED_OUT) {
    folder.problems.push(new KnowledgeError(dir, 0, `listing the folder took longer than ${seconds}`));
    return folder;
  }
  if (listed === undefined) return folder;

  const sized: Array<Candidate & { size: number }> = [];
  const sizes = await inOrder(listed, (candidate) =>
    withinTime(
      stat(candidate.real).then((s) => s.size),
      limits.readTimeoutMs,
      clock,
    ).catch(() => 0),
  );
  for (const [i, candidate] of listed.entries()) {
    const size = sizes[i] as number | typeof TIMED_OUT;
    // A file too large on its own is named on its own, and not counted again in the total.
    if (size !== TIMED_OUT && size > limits.maxFileBytes) {
      folder.problems.push(new KnowledgeError(candidate.file, 0, tooLarge(size, limits.maxFileBytes)));
    } else sized.push({ ...candidate, size: size === TIMED_OUT ? 0 : size });
  }
  const total = sized.reduce((n, c) => n + c.size, 0);
  if (total > limits.maxTotalBytes) {
    const largest = [...sized].sort((a, b) => b.size - a.size).slice(0, 3);
    folder.problems.push(
      new KnowledgeError(
        dir,
        0,
        `the files hold ${bytes(total)} together, more than the ${bytes(limits.maxTotalBytes)} limit ` +
          `(KNOWLEDGE_MAX_TOTAL_SIZE); largest: ${largest.map((c) => `${fileLabel(c.file)} (${bytes(c.size)})`).join(', ')}`,
      ),
    );
    return folder;
  }

  const reads = await inOrder(sized, (candidate) =>
    withinTime(readRegularFile(candidate, limits.maxFileBytes), limits.readTimeoutMs, clock).catch((error: unknown) => {
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      return `cannot read the file (${code}); check that it exists and is readable`;
    }),
  );
  for (const [i, candidate] of sized.entries()) {
    const read = reads[i] as Awaited<(typeof reads)[number]>;
    if (read === TIMED_OUT) {
      folder.problems.push(
        new KnowledgeError(
          candidate.file,
          0,
          `reading the file took longer than ${seconds}; is it on a network drive that hangs?`,
        ),
      );
      continue;
    }
    if (typeof read === 'string') {
      folder.problems.push(new KnowledgeError(candidate.file, 0, read));
      continue;
    }
    let text: string;
    try {
      const decoded = decodeKnowledgeText(read, candidate.file);
      text = decoded.text;
      if (decoded.encoding === 'gb18030')
        folder.warnings.push(`${fileLabel(candidate.file)}: read as GB18030 (GBK) text; save it as UTF-8 to be sure`);
    } catch (e) {
      if (e instanceof KnowledgeError) folder.problems.push(e);
      else throw e;
      continue;
    }
    const entry = { file: candidate.file, text };
    if (candidate.kind === 'directive') folder.directives.push(entry);
    else folder[candidate.kind] = entry;
  }
  return folder;
}

/**
 * How many files are sized or read at once. One at a time, each waits on its round trips to libuv's
 * thread pool (open, stat, read, close): 1,800 files took ~0.5 s of waiting.
 */
const AT_ONCE = 8;

/** `work` on every item, up to `AT_ONCE` at a time, its results in the items' order. `work` must not reject. */
async function inOrder<T, R>(items: T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(AT_ONCE, items.length) }, worker));
  return results;
}

/**
 * Every file to read, in name order. Walks the folder itself first, then the links inside it that
 * lead to parts of the folder not walked yet (a hidden folder, say), so a file reached both ways is
 * read once, by its own path. Undefined when the folder itself is missing.
 */
async function listFolder(dir: string, folder: KnowledgeFolder): Promise<Candidate[] | undefined> {
  let root: string;
  try {
    root = await realpath(dir);
    if (!(await stat(root)).isDirectory()) throw new Error('not a folder');
  } catch {
    folder.problems.push(new KnowledgeError(dir, 0, 'the knowledge folder does not exist'));
    return undefined;
  }
  const isInside = (real: string) => real === root || real.startsWith(root + sep);
  const walked = new Set<string>();
  const byReal = new Map<string, Candidate>();
  const dirLinks: Array<{ file: string; real: string }> = [];

  const add = (candidate: Candidate) => {
    if (!byReal.has(candidate.real)) byReal.set(candidate.real, candidate);
  };

  const walk = async (realDir: string, shownAs: string, isTop: boolean): Promise<void> => {
    walked.add(realDir);
    let entries: Dirent[];
    try {
      entries = await readdir(realDir, { withFileTypes: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      folder.problems.push(new KnowledgeError(shownAs || dir, 0, `cannot list the folder (${code})`));
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const file = shownAs ? `${shownAs}/${entry.name}` : entry.name;
      const path = join(realDir, entry.name);
      const kind =
        isTop && entry.name === GLOSSARY_FILE
          ? 'glossary'
          : isTop && entry.name === DEADLINES_FILE
            ? 'deadlines'
            : isDirectiveName(entry.name)
              ? 'directive'
              : undefined;
      if (entry.isSymbolicLink()) {
        let real: string;
        let target: Stats;
        try {
          real = await realpath(path);
          target = await stat(real);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code ?? String(error);
          if (kind) {
            folder.problems.push(
              new KnowledgeError(file, 0, `cannot read the file (${code}); check that it exists and is readable`),
            );
          }
          continue;
        }
        if (!kind && !target.isDirectory()) continue;
        if (!isInside(real)) {
          folder.warnings.push(
            `${fileLabel(file)}: links outside the knowledge folder (to ${fileLabel(real)}); skipped`,
          );
          continue;
        }
        if (target.isDirectory()) dirLinks.push({ file, real });
        else if (kind) add({ file, real, kind });
        continue;
      }
      if (entry.isDirectory()) await walk(path, file, false);
      else if (kind) add({ file, real: path, kind });
    }
  };

  await walk(root, '', true);
  // A link into a folder walked already adds nothing; one into a folder not walked yet is walked under its own name.
  for (let i = 0; i < dirLinks.length; i++) {
    const link = dirLinks[i] as { file: string; real: string };
    if (walked.has(link.real)) continue;
    await walk(link.real, link.file, false);
  }
  // Physical paths were added first, so a file reached by a link too keeps its own name.
  return [...byReal.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/**
 * The bytes of a regular file, at most `maxBytes` of them, or why not. Opened non-blocking, so a
 * FIFO swapped in after the listing cannot hold the open; the type is checked on the open handle.
 */
async function readRegularFile(candidate: Candidate, maxBytes: number): Promise<Buffer | string> {
  const handle = await open(candidate.real, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
  try {
    const info = await handle.stat();
    if (!info.isFile()) return `is not a regular file (${typeOf(info)}); only plain files are read`;
    if (info.size > maxBytes) return tooLarge(info.size, maxBytes);
    // One byte more than the file holds, to notice a file that grows while it is read.
    const buffer = Buffer.alloc(info.size + 1);
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    if (filled > info.size) return 'the file changed while it was read; it is read again on the next reload';
    return buffer.subarray(0, filled);
  } finally {
    await handle.close();
  }
}

function tooLarge(size: number, maxBytes: number): string {
  return `the file is ${bytes(size)}, more than the ${bytes(maxBytes)} limit (KNOWLEDGE_MAX_FILE_SIZE); split it or raise the limit`;
}

function typeOf(info: Stats): string {
  if (info.isFIFO()) return 'a FIFO';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  if (info.isSocket()) return 'a socket';
  if (info.isDirectory()) return 'a folder';
  return 'not a plain file';
}

/** `1 MB`, `2.3 MB`, `146 KB`, `12 bytes`: binary units, as `ls -h` shows them. */
export function bytes(n: number): string {
  const mb = n / (1024 * 1024);
  if (mb >= 1) return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} bytes`;
}

const TIMED_OUT = Symbol('timed out');

/** `work`, or `TIMED_OUT` once `ms` pass first. The work goes on in the background; its result is dropped. */
function withinTime<T>(work: Promise<T>, ms: number, clock: Clock): Promise<T | typeof TIMED_OUT> {
  let timer: { cancel(): void } | undefined;
  const timedOut = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = clock.setTimeout(() => resolve(TIMED_OUT), ms);
  });
  work.catch(() => {});
  return Promise.race([work, timedOut]).finally(() => timer?.cancel());
}
