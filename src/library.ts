import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Directive } from './knowledge/directive.js';
import { emptyGlossary, type Glossary, parseGlossary } from './knowledge/glossary.js';
import { KnowledgeError, KnowledgeErrors } from './knowledge/knowledge-error.js';
import { parseDirective } from './knowledge/load-directive.js';
import type { Logger } from './logger.js';
import { type Deadline, parseDeadlines } from './reminders/deadlines-file.js';
import { Analyzer } from './search/analyzer.js';
import { buildIndex, type SearchIndex } from './search/search-index.js';

export const GLOSSARY_FILE = 'glossary.yaml';
export const DEADLINES_FILE = 'deadlines.yaml';

/** Everything the bot knows, loaded and validated together: one immutable snapshot, swapped whole on reload. */
export interface Library {
  dir: string;
  directives: Directive[];
  glossary: Glossary;
  deadlines: Deadline[];
  index: SearchIndex;
  loadedAt: Date;
}

/**
 * Loads a knowledge folder: every `.md`/`.txt` directive (files starting with `_` and README.md are
 * skipped), `glossary.yaml` and `deadlines.yaml`. Throws `KnowledgeErrors` listing every problem with file:line.
 */
export function loadLibrary(dir: string, now = new Date()): Library {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new KnowledgeErrors([new KnowledgeError(dir, 0, 'the knowledge folder does not exist')]);
  }
  const errors: KnowledgeError[] = [];
  const directives: Directive[] = [];
  for (const path of directiveFiles(dir)) {
    const name = relative(dir, path);
    try {
      directives.push(parseDirective(readKnowledgeFile(path, name), name));
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
        new KnowledgeError(d.file, 1, `id "${d.id}" is already used by ${other}; give one of them another id`),
      );
    seen.set(d.id, d.file);
  }
  if (directives.length === 0 && errors.length === 0) {
    errors.push(new KnowledgeError(dir, 0, 'no directive found: add a .txt or .md file'));
  }

  let glossary = emptyGlossary;
  const glossaryPath = join(dir, GLOSSARY_FILE);
  if (existsSync(glossaryPath)) {
    try {
      const parsed = parseGlossary(readKnowledgeFile(glossaryPath, GLOSSARY_FILE), GLOSSARY_FILE);
      if ('errors' in parsed) errors.push(...parsed.errors);
      else glossary = parsed.value;
    } catch (e) {
      if (e instanceof KnowledgeError) errors.push(e);
      else throw e;
    }
  }

  let deadlines: Deadline[] = [];
  const deadlinesPath = join(dir, DEADLINES_FILE);
  if (existsSync(deadlinesPath) && errors.length === 0) {
    try {
      const parsed = parseDeadlines(readKnowledgeFile(deadlinesPath, DEADLINES_FILE), DEADLINES_FILE, directives);
      if ('errors' in parsed) errors.push(...parsed.errors);
      else deadlines = parsed.value;
    } catch (e) {
      if (e instanceof KnowledgeError) errors.push(e);
      else throw e;
    }
  }
  if (errors.length > 0) throw new KnowledgeErrors(errors);

  const index = buildIndex(directives, new Analyzer(glossary));
  return { dir, directives, glossary, deadlines, index, loadedAt: now };
}

/** Reads a knowledge file; a file that vanished or cannot be read is the admin's problem to fix, with its name. */
function readKnowledgeFile(path: string, name: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    throw new KnowledgeError(name, 0, `cannot read the file (${code}); check that it exists and is readable`);
  }
}

function directiveFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter(
      (e) =>
        (e.isFile() || e.isSymbolicLink()) &&
        /\.(md|txt)$/i.test(e.name) &&
        !e.name.startsWith('_') &&
        e.name.toLowerCase() !== 'readme.md',
    )
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** Holds the library the bot serves. A failed reload keeps the last good one serving. */
export class LibraryHolder {
  constructor(
    private library: Library,
    private readonly logger?: Logger,
  ) {}

  static load(dir: string, logger?: Logger): LibraryHolder {
    return new LibraryHolder(loadLibrary(dir), logger);
  }

  get current(): Library {
    return this.library;
  }

  /** Rebuilds from disk and swaps in atomically; on error the old library stays and the error is returned. */
  reload(): { ok: true; library: Library } | { ok: false; error: KnowledgeErrors } {
    try {
      const next = loadLibrary(this.library.dir);
      this.library = next;
      this.logger?.info(
        { documents: next.directives.length, passages: next.index.passages.length },
        'knowledge reloaded',
      );
      return { ok: true, library: next };
    } catch (caught) {
      // A reload runs off a timer or a signal: whatever goes wrong, keep serving and say why.
      const e =
        caught instanceof KnowledgeErrors
          ? caught
          : new KnowledgeErrors([new KnowledgeError(this.library.dir, 0, `reload failed: ${String(caught)}`)]);
      this.logger?.error(
        { problems: e.errors.map((x) => x.message) },
        'knowledge reload failed; still serving the last good index',
      );
      return { ok: false, error: e };
    }
  }
}
