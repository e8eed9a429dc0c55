import {
  accessSync,
  constants,
  mkdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import Module, { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { crc32 } from 'node:zlib';

/**
 * V8's code cache for the bundled CLI (`dist/bundle/*.cjs`, made by `bin/bundle.js`). A one-off command
 * spends 15–30 ms of its start-up parsing and compiling the bundle, and V8 can save that work and
 * load it back instead. Node 20 offers this for CommonJS only (`vm.Script`'s `cachedData`;
 * `module.enableCompileCache` came with Node 22), hence a CommonJS bundle.
 *
 * - **Made after the command ran.** The cache is taken as the process exits, so it holds every function
 *   the command called, not just the top level that V8 compiles up front.
 * - **One per command** (`ask`, `deadlines`, `serve` …): each calls different functions of the same chunks.
 *   The first run of a command after a build writes its cache; later runs only read it.
 * - **Never trusted blindly.** An entry is used only when it was made from this very source (a CRC of the
 *   chunk's text, as V8 itself checks no more than its length) and its bytes are intact (a CRC of them):
 *   V8 does not check a cache's payload, and a damaged one could crash it. V8 rejects a cache made by
 *   another version of itself or other flags. A rejected or damaged entry is replaced on exit; any
 *   failure to read or write one only means compiling as usual.
 *
 * The cache lives beside the bundle (`dist/code-cache/`), which `npm run build` clears. It is only as
 * trusted as the code itself: whoever can write there can change the code too. A folder that cannot be
 * written just means no cache. `DIRECTIVE_BOT_CODE_CACHE=0` turns it off.
 */
export interface CodeCacheOptions {
  /** The bundle's folder: only its chunks go through the cache. */
  bundleDir: string;
  /** Where the entries live, one folder per command. */
  cacheDir: string;
  /** The command word (`ask`, `deadlines`); anything else shares one entry. */
  command: string | undefined;
}

/** What the cache did for the chunks loaded so far, for the tests and the bench. */
export interface CodeCacheStats {
  /** Chunks compiled from their cache entry. */
  used: string[];
  /** Chunks compiled afresh (no entry, or one that was stale, damaged or rejected): written on exit. */
  compiled: string[];
}

const MAGIC = 'directive-bot code cache 1\n';
const HEADER = Buffer.byteLength(MAGIC) + 8;
const COMMAND = /^[a-z][a-z-]{0,23}$/;

type Compile = (this: Module, content: string, filename: string) => unknown;

/**
 * Loads every chunk of `bundleDir` required from now on through the cache. Call it once, before the
 * bundle's first `require`; returns the running tally.
 */
export function useCodeCache(options: CodeCacheOptions): CodeCacheStats {
  const stats: CodeCacheStats = { used: [], compiled: [] };
  // Node loads a module by its real path: an install reached through a symlink still meets its chunks.
  const bundleDir = realpathOr(options.bundleDir);
  const folder = join(options.cacheDir, options.command && COMMAND.test(options.command) ? options.command : 'other');
  const fresh: Array<{ file: string; sourceCrc: number; script: Script }> = [];
  const proto = Module.prototype as unknown as { _compile: Compile };
  const compile = proto._compile;
  proto._compile = function (this: Module, content: string, filename: string) {
    if (dirname(filename) !== bundleDir) return compile.call(this, content, filename);
    const file = join(folder, `${basename(filename)}.v8`);
    const sourceCrc = crc32(content);
    const cachedData = readEntry(file, sourceCrc);
    const script = new Script(Module.wrap(content), { filename, ...(cachedData ? { cachedData } : {}) });
    if (cachedData && !script.cachedDataRejected) stats.used.push(basename(filename));
    else {
      stats.compiled.push(basename(filename));
      fresh.push({ file, sourceCrc, script });
    }
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    return wrapper.call(this.exports, this.exports, createRequire(filename), this, filename, dirname(filename));
  };
  process.once('exit', () => {
    // Making an entry costs about as much as it saves: not for a folder it cannot be written to.
    if (fresh.length === 0 || !isWritable(folder)) return;
    for (const entry of fresh) writeEntry(entry.file, entry.sourceCrc, entry.script);
  });
  return stats;
}

function isWritable(folder: string): boolean {
  try {
    mkdirSync(folder, { recursive: true });
    accessSync(folder, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function realpathOr(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** An entry's V8 data, when it was made from this source and is intact; undefined otherwise. */
function readEntry(file: string, sourceCrc: number): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  if (bytes.length <= HEADER || bytes.toString('latin1', 0, HEADER - 8) !== MAGIC) return undefined;
  const data = bytes.subarray(HEADER);
  if (bytes.readUInt32LE(HEADER - 8) !== sourceCrc || bytes.readUInt32LE(HEADER - 4) !== crc32(data)) return undefined;
  return data;
}

/** Writes an entry whole or not at all (a temporary file renamed), silently giving up on any error. */
function writeEntry(file: string, sourceCrc: number, script: Script): void {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    const data = script.createCachedData();
    const header = Buffer.alloc(HEADER);
    header.write(MAGIC, 'latin1');
    header.writeUInt32LE(sourceCrc, HEADER - 8);
    header.writeUInt32LE(crc32(data), HEADER - 4);
    writeFileSync(temporary, Buffer.concat([header, data]));
    renameSync(temporary, file);
  } catch {
    // A read-only install, a full disk: the next start compiles as usual.
    try {
      rmSync(temporary, { force: true });
    } catch {}
  }
}
