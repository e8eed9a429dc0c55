/**
 * Words that only shape a question (怎么, 哪些, 什么) or glue a sentence (的, 了, 要). They are
 * dropped from questions and passages alike, so matching rests on words that carry meaning.
 * Admins add more under `stopwords:` in glossary.yaml.
 */
const QUESTION_WORDS =
  '什么 什么样 怎么 怎么办 怎么样 怎样 如何 哪些 哪个 哪里 哪儿 哪 谁 为什么 为何 多少 几 多久 多长 是否 是不是 ' +
  '有没有 能不能 可不可以 要不要 吗 呢 吧 啊 呀 么 嘛 请问 请 一下 告诉 知道 想 问 问问 几天 多少天 ' +
  // colloquial forms
  '啥 咋 咋办 咋样 咋整 干啥 为啥 啥样 啥时候 几时 何时 多会儿 是啥 指啥 哪样 分别 各自 一共 总共';

const FUNCTION_WORDS =
  '的 了 和 与 及 或 在 是 有 要 就 都 也 还 还有 又 把 被 对 从 向 给 为 以 等 着 过 这 那 这个 那个 这些 那些 其 之 ' +
  '该 应 应该 需要 可以 能 会 做 搞 干 弄 指 指的是 讲 说 提到 提 包括 一个 一些 我们 你们 他们 我 你 他 她 它 ' +
  '大家 大伙 大伙儿 大家伙 进行 方面 关于 时候';

/** The courtesies around a question in a chat: "麻烦问下", "你好", "谢谢", "@小助手". */
const COURTESIES = '麻烦 打扰 打扰一下 您好 你好 谢谢 多谢 辛苦 辛苦了 小助手 助手 机器人 在吗 问下 想问 想问下 请教';

/** The generic verbs and nouns of a request: "X 怎么处理", "哪些事情". */
const REQUEST_WORDS = '处理 解决 应对 对待 办理 事情 事儿 东西 情况';

export const DEFAULT_STOPWORDS: readonly string[] =
  `${QUESTION_WORDS} ${FUNCTION_WORDS} ${COURTESIES} ${REQUEST_WORDS}`.split(' ');
