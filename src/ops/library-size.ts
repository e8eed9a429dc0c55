import type { Library } from '../library.js';

/** Index size, as `/healthz` and `doctor` report it. */
export function librarySize(library: Library): { documents: number; passages: number; outlineItems: number } {
  const count = (nodes: Library['directives'][number]['outline']): number =>
    nodes.reduce((n, node) => n + 1 + count(node.children), 0);
  return {
    documents: library.directives.length,
    passages: library.index.passages.length,
    outlineItems: library.directives.reduce((n, d) => n + count(d.outline), 0),
  };
}
