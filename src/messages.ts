/** Every user-facing sentence, in one place, so the wording is easy to review and change. */

/** What a question asked for and no sentence states, by the kind of answer (`AnswerType`). */
const UNSTATED_KINDS: Record<string, string> = {
  when: '时间',
  'how-much-money': '金额',
  'how-long': '时限',
  'what-share': '比例',
  venue: '地点',
  phone: '电话',
};

export const messages = {
  emptyQuestion: '请输入您的问题,例如:“年底前要做好哪些工作?”。发送“帮助”查看用法。',
  tooLong: (max: number) => `问题太长了(超过 ${max} 字),请只保留想问的那一句再发给我。`,
  notCovered: '这份文件里没有找到与您的问题直接相关的内容,我不作推测。',
  notMentioned: (words: string[], documents: number) =>
    `${documents > 1 ? '这些文件都' : '这份文件'}没有提到${words.map((w) => `“${w}”`).join('、')},我不作推测。`,
  /** The directive is on the topic but states no date, amount, length of time or share (see `withAskedMark`). */
  notStated: (kind: string) => `文件里有相关内容,但没有写明具体的${UNSTATED_KINDS[kind] ?? '内容'},我不作推测。`,
  /** The directive is on the topic for other years or levels only: 2027年 where 2028年 is asked (`otherValuesOf`). */
  otherValue: (asked: string[], written: string[]) =>
    `文件里有相关内容,但写的是${written.join('、')}的,没有写到${asked.join('、')}的,我不作推测。`,
  notCoveredWithTopics: '您可以问问以下相关内容:',
  answerLead: (docTitle: string) => `《${docTitle}》中这样写道:`,
  listLead: (docTitle: string, count: number) => `《${docTitle}》中共列出 ${count} 项:`,
  sourceLabel: '出处',
  consoleWelcome: '您好!我是文件问答助手。直接输入问题即可,输入“帮助”查看用法,按 Ctrl+D 退出。',
  consolePrompt: '问> ',
  consoleReminderTag: '[提醒]',
  otherSources: '相关出处',
  apology: '抱歉,处理您的问题时出了点差错,请稍后再试。管理员已收到记录。',
  rateLimited: (seconds: number) => `您提问太频繁了,请 ${seconds} 秒后再问。`,
  busy: '现在提问的人比较多,请稍等片刻再问一次。',
  directOff: '本助手不接受私聊,请在群里 @我 提问。',
  shuttingDown: '助手正在重启,请一分钟后再问。',
  report: (days: number, up: number, down: number) => `近 ${days} 天的问答情况:👍 ${up} 次,👎 ${down} 次。`,
  reportUnanswered: '没能回答的问题(可据此补充文件或同义词表):',
  reportDownVoted: '被点 👎 最多的问题:',
  reportNothing: '暂无记录。',
  reportTimes: (question: string, times: number) => `· ${question}(${times} 次)`,
  reportMissing: '文件里没有提到、问得最多的词(可考虑加入同义词表或补充文件):',
  reportWord: (word: string, times: number) => `· ${word}(${times} 次)`,
  reloaded: (documents: number, passages: number) => `已重新加载文件:${documents} 份文件,${passages} 个段落。`,
  reloadFailed: (problems: string[]) =>
    ['文件重新加载失败,仍在使用上一版内容。请修改以下问题:', ...problems.map((p) => `· ${p}`)].join('\n'),
  deadlinesDropped: (before: number) =>
    `注意:重新加载后没有任何截止事项了(之前有 ${before} 项),所有截止提醒都已停止。如非有意,请检查 knowledge/deadlines.yaml。`,
  reloadWarnings: (warnings: string[]) => ['请留意:', ...warnings.map((w) => `· ${w}`)].join('\n'),
  adminOnly: '只有管理员可以执行这个命令。',
  subscribed: '已为本会话订阅截止提醒。',
  alreadySubscribed: '本会话已订阅截止提醒。',
  unsubscribed: '已取消本会话的截止提醒。',
  notSubscribed: '本会话没有订阅截止提醒。',
  cannotSubscribeHere:
    '终端对话无法订阅截止提醒:提醒只发往钉钉群或 Slack 频道。请在群里 @我 发送“订阅提醒”(仅管理员),或在 deadlines.yaml 的 to 中填写会话。',
  unknownRef: '没有找到这条出处,文件可能已更新,请重新提问。',
  noDeadlines: '目前没有登记的截止事项。管理员可在 knowledge/deadlines.yaml 中添加。',
  // Deadlines and reminders (src/reminders/).
  calendarDate: (year: number, month: number, day: number) => `${year}年${month}月${day}日`,
  clockTime: (month: number, day: number, hour: number, minute: number) =>
    `${month}月${day}日 ${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`,
  daysLeft: (date: string, days: number) => (days === 0 ? `${date} 就是截止日` : `距 ${date} 还有 ${days} 天`),
  deadlinesLead: (count: number) => `临近的截止事项共 ${count} 项(按时间先后):`,
  deadlineSetByAdmin: '(文件未写明具体日期,此日期由管理员设定)',
  deadlineQuote: (excerpt: string, docTitle: string, label: string) =>
    `原文:“${excerpt}”\n出处:《${docTitle}》${label}`,
  reminderLead: (title: string) => `【截止提醒】${title}`,
  reminderMayRepeat: '(补发:上一次发送时中断,这条提醒可能与之前的重复。)',
  didYouMean: (command: string) => `您是想发送“${command}”吗?`,
  // 督办: receipts, progress and chasing (src/supervision/).
  buttonRead: '已阅',
  buttonDone: '已完成',
  reminderActionsHint: (id: string) => `收到请点“已阅”,完成后点“已完成”;也可以 @我 发送“已阅 ${id}”或“已完成 ${id}”。`,
  progressCounts: (done: number, read: number, total: number, isOpen: boolean) =>
    isOpen && total === 0 ? '暂无人反馈' : `已完成 ${done}/${total} · 已阅 ${read}/${total}`,
  progressDoneNames: (names: string[]) => `已完成:${names.join('、')}`,
  progressReadNames: (names: string[]) => `已阅未完成:${names.join('、')}`,
  progressPendingNames: (names: string[]) => `未反馈:${names.join('、')}`,
  markedRead: (title: string) => `已记录:您已阅“${title}”。`,
  markedDone: (title: string) => `已记录:您已完成“${title}”,谢谢!`,
  alreadyMarked: (title: string, status: 'read' | 'done', when: string) =>
    `您已于 ${when} 标记“${title}”为${status === 'done' ? '已完成' : '已阅'},无需重复标记。`,
  markNotOwner: (title: string) => `“${title}”没有登记您为责任人,无法为您标记。如有疑问请联系管理员。`,
  markElsewhere: (title: string) => `请在“${title}”的提醒所在的群里标记。`,
  markForSomeoneElse: '只能为自己标记已阅或已完成,不能替他人标记。请本人点按钮或发送。',
  markUnavailable: '督办记录暂时不可用,请稍后再试。',
  markClosed: (title: string) => `“${title}”的这一轮已经结束,无需再标记。`,
  itemNotFound: (item: string) => `没有找到与“${item}”对应的督办事项。`,
  itemChoice: (item: string) =>
    item === ''
      ? '请问是哪一项?请加上序号发送,例如“已完成 2”:'
      : `“${item}”可能指以下几项,请加上序号发送,例如“已完成 2”:`,
  itemLine: (n: number, title: string, id: string) => `${n}. ${title}(${id})`,
  noOpenItems: '目前没有进行中的督办事项。',
  progressLead: (count: number) => `督办进度(共 ${count} 项):`,
  progressOverdue: (date: string, days: number) => `${date} 已过截止日期 ${days} 天`,
  progressNotAllowed: '只有管理员,或事项所在群里的责任人,可以查看督办进度。',
  progressNoneHere: '本会话没有进行中的督办事项。',
  chaseLead: (title: string) => `【催办】${title}`,
  chasePending: '以下同志尚未标记“已完成”,请抓紧办理:',
  overdueLead: (title: string) => `【逾期】${title}`,
  overdueBody: (date: string, days: number) => `已过截止日期(${date})${days} 天,尚未全部完成。`,
  overdueNobody: '截止前无人标记“已完成”。',
  outlineLead: (docTitle: string) => `《${docTitle}》的结构:`,
  viewSource: '查看原文',
  feedbackThanks: '感谢您的反馈!',
  homeDeadlinesTitle: '临近的截止事项',
  homeHowToAsk: (command: string) => `在频道里 @我 提问,直接私信我,或者发送 ${command} 加上您的问题。`,
  help: [
    '我可以回答关于文件内容的问题,并给出原文出处。直接提问即可,例如:',
    '· 明年市级劳模评选什么时候启动准备?',
    '· 年底企业出现欠薪,工会该怎么做?',
    '· 讲话提了哪三点要求?',
    '命令:',
    '· 目录 — 查看文件结构',
    '· 截止 — 查看临近的截止事项和剩余天数',
    '· 订阅提醒 / 取消提醒 — 为本群开启或关闭截止提醒(仅管理员)',
    '· 重新加载 — 修改文件后立即重新读取(仅管理员)',
    '· 报告 — 近 30 天没能回答的问题和 👍/👎 统计(仅管理员)',
    '· 已阅 / 已完成 <事项> — 为自己登记督办事项(事项可写编号、名称或其中的词)',
    '· 进度 — 查看督办事项谁已完成、谁已阅、谁未反馈(管理员,或事项所在群的责任人)',
    '· 帮助 — 显示本说明',
  ].join('\n'),
} as const;
