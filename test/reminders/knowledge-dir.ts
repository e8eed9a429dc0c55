import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixtures, shippedKnowledge } from '../support/paths.js';

/** A throwaway knowledge folder: the shipped speech and glossary, the notice if asked, and the given deadlines.yaml. */
export function knowledgeDir(deadlinesYaml: string | undefined, options: { withNotice?: boolean } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'directive-bot-knowledge-'));
  copyFileSync(join(shippedKnowledge, 'speech.txt'), join(dir, 'speech.txt'));
  copyFileSync(join(shippedKnowledge, 'glossary.yaml'), join(dir, 'glossary.yaml'));
  if (options.withNotice) {
    copyFileSync(join(fixtures, 'notice-year-end-2026.txt'), join(dir, 'notice-year-end-2026.txt'));
  }
  if (deadlinesYaml !== undefined) writeFileSync(join(dir, 'deadlines.yaml'), deadlinesYaml);
  return dir;
}
