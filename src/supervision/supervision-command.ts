import type { ReceiptStatus } from './receipt.js';

/** A 督办 command typed in chat. */
export type SupervisionCommand =
  | { kind: 'mark'; status: ReceiptStatus; item: string }
  | { kind: 'progress'; item: string }
  /** "帮张三已完成…", "已完成 … @李四": marking for someone else, which is refused. */
  | { kind: 'for-someone-else' };

// Glued to a following 的/了/吗… the word is part of a sentence ("已完成的工作怎么报"), not a command.
const MARK = /^(已阅|已读|已完成|已办结|已办完)(?![的了吗么没怎哪什多])[\s::,,]*([^??]*)$/u;
const PROGRESS = /^(?:进度|督办|督办进度|查看进度)[\s::,,]*([^??]*)$/u;
const FOR_SOMEONE_ELSE = /^(?:帮|替|代|给)\S{1,12}?(?:标记|登记)?(?:已阅|已读|已完成|已办结|已办完)/u;

/**
 * Reads a normalised message as a 督办 command: `已阅 <事项>`, `已完成 <事项>`, `进度 [事项]`, `督办 [事项]`.
 * A question ("已完成的工作怎么报?") is not one. `mentionsSomeoneElse` comes from the platform: a
 * receipt that names another person is refused, not recorded for the sender.
 */
export function matchSupervisionCommand(text: string, mentionsSomeoneElse = false): SupervisionCommand | undefined {
  const t = text.trim();
  if (FOR_SOMEONE_ELSE.test(t)) return { kind: 'for-someone-else' };
  const mark = MARK.exec(t);
  if (mark) {
    if (mentionsSomeoneElse) return { kind: 'for-someone-else' };
    const status: ReceiptStatus = mark[1] === '已阅' || mark[1] === '已读' ? 'read' : 'done';
    return { kind: 'mark', status, item: (mark[2] ?? '').trim() };
  }
  const progress = PROGRESS.exec(t);
  if (progress) return { kind: 'progress', item: (progress[1] ?? '').trim() };
  return undefined;
}
