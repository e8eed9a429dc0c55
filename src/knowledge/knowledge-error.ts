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
    super(`${file}:${line}: ${detail}`);
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
