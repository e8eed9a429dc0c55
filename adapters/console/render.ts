import { messages } from '../../src/messages.js';
import type { Citation, Reply } from '../../src/reply.js';

export interface TerminalStyle {
  /** ANSI bold for marks when writing to a terminal; 【】 brackets otherwise. */
  color: boolean;
}

/** Renders a reply for a terminal: the excerpt with its terms marked, then its citations. */
export function renderTerminal(reply: Reply, style: TerminalStyle): string {
  // Lists, deadlines and sources carry their layout in `text`; only answers are laid out here.
  if (!reply.found || reply.kind !== 'answer') return reply.text;
  const [first, ...rest] = reply.citations;
  const lines = [
    `《${first.docTitle}》`,
    `  “${highlight(first, style)}”`,
    `  —— ${messages.sourceLabel}:${first.label}  [${first.ref}]`,
  ];
  for (const c of rest) lines.push(`  · “${highlight(c, style)}”`, `    —— ${c.label}`);
  return lines.join('\n');
}

export function highlight(c: Citation, style: TerminalStyle): string {
  const [open, close] = style.color ? ['\u001b[1;33m', '\u001b[0m'] : ['【', '】'];
  let out = '';
  let at = 0;
  for (const [start, end] of c.marks) {
    out += c.excerpt.slice(at, start) + open + c.excerpt.slice(start, end) + close;
    at = end;
  }
  return out + c.excerpt.slice(at);
}
