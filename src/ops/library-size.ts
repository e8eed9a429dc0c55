import type { Library } from '../library.js';

/** Index size, as `/healthz` and `doctor` report it. */
export function librarySize(library: Library): { documents: number; passages: number; outlineItems: number } {
  const count = (nodes: Library['directives'][number]['outline']): number =>
    nodes.reduce((n, node) => n + 1 + count(node.children), 0);
  return {
    documents: library.directives.length,
    // Counted from the directives (one passage a sentence), so that sizing a library never builds its index.
    passages: library.directives.reduce((n, d) => n + d.paragraphs.reduce((m, p) => m + p.sentences.length, 0), 0),
    outlineItems: library.directives.reduce((n, d) => n + count(d.outline), 0),
  };
}
