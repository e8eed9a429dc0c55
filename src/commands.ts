import { DamerauLevenshteinDistance } from 'natural/lib/natural/distance/levenshtein_distance.js';

export type Command = 'help' | 'outline' | 'deadlines' | 'subscribe' | 'unsubscribe' | 'reload' | 'report';

/** What a user may type for each command. The first alias is what we suggest. */
const ALIASES: Record<Command, string[]> = {
  help: ['帮助', '用法', '使用说明', '说明', '菜单', 'help'],
  outline: ['目录', '提纲', '大纲', '结构', 'outline', 'toc'],
  deadlines: ['截止', '截至', '截止事项', '截止日期', '到期', '期限', '提醒事项', 'deadlines', 'deadline', 'ddl'],
  subscribe: ['订阅提醒', '订阅', '开启提醒', 'subscribe'],
  unsubscribe: ['取消提醒', '取消订阅', '退订', '关闭提醒', 'unsubscribe'],
  reload: ['重新加载', '重载', '重新载入', 'reload'],
  report: ['报告', '问答报告', '使用报告', 'report'],
};

/**
 * Recognises a command: the whole message must be one of the aliases (after punctuation and case
 * are folded), so a question that merely contains 截止 is still answered as a question. Latin
 * commands also match one typo away (`deadlnes`), by Damerau-Levenshtein distance.
 */
export function matchCommand(text: string): Command | undefined {
  const folded = text
    .toLowerCase()
    .replace(/^[/!！]/, '')
    .replace(/[\s\p{P}]+$/u, '')
    .replace(/\s+/g, '');
  for (const [command, aliases] of Object.entries(ALIASES) as Array<[Command, string[]]>) {
    if (aliases.includes(folded)) return command;
  }
  if (/^[a-z]{4,}$/.test(folded)) {
    for (const [command, aliases] of Object.entries(ALIASES) as Array<[Command, string[]]>) {
      if (aliases.some((a) => /^[a-z]{4,}$/.test(a) && DamerauLevenshteinDistance(folded, a) <= 1)) {
        return command;
      }
    }
  }
  return undefined;
}

/** "原文 <ref>" (what a 查看原文 button sends back): the ref whose whole paragraph is wanted. */
export function matchSourceRequest(text: string): string | undefined {
  return /^(?:查看原文|原文|source)\s+(\S+#\S+)$/iu.exec(text.trim())?.[1];
}

/** The message a 查看原文 button sends on the user's behalf. */
export function sourceRequest(ref: string): string {
  return `原文 ${ref}`;
}
