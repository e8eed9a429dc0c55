import { withoutMarker } from '../knowledge/outline.js';

/**
 * What kind of answer a question wants, read from how it asks. A sentence of the matching kind ranks
 * higher (a date for "哪天", a name for "谁"), but no sentence is filtered out: the type only tips
 * the balance between sentences that hold the question's topic alike.
 */
export type AnswerType =
  | 'how-long'
  | 'when'
  | 'who'
  | 'venue'
  | 'phone'
  | 'how-much-money'
  | 'what-share'
  | 'how-many'
  | 'why'
  | 'which-ways'
  | 'what-to-do';

/** Not before a unit of a count: 给了多少人的名额 and 多少人领补贴 count people, they ask no amount of money. */
const NOT_A_COUNT = '(?![个人名家户项件次位批期天分])';

/** Sums of money a question names beside its 多少 (多少补贴, 慰问金标准是多少; 补助的比例是多少 asks a share). */
const SUMS = '(?:资金|经费|费用|补贴|补助|津贴|奖金|奖励金|慰问金|救助金|助学金|会费|工资|工本费|保证金|押金)';

/** In the order they are tried: "什么时候要做多少" asks when first. */
const ASKS: Array<[AnswerType, RegExp]> = [
  // A length of time (公示期不少于5个工作日, 24小时内报送), not a date: before when, which 多长时间 would match.
  [
    'how-long',
    /多久|多长时间|多少天|(?<!哪)几天|几周|几个月|几年|几个?小时|几个?钟头|几个?工作日|多少个?工作日|多少个?小时|期限多长|多快/u,
  ],
  // "哪几天" asks which days (a date range), not how many.
  [
    'when',
    /什么时候|啥时候|何时|几时|几点|哪天|哪一天|哪几天|几月|几号|几日|日期|(?:什么|啥|哪个|具体)时间|时间(?:是|定在|安排在|为)|截止|期限|多会儿/u,
  ],
  // 哪家基地 and 哪家酒店 ask for a place (venue, below), not who.
  [
    'who',
    /谁|哪位|哪个人|哪些人|什么人|啥人|哪个领导|哪位领导|哪个部门|哪个单位|哪家(?![^,，。?？]{0,4}?(?:基地|酒店|宾馆|场馆))|什么部门|哪个机构/u,
  ],
  // Where a thing is done or had (在哪里上课, 去哪儿下载, 地点): a place, which a sentence names. Where in a
  // wider sense (宣讲要深入到哪里, 记在哪个科目) needs none, and asks no kind of answer.
  [
    'venue',
    /地点|地址|哪条路|(?:哪个|哪家|什么|啥)[^,，。?？]{0,4}?(?:场馆|场地|会场|考点|考场|基地|酒店|宾馆)|(?:哪里|哪儿|哪个地方|什么地方|啥地方|[在去到]哪(?![几一些个]))[^,，。?？]{0,6}?(?:办公|上课|举行|举办|开会|考|集合|报到|办理|办|领|下载|下|报名|培训|住)/u,
  ],
  // A number to call (电话是多少, 打哪个号码, 有咨询电话吗), which a sentence writes in digits. Before how-many,
  // whose 多少 it holds; a call spoken of (会打电话吗, 接听求助电话的人员) asks for none.
  [
    'phone',
    /(?:电话|热线|号码|手机号|联系方式)[^,，。?？]{0,3}?(?:多少|是啥|是什么|几号)|打(?:哪个|什么|啥)(?:电话|号码|热线)|有[^,，。?？]{0,8}?(?:电话|号码|联系方式)吗/u,
  ],
  // Before how-many: "多少钱" wants an amount of money, not any number (a date has numbers too).
  // 多出多少 and 超出多少 ask by how much one number passes another, which need be no money.
  [
    'how-much-money',
    new RegExp(
      `多少钱|几块钱|多少元|几元|多少${NOT_A_COUNT}[^,，。?？\\s]{0,6}?${SUMS}|${SUMS}[^,，。?？\\s比率]{0,4}?多少${NOT_A_COUNT}|` +
        `多少万|金额|钱数|(?:[花拿给]|(?<![多超])出)了?多少${NOT_A_COUNT}|(?:能|可以|最多|一共)?[花赔补奖]多少${NOT_A_COUNT}|` +
        '(?:资助|补助|报销|交|缴|缴纳)多少',
      'u',
    ),
  ],
  // Before how-many too: "比例是多少" wants a share (百分之二十), not any number.
  // A rate asked for (差额率最低是多少, 参与率要达到多少) is a share.
  ['what-share', /比例|比率|百分比|百分之几|占多少|几成|几折|多少成|率[^,，。?？]{0,8}?(?:多少|几)/u],
  ['how-many', /多少|几[个项条次回遍年天人位名家件万千百%]|数量|多大|多高|多长|百分之/u],
  ['why', /为什么|为啥|为何|原因|凭什么|怎么会|干嘛要|何以/u],
  // "哪些形式/方式/措施": the answer is an enumeration (讨论会、报告会、研讨会等).
  ['which-ways', /(?:哪些|哪几种|什么样的|啥)(?:形式|方式|方法|办法|措施|途径|渠道|手段|活动|服务|群体|人群|行业)/u],
  ['what-to-do', /怎么办|咋办|咋整|怎么做|怎么弄|怎么帮|如何|怎样|怎么|该做|要做|做什么|干什么|应该/u],
];

/**
 * A number of days, hours, months or years (5个工作日, 十五日内, 24小时, 3个月), or half of one (半年, 半个月);
 * the month or day of a date (2月28日) is not one, nor is the half of a year a date names (上半年, 下半年).
 */
const DURATION =
  /(?:(?<![\d月一二三四五六七八九十两百])(?:\d{1,3}|[一二三四五六七八九十两百]+)|(?<![上下前后多])半)\s*(?:个?(?:工作日|日|天|小时|周|星期|年)(?![度级])|个月|分钟)/u;

/**
 * A length of a course in class hours (24学时, 120课时). It answers "培训多久", but less narrowly than days do:
 * "要上几天课" is answered by the days of a course, not by its hours.
 */
const CLASS_HOURS = /(?:\d{1,4}|[一二三四五六七八九十两百]+)\s*个?[学课]时/u;

/**
 * A place named where something is done or had: 在市工人文化宫举行, 可在工会网“下载专区”下载, 到区总工会服务大厅办理,
 * 通过“职工之家”APP报名, 登录市总工会网站下载. A time after the preposition (于4月上旬举办, 在每年5月举行) names
 * when, not where.
 */
const VENUE =
  /(?:在|到|于|赴|前往|通过|登录|登陆|进入|关注|扫描)(?!\s*(?:\d|[一二三四五六七八九十]+[月日号]|[今明去]年|[上下]半年|[上中下]旬|年[底内初中]|月[底内初中]|近期|届时|同期|每[年月周]|每季度|本月|当[天日月年]|次[日月]))[^，,。；;]{2,24}?(?:举行|举办|召开|上课|办公|集合|报到|考试|办理|领取|下载|网站|官网|平台|系统|专区|公众号|小程序|APP|App|app|二维码|窗口|大厅|服务中心|会议室|文化宫|体育馆|礼堂|广场|基地)/u;

/**
 * A phone number: 0571-87654321, 12351, 13800001111. Five digits or more that count nothing (30000元 and
 * 12000人 are no numbers to call) and are no date (20260301).
 */
const PHONE =
  /\d{3,4}[-－—]\d{7,8}|(?<![\d.])(?!(?:19|20)\d{6}(?!\d))\d{5,12}(?![\d.]|\s*(?:元|万|亿|千|百|人|户|名|册|本|字|件|次|个|平方|米|公里|岁|分|小时|天|年|%|％))/u;

/** Words of a sum of money, which a share sets an amount of (工资总额的2%, 按1:1配套资金). */
const SUM_WORDS =
  '(?:工资|经费|资金|费用|会费|收入|总额|金额|补助|补贴|津贴|奖金|奖励|报销|缴纳|交纳|拨缴|上缴|承担|支付|预算|价格)';

/** An amount of money (3000万元, 五百元). */
const MONEY = /\d[\d.]*\s*[万亿千百]*元|[一二三四五六七八九十两百千万亿]+元/u;

/** How often (每季度召开一次, 每两年一次): it answers "多久一次" as a length of time does. */
const FREQUENCY =
  /每(?:[半一二两三四五六七八九十\d]+个?)?(?:年|季度?|月|周|星期|天|日|届)|[一二两三四五六七八九十\d]+年一次/u;

/** What marks a sentence as holding each kind of answer. */
const HOLDS: Record<AnswerType, RegExp> = {
  'how-long': new RegExp(`${DURATION.source}|${CLASS_HOURS.source}|${FREQUENCY.source}`, 'u'),
  // A date, or a time relative to now or to an event (明年, 年内, 次月一日起, 及早).
  when: /\d+月|\d{4}年|[上下]午|[早晚]上|中午|凌晨|\d{1,2}[:：]\d{2}|[\d一二三四五六七八九十]+点|(?:周|星期)[一二三四五六日天]|月[底初中]|年[底初末中]|春节|[一二三四五六七八九十\d]+个?(?:月|周|天|日|工作日)[前内后]|[一二三四五六七八九十]+日[起前]|日前|之前|以前|期间|前完成|时间|[今明去]年|年内|[上下]半年|次[月年日]|当[月年日]|及早|尽早|尽快|提前/u,
  venue: new RegExp(`${VENUE.source}|地点|地址`, 'u'),
  phone: PHONE,
  // A person, or the body that acts (报送全总劳动和经济工作部, 市总工会办公室印发).
  who: /同志|总理|总书记|主席|书记|部长|市长|代表|委员|[主负]责人|领导|办公厅|办公室|工作部|委员会|人民政府|总工会|部门/u,
  // An amount, or the share or ratio a regulation sets a sum by (按1:1的比例配套资金, 工资总额的2%): a share
  // of no sum (成绩占总成绩的50%, 结业率低于90%) is no amount of money.
  // A ratio is 1:1 or 6:4; a clock time (16:00) has two digits after the colon.
  'how-much-money': new RegExp(
    `${MONEY.source}|^(?=.*?${SUM_WORDS}).*?(?:\\d+\\s*[:：]\\s*\\d(?!\\d)|比例|[百千]分之|\\d\\s*[%％‰])`,
    'u',
  ),
  'what-share':
    /百分之|\d\s*[%％‰]|[一二三四五六七八九十千万]分之[一二三四五六七八九十]|半数|过半|[一二三四五六七八九十]成(?![员为立果本绩])|(?:\d(?:\.\d)?|[一二三四五六七八九]{1,2})折/u,
  'how-many':
    /\d|[一二三四五六七八九十两百千万]+[个项条次年天人位名件万元倍成]|百分之|以上|以下|不少于|不超过|多于|少于/u,
  why: /才会|才能|才有|因为|由于|所以|因此|关键|只有|为了|目的|是为|之所以|原因|意味着/u,
  'which-ways': /[^、,，。]{1,15}、[^、,，。]{1,15}、[^,，。]*等/u,
  'what-to-do': /要|应当|应该|必须|需要|务必|督促|推动|做好|加强|及时|引导/u,
};

/** The first kind of answer a question asks for (`answerTypesOf`). */
export function answerTypeOf(question: string): AnswerType | undefined {
  return answerTypesOf(question)[0];
}

/**
 * Every kind of answer a question asks for, in `ASKS` order: "补贴能领多少钱?多久之内要申请?" asks two.
 * Any number (how-many) is not one more when an amount, a share or a length of time is asked: the
 * 多少 of 多少钱 and the 几天 of 放几天假 ask for that.
 */
export function answerTypesOf(question: string): AnswerType[] {
  const asked = withoutDemonstratives(question);
  const types = ASKS.filter(([, asks]) => asks.test(asked)).map(([type]) => type);
  return types.some((t) => NUMBERS.has(t)) ? types.filter((t) => t !== 'how-many') : types;
}

/**
 * The question with 这几 and 那几 read as 这些 and 那些: 疗休养那几天 names days already spoken of, and
 * asks no length of time, as 几天 alone would.
 */
function withoutDemonstratives(question: string): string {
  return question.replace(/([这那])几/gu, '$1些');
}

/** Kinds of answer that are numbers of their own kind. */
const NUMBERS: ReadonlySet<AnswerType> = new Set(['how-much-money', 'what-share', 'how-long', 'phone']);

/**
 * Whether a sentence holds a kind of answer. The number a clause opens with (4. 选举人…, （三）, 第五条) orders
 * the text: it is no count, day or amount the clause gives, so it is left out (`withoutMarker`).
 */
export function fitsAnswerType(type: AnswerType, sentence: string): boolean {
  return HOLDS[type].test(withoutMarker(sentence));
}

/**
 * "几月份拨付", "几号截止", "哪天开始": a day or a month is asked, which 当年, 尽快 or 期间 do not give.
 * 几日 is not among them: 几日内 asks how soon, which 5个工作日内 answers.
 */
const ASKS_CALENDAR = /几月|几号|哪天|哪一天|哪几天|哪个月/u;
/** A month or a day of the calendar, or of the week (6月, 十二月, 15日, 次月一日, 次日, 月底, 周四). */
const CALENDAR =
  /\d{1,2}\s*月|[一二三四五六七八九十]{1,3}月|(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[日号]|[次当同]日|月[底初中末]|(?:周|星期)[一二三四五六日天]/u;

/**
 * "具体地址在哪", "哪条路", "坐几路公交能到": the street address of a place, or how to reach it, is asked, which
 * naming the place (在岚州国际会展中心举办) does not give.
 */
const ASKS_ADDRESS =
  /(?:具体|详细)地址|地址[^,，。?？]{0,4}?(?:在哪|是哪|是什么|是啥)|哪条路|门牌|几路(?:公交|车)|怎么(?:坐车|乘车)/u;
/** A street address (人民路88号, 解放大道1号), or a way there by bus or metro. */
const ADDRESS = /(?:路|街|道|巷|弄|大道)\s*[\d一二三四五六七八九十百]+\s*号|公交|地铁/u;

/** Whether a sentence holds the kind of answer a question asks, as narrowly as the question asks it. */
export function holdsAsked(type: AnswerType, question: string, sentence: string): boolean {
  if (type === 'when' && ASKS_CALENDAR.test(question)) return CALENDAR.test(withoutMarker(sentence));
  if (type === 'venue' && ASKS_ADDRESS.test(question)) return ADDRESS.test(withoutMarker(sentence));
  return fitsAnswerType(type, sentence);
}

/**
 * Marks far narrower than the rest of their kind: an amount of money, a share, a calendar date, a place. A
 * sentence holding one is almost surely the answer, and one without can hardly be, so they weigh
 * more (`narrowTypeBonus` in `src/answer/answer.ts`).
 */
const NARROW: Partial<Record<AnswerType, RegExp>> = {
  'how-long': DURATION,
  'how-much-money': MONEY,
  'what-share': HOLDS['what-share'],
  venue: new RegExp(`${VENUE.source}|地点[为是在：:]|地址[为是：:]`, 'u'),
  phone: PHONE,
  when: /\d{1,2}月\d{1,2}日|\d{4}年\d{1,2}月|[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日/u,
};

/**
 * Whether a sentence holds this kind of answer only with a mark of its own (a date, an amount, a length of
 * time, a share): the kinds with a narrow mark. Without one, a sentence cannot answer at all.
 */
export function isMarkedKind(type: AnswerType): boolean {
  return NARROW[type] !== undefined;
}

/**
 * The unit a count is asked in (多少学时, 几个组, 多少家, 多少名), as a sentence would write it after the number
 * (150学时, 3个组, 40家): undefined when the question names none.
 */
export function countedUnitOf(question: string): RegExp | undefined {
  const unit = COUNTED.exec(question)?.[1];
  if (!unit) return undefined;
  const units = unit === '人' || unit === '名' ? '[人名]' : unit;
  return new RegExp(`(?:\\d|[一二两三四五六七八九十百千万])\\s*个?${units}`, 'u');
}

/** 多少 or 几, then a measure word or a unit noun (学时, 积分, 岗位). */
const COUNTED =
  /(?:多少|几)个?(学时|课时|积分|岗位|人次|户|人|名|家|项|场|期|批|对|组|队|所|座|本|册|件|分|条|位|款|类|种)/u;

/**
 * How well a sentence fits the kind of answer asked for: a narrow mark, a broad one, or none. A count asked
 * in a unit (多少学时) is narrowly met by a number in that unit.
 */
export function answerTypeFit(type: AnswerType, sentence: string, unit?: RegExp): 'narrow' | 'broad' | undefined {
  const text = withoutMarker(sentence);
  if (NARROW[type]?.test(text) || (type === 'how-many' && unit?.test(text))) return 'narrow';
  return HOLDS[type].test(text) ? 'broad' : undefined;
}

const NUMERAL = '(?:\\d+(?:\\.\\d+)?|[零一二两三四五六七八九十百千万]+)';
/** The units a case is told in (150来号人, 17岁, 5万块), each with the forms a rule writes it in. */
const CASE_UNITS: Array<[RegExp, string]> = [
  [/[人名]/u, '[人名]'],
  [/周?岁/u, '周?岁'],
  [/万[元块]?/u, '万元?'],
  [/[元块]/u, '元'],
];
/** Words that make a number a threshold: 200人以上, 不足100人, 年满18周岁, 超过5万元. */
const BOUND_BEFORE = '(?:不足|不满|未满|年满|满|超过|低于|高于|不少于|不超过|少于|多于|达到|在)';
const BOUND_AFTER = '(?:以上|以下|以内|及以上|以下的|以上的|之间)';

/**
 * The threshold a question's own case is measured against, when it tells one (我们厂一百五十来号人, 孩子17岁,
 * 超了5万块): a rule on it states a number in the same unit as a bound (200人以上, 年满18周岁, 超过5万元).
 * Undefined when the question tells no number with a unit, or asks for one (多少人).
 */
export function caseThresholdOf(question: string): RegExp | undefined {
  if (/多少|几/u.test(question)) return undefined;
  const match = new RegExp(
    `(?<!第)(${NUMERAL})\\s*[来多余把]?\\s*[号个]?\\s*(号?人|名|周?岁|万[元块]?|[元块])`,
    'u',
  ).exec(question);
  // 一个人, 一名 is "a person", no count.
  const told = match && match[1] !== '一' ? match[2] : undefined;
  if (!told) return undefined;
  const unit = CASE_UNITS.find(([u]) => u.test(told))?.[1];
  if (!unit) return undefined;
  return new RegExp(
    `${BOUND_BEFORE}\\s*${NUMERAL}\\s*[个名]?\\s*${unit}|${NUMERAL}\\s*[个名]?\\s*${unit}\\s*${BOUND_AFTER}`,
    'u',
  );
}
