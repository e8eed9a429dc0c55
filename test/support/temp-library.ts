import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Library, loadLibrary } from '../../src/library.js';

/** A knowledge folder of its own holding `files` (name → text). */
export function folderOf(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'directive-bot-library-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** A knowledge folder of its own holding `files` (name → text), loaded as the bot loads one. */
export async function libraryOf(files: Record<string, string>): Promise<Library> {
  return loadLibrary(folderOf(files));
}
