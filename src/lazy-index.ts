import type { Library } from './library.js';
import type { SearchIndex } from './search/search-index.js';

/**
 * A library whose index is built (or restored) by `build` when first read, then kept: commands that
 * never search (`deadlines`, `reminders`) never pay for it.
 */
export function withLazyIndex(parts: Omit<Library, 'index'>, build: () => SearchIndex): Library {
  let index: SearchIndex | undefined;
  return {
    ...parts,
    get index() {
      index ??= build();
      return index;
    },
  };
}
