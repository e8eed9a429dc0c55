import { messages } from '../messages.js';
import type { Citation } from '../reply.js';

/** The plain-text rendition of cited excerpts: what a terminal shows and a notification falls back to. */
export function answerText(citations: Citation[]): string {
  const [first, ...rest] = citations;
  if (!first) return '';
  const lines = [messages.answerLead(first.docTitle), `“${first.excerpt}”`, sourceLine(first)];
  if (rest.length > 0) {
    lines.push(`${messages.otherSources}:`);
    for (const c of rest) lines.push(`· “${c.excerpt}”(${c.label})`);
  }
  return lines.join('\n');
}

/** `—— 出处:三是要贯彻好、落实好 › 三要 › 第3句` */
function sourceLine(citation: Citation): string {
  return `—— ${messages.sourceLabel}:${citation.label}`;
}
