// STUB: the reminders work replaces this file. Signature is what src/library.ts relies on.
import type { Directive } from '../knowledge/directive.js';
import type { KnowledgeError } from '../knowledge/knowledge-error.js';

export interface Deadline {
  id: string;
  title: string;
}

export function parseDeadlines(
  _text: string,
  _file: string,
  _directives: Directive[],
): { value: Deadline[] } | { errors: KnowledgeError[] } {
  return { value: [] };
}
