import { markTerms, windowExcerpt } from '../answer/excerpt.js';
import type { Citation } from '../reply.js';
import type { Deadline } from './deadlines-file.js';

/**
 * The citation a deadline carries into every reply and reminder: its sentence, cut to the excerpt
 * limit around the quoted words, which are marked.
 */
export function deadlineCitation(deadline: Deadline, score = 1): Citation {
  const { doc, docTitle, ref, label, sentence, quote } = deadline.cite;
  const excerpt = windowExcerpt(sentence, (clause) => (quote && overlaps(clause, quote) ? 1 : 0));
  return { doc, docTitle, ref, label, excerpt, marks: quote ? markTerms(excerpt, [quote]) : [], score };
}

/** A clause belongs to the quote when either holds the other, give or take its closing punctuation. */
function overlaps(clause: string, quote: string): boolean {
  const bare = clause.replace(/[,,、;;。!!??::]+$/u, '');
  return bare !== '' && (quote.includes(bare) || clause.includes(quote));
}
