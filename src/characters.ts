/** Length in characters as a reader counts them (code points), not UTF-16 units: 𠮷 is one. */
export function length(text: string): number {
  return [...text].length;
}

/** At most `max` characters; a cut text ends with `…`, which counts as one of them. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
