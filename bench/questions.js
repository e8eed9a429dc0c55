// Questions for the bench, made from the text itself: a clause with its ending turned into a question,
// and one in ten off-topic. None comes from an evaluation set.
export function questionsFrom(passages, count) {
  const clauses = passages.flatMap((p) => p.text.split(/[,,;;:。]/u).filter((c) => [...c].length >= 6));
  const offTopic = ['食堂几点开饭?', '年假有几天?', '工会会费怎么缴纳?', 'Python 怎么安装?'];
  const out = [];
  for (let i = 0; out.length < count; i++) {
    out.push(i % 10 === 9 ? offTopic[i % offTopic.length] : `${clauses[(i * 7919) % clauses.length]}是什么意思?`);
  }
  return out;
}

export const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
export const median = (xs) => quantile(xs, 0.5);
