/**
 * A problem in a knowledge file, written for the admin who must fix it:
 * `knowledge/deadlines.yaml:14: due "13-45" is not a month-day (expected e.g. "12-31")`.
 */
export class KnowledgeError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly detail: string,
  ) {
    super(`${fileLabel(file)}:${line}: ${detail}`);
    this.name = 'KnowledgeError';
  }
}

/** Several problems found in one load, reported together so the admin fixes them in one pass. */
export class KnowledgeErrors extends Error {
  constructor(readonly errors: KnowledgeError[]) {
    super(errors.map((e) => e.message).join('\n'));
    this.name = 'KnowledgeErrors';
  }
}

/** Line breaks, other control characters and bidirectional overrides: what could forge or hide text in a message. */
const UNSAFE_IN_NAME = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}"]/u;

/**
 * A file name as messages show it: as it is when it is plain, quoted and escaped otherwise, so a name
 * such as `a\nFAKE.txt:1: all good.txt` cannot forge a `file:line` line of its own.
 *
 * @example
 * fileLabel('通知.txt') // '通知.txt'
 * fileLabel('a\nb.txt') // '"a\\nb.txt"'
 */
export function fileLabel(name: string): string {
  if (!UNSAFE_IN_NAME.test(name)) return name;
  // JSON escapes C0 controls and quotes; the rest (bidi overrides, U+2028) are spelled out by hand.
  return JSON.stringify(name).replace(
    /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu,
    (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`,
  );
}
