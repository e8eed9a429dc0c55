import { truncate } from '../characters.js';
import { messages } from '../messages.js';
import type { EmptyReply } from '../reply.js';
import type { SearchIndex } from '../search/search-index.js';
import type { Match } from './answer.js';

const MAX_SUGGESTIONS = 3;

/**
 * "Not covered", with the nearest topics: the sections of the weak matches first, then the
 * directive's main headings, so the user always sees what the bot can answer.
 */
export function notCovered(index: SearchIndex, matches: Match[]): EmptyReply {
  const topics: string[] = [];
  const add = (topic: string) => {
    const t = topic.trim();
    if (t && !topics.includes(t) && topics.length < MAX_SUGGESTIONS) topics.push(t);
  };
  for (const m of matches.slice(0, 10)) {
    if (m.coverage > 0) add(lastSection(m.passage.section));
  }
  for (const p of index.passages) if (p.isHeading) add(lastSection(p.section));
  const text =
    topics.length > 0
      ? `${messages.notCovered}\n${messages.notCoveredWithTopics}\n${topics.map((t) => `· ${t}`).join('\n')}`
      : messages.notCovered;
  return { found: false, kind: 'not-covered', text, citations: [], suggestions: topics };
}

/** The innermost section title, short enough for a button. */
function lastSection(section: string): string {
  const parts = section.split(' ');
  const last = parts.at(-1) ?? '';
  return truncate(last, 24);
}
