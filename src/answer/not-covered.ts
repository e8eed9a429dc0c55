import { truncate } from '../characters.js';
import { messages } from '../messages.js';
import type { EmptyReply } from '../reply.js';
import type { SearchIndex } from '../search/search-index.js';
import type { Match } from './answer.js';
import type { AnswerType } from './answer-type.js';
import type { OtherValues } from './scales.js';

const MAX_SUGGESTIONS = 3;

/**
 * "Not covered", saying which of the question's words no directive mentions ("会费"), which kind of
 * answer it does not state (a date, an amount: `unstated`), or that it tells of other years or levels than
 * those asked (`other`), with the nearest
 * topics: the sections of the weak matches first, then the directive's main headings, so the user
 * always sees what the bot can answer.
 */
export function notCovered(
  index: SearchIndex,
  matches: Match[],
  missing: string[],
  why?: { unstated: AnswerType } | { other: OtherValues },
): EmptyReply {
  const topics: string[] = [];
  const add = (topic: string) => {
    const t = topic.trim();
    if (t && !topics.includes(t) && topics.length < MAX_SUGGESTIONS) topics.push(t);
  };
  for (const m of matches.slice(0, 10)) {
    if (m.coverage > 0) add(lastSection(m.passage.section));
  }
  for (const topic of headingTopics(index)) add(topic);
  const lead =
    missing.length > 0
      ? messages.notMentioned(missing, index.directives.length)
      : why && 'unstated' in why
        ? messages.notStated(why.unstated)
        : why
          ? messages.otherValue(why.other.asked, why.other.written)
          : messages.notCovered;
  const text =
    topics.length > 0 ? `${lead}\n${messages.notCoveredWithTopics}\n${topics.map((t) => `· ${t}`).join('\n')}` : lead;
  return { found: false, kind: 'not-covered', text, citations: [], suggestions: topics, missing };
}

/**
 * The first distinct topics of the knowledge's headings, in order: as many as could be offered after
 * those of the weak matches (any of which may be among them). Found once per index: going through
 * every passage for each question it declines costs milliseconds in a large library.
 */
function headingTopics(index: SearchIndex): string[] {
  let topics = headingTopicsByIndex.get(index);
  if (!topics) {
    const found = new Set<string>();
    for (const p of index.passages) {
      if (found.size >= 2 * MAX_SUGGESTIONS) break;
      const t = p.isHeading ? lastSection(p.section).trim() : '';
      if (t) found.add(t);
    }
    topics = [...found];
    headingTopicsByIndex.set(index, topics);
  }
  return topics;
}

const headingTopicsByIndex = new WeakMap<SearchIndex, string[]>();

/** The innermost section title, short enough for a button. */
function lastSection(section: string): string {
  const parts = section.split(' ');
  const last = parts.at(-1) ?? '';
  return truncate(last, 24);
}
