import { z } from 'zod';
import type { KnowledgeError } from './knowledge-error.js';
import { parseYaml } from './yaml-file.js';

const term = z.string().trim().min(1, { error: 'must not be empty' });

export const glossarySchema = z.strictObject({
  /** Each group is one concept; the first term names it. Any term found in a question or passage stands for the group. */
  synonyms: z.array(z.array(term).min(2, { error: 'a synonym group needs at least two terms' })).default([]),
  /** Extra words for the segmenter, so domain terms stay whole (十七大, 疗休养). */
  words: z.array(term).default([]),
  /** Words that carry no meaning in a question (怎么, 哪些); they are ignored when matching. */
  stopwords: z.array(term).default([]),
  /** `false` leaves out the general vocabulary every folder otherwise gets (`src/knowledge/general-vocabulary.ts`). */
  general_vocabulary: z.boolean().optional(),
});

export type Glossary = z.output<typeof glossarySchema>;

export const emptyGlossary: Glossary = { synonyms: [], words: [], stopwords: [] };

export function parseGlossary(text: string, file: string): { value: Glossary } | { errors: KnowledgeError[] } {
  return parseYaml(text, file, glossarySchema);
}
