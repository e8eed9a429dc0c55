import { askedConcepts, weigh } from '../answer/answer.js';
import type { Library } from '../library.js';
import type { Reply } from '../reply.js';
import { type Concept, holdsConcept } from '../search/analyzer.js';
import { listDeadlines, upcomingDeadlines } from './deadline-reply.js';

/**
 * "还有几天", "截止", "到期", "年底前要完成哪些": the question asks what is due and when, not about
 * the wording of the text.
 */
const ASKS_TIME_LEFT = /[几多少]天|截止|到期|期限|deadline|ddl|前(?:要|得|需要?|必须)?完成|要完成(?:哪些|什么)/iu;

/** Words that only ask about time; what remains is the topic (劳模评选, 欠薪). */
const TIME_WORDS = new Set([
  '截止',
  '到期',
  '期限',
  '几天',
  '多少天',
  '天数',
  '还剩',
  '剩下',
  '剩余',
  '日期',
  '时间',
  '离',
  '距离',
  '完成',
  'deadline',
  'ddl',
]);

/** Share of the topic a deadline's title and sentence must hold to be the one asked about. */
const MIN_TOPIC_COVERAGE = 0.4;

/**
 * Answers "劳模评选还有几天?" or "离截止还有多少天?" from the deadlines: the ones the question names,
 * or all of them when it names none. Returns undefined when the question is not about time left, or
 * names a topic no deadline has; it is then answered from the text (a notice's own dates).
 */
export function answerDeadlineQuestion(
  library: Library,
  question: string,
  at: Date,
  timezone: string,
): Reply | undefined {
  if (!ASKS_TIME_LEFT.test(question) || library.deadlines.length === 0) return undefined;
  const { index } = library;
  const topic = weigh(index, askedConcepts(index, question)).filter((c) => !TIME_WORDS.has(c.word));
  const upcoming = upcomingDeadlines(library.deadlines, at, timezone);
  if (topic.length === 0) return listDeadlines(upcoming);
  const total = topic.reduce((sum, c) => sum + c.weight, 0);
  // Nothing the question names is in the knowledge (会费还有几天): the answer path declines and says so.
  if (total === 0) return undefined;
  const holds = (text: string) => {
    const lower = text.toLowerCase();
    const terms = new Set(index.analyzer.terms(lower));
    return (c: Concept) => holdsConcept(c, terms, lower);
  };
  const scored = upcoming.map((u) => {
    // The title says what the deadline is; its sentence may speak of neighbouring tasks too, so it counts half.
    const inTitle = holds(u.deadline.title);
    const inSentence = holds(u.deadline.cite.sentence);
    const met = topic.reduce((sum, c) => sum + (inTitle(c) ? c.weight : inSentence(c) ? c.weight / 2 : 0), 0);
    return { u, coverage: met / total };
  });
  const best = Math.max(...scored.map((s) => s.coverage));
  if (best < MIN_TOPIC_COVERAGE) return undefined;
  return listDeadlines(scored.filter((s) => s.coverage === best).map((s) => s.u));
}
