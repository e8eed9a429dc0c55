/**
 * What `make` gives for an owner (an index, a passage) and a key, made once and kept as long as the owner
 * is. At most `bound` keys are kept per owner: a flood of distinct keys must not grow the memo for ever, and
 * past the bound their values are made afresh. `make` must not give undefined.
 */
export function keptFor<O extends object, V>(
  memo: WeakMap<O, Map<string, V>>,
  owner: O,
  key: string,
  make: () => V,
  bound = Number.POSITIVE_INFINITY,
): V {
  let kept = memo.get(owner);
  if (!kept) {
    kept = new Map();
    memo.set(owner, kept);
  }
  let value = kept.get(key);
  if (value === undefined) {
    value = make();
    if (kept.size < bound) kept.set(key, value);
  }
  return value;
}
