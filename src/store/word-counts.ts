import type { WordCount } from './store.js';

/**
 * Counts the words of comma-separated `missing` lists, oldest first: most asked first, and on a tie the
 * word asked about first comes first (the sort is stable over first appearance).
 */
export function countWords(lists: readonly string[], limit: number): WordCount[] {
  const counts = new Map<string, number>();
  for (const missing of lists) for (const word of missing.split(',')) counts.set(word, (counts.get(word) ?? 0) + 1);
  return [...counts]
    .map(([word, times]) => ({ word, times }))
    .sort((a, b) => b.times - a.times)
    .slice(0, limit);
}
