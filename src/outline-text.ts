import type { Directive, OutlineNode } from './knowledge/directive.js';
import { messages } from './messages.js';

/** The outline of every directive as indented text (the `目录` command and `directive-bot outline`). */
export function outlineText(directives: Directive[]): string {
  const lines: string[] = [];
  for (const d of directives) {
    lines.push(messages.outlineLead(d.title));
    const walk = (nodes: OutlineNode[]) => {
      for (const n of nodes) {
        lines.push(`${'  '.repeat(n.depth)}${n.marker}${n.title}`);
        walk(n.children);
      }
    };
    walk(d.outline);
  }
  return lines.join('\n');
}
