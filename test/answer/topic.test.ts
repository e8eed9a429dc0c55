import { beforeAll, describe, expect, it } from 'vitest';
import { ANSWER_DEFAULTS, answer, askedConcepts, missingTopic, weigh } from '../../src/answer/answer.js';
import { latestEditions } from '../../src/answer/edition.js';
import { type Library, loadLibrary } from '../../src/library.js';
import type { Reply } from '../../src/reply.js';
import { mendTypos } from '../../src/search/mentions.js';
import { normaliseQuestion } from '../../src/search/normalise.js';
import { fixtures, library as severalDocuments, shippedKnowledge } from '../support/paths.js';
import { libraryOf } from '../support/temp-library.js';

let speech: Library;
let notices: Library;
const ask = (library: Library, q: string, today?: Date): Reply =>
  answer(library.index, normaliseQuestion(q), undefined, today);
const firstExcerpt = (reply: Reply) => (reply.found ? reply.citations[0].excerpt : `(declined) ${reply.text}`);

beforeAll(async () => {
  speech = await loadLibrary(shippedKnowledge);
  notices = await loadLibrary(severalDocuments);
});

describe('declining on the topic, never on the phrasing', () => {
  // Each covered topic asked with the hedges, question words and colloquial verbs cadres use.
  it.each([
    ['“两微一端”具体要干啥?', '两微一端'],
    ['查漏补缺大概什么时候要开始弄?', '查漏补缺'],
    ['为什么说要少搞一些自娱自乐?', '自娱自乐'],
    ['我想问一下哈,就是那个排头兵,到底是个啥说法?', '排头兵'],
    ['总书记集体谈话大概是几月几号的事?', '10月29日'],
  ])('answers "%s" although the speech never uses its phrasing words', (question, expected) => {
    expect(firstExcerpt(ask(speech, question))).toContain(expected);
  });

  it.each([
    ['工会会费每个月交多少?', '会费'],
    ['单位食堂的伙食补贴标准是多少?', '食堂'],
    ['职工年假一年能休几天?', '年假'],
    ['工会的举报电话是多少?', '举报电话'],
    ['困难职工的生活补贴标准是多少?', '补贴'],
  ])('declines "%s" and names %s as what the speech does not mention', (question, word) => {
    const reply = ask(speech, question);
    expect(reply.found).toBe(false);
    if (reply.found) return;
    expect(reply.missing).toContain(word);
    expect(reply.text).toContain(`没有提到`);
    expect(reply.text).toContain(`“${word}”`);
    // The nearest topics still follow, so the cadre sees what can be asked.
    expect(reply.suggestions.length).toBeGreaterThan(0);
  });
});

describe('a missing word declines only what the question is about', () => {
  let rules: Library;
  beforeAll(async () => {
    rules = await loadLibrary(`${fixtures}/eval/library-12`);
  });

  it('answers a detail asked in words of its own when the question shares enough besides (春秋游, 人均费用)', () => {
    const question = '春秋游人均费用含不含导游小费？';
    const concepts = weigh(rules.index, askedConcepts(rules.index, normaliseQuestion(question)));
    // What is missing outweighs what is shared, by salience: the share alone would decline.
    const byShareAlone = { ...ANSWER_DEFAULTS, maxSharedWeightToDecline: Number.POSITIVE_INFINITY };
    expect(missingTopic(rules.index, concepts, byShareAlone)).toEqual(['导游', '小费']);
    expect(missingTopic(rules.index, concepts)).toEqual([]);
    expect(firstExcerpt(ask(rules, question))).toContain('人均费用（含交通、门票、餐费）');
  });

  it.each([
    ['食堂几点开饭？', '食堂'],
    ['会员体检每人标准多少？', '体检'],
    ['工会的举报电话是多少？', '举报电话'],
  ])('still declines "%s", which shares little else: %s is what is asked about', (question, word) => {
    const reply = ask(rules, question);
    expect(reply.found).toBe(false);
    if (!reply.found) expect(reply.missing).toContain(word);
  });
});

describe('a union body of another level', () => {
  it('declines a question about what a body the directive never names does (省总工会 beside 市总工会)', async () => {
    const library = await libraryOf({
      'notice.txt': [
        '关于开展2027年暖新驿站建设的通知',
        '一、建设标准',
        '驿站应当配备饮水机、微波炉和急救药箱，每天开放时间不少于12小时。',
        '二、补助办法',
        '经验收合格的暖新驿站，市总工会给予每个驿站一次性补助2万元。',
        '各区总工会按1:1比例配套补助资金。',
      ].join('\n'),
    });
    const other = ask(library, '省总工会对验收合格的暖新驿站另外给多少补助？');
    expect(other.found).toBe(false);
    if (!other.found) expect(other.missing).toEqual(['省总工会']);
    expect(firstExcerpt(ask(library, '市总工会对验收合格的暖新驿站给多少补助？'))).toContain('一次性补助2万元');
  });

  it('takes a body by any of its names: 全国总工会 is the 全总 of the speech', () => {
    expect(firstExcerpt(ask(speech, '全国总工会新一届领导班子集体谈话是哪天？'))).toContain('10月29日');
  });
});

describe('recall beyond the words as written', () => {
  it.each([
    ['关建少数要怎么学?', '关键少数'],
    ['工会为啥不能自娱自了?', '自娱自乐'],
  ])('meets a homophone typo: "%s"', (question, expected) => {
    expect(firstExcerpt(ask(speech, question))).toContain(expected);
  });

  it('meets 不服 where a regulation words an appeal as 有异议', async () => {
    const library = await libraryOf({
      'rules.txt': [
        '会员积分管理办法',
        '第二十二条　会员违规获取积分的，平台应当在5个工作日内作出扣分处理。',
        '第二十三条　扣分处理结果在平台公示7日。',
        '第二十四条　会员对处理决定有异议的，可以自收到处理通知之日起15日内申请复核。',
        '第二十五条　市总工会应当自收到申请之日起20个工作日内作出复核决定。',
      ].join('\n'),
    });
    expect(firstExcerpt(ask(library, '会员对扣分的处理不服，几天内可以提？'))).toContain('15日内申请复核');
  });

  it('meets 每天 where a directive writes 每日, as regulations word days', async () => {
    const library = await libraryOf({
      'notice.txt':
        '暑期托管班通知\n托管班于7月1日开班。\n每日托管时间为上午8时至下午5时30分。\n托管结束后整理档案。\n',
    });
    expect(firstExcerpt(ask(library, '托管班每天几点开始？'))).toContain('上午8时至下午5时30分');
  });

  it('meets 区县 and 县市区 in the bracketed way official text writes them: 区（县）, 县（市、区）', () => {
    expect(speech.index.analyzer.terms('各区（县）总工会')).toEqual(expect.arrayContaining(['区县', '县区']));
    expect(speech.index.analyzer.terms('各县(市、区)总工会')).toContain('县市区');
    expect(speech.index.analyzer.terms('市（县）级')).toContain('市县');
    expect(speech.index.analyzer.terms('工会（职代会）')).not.toContain('会职');
  });

  it('meets an everyday word by the directive word of the same meaning (钟头 → 小时), not by a fragment', async () => {
    const library = await libraryOf({
      'plan.txt': '驿站建设方案\n驿站每天开放时间不少于12小时。\n要进一步加强网上工会建设。\n',
      'glossary.yaml': 'synonyms:\n  - [网上工会, 智慧工会]\n',
    });
    expect(library.index.documentFrequency.has('上工')).toBe(true);
    const hour = weigh(library.index, askedConcepts(library.index, '驿站一天开几个钟头')).find((c) =>
      c.whole.includes('钟头'),
    );
    expect(hour?.mention).toEqual({ kind: 'gloss', word: '小时' });
    expect(firstExcerpt(ask(library, '驿站一天开几个钟头?'))).toContain('12小时');
    // 上工 ("to go to work", like 上班) is only a fragment of 网上工会 there: 上班 is not mentioned.
    expect(ask(library, '明天几点上班?').found).toBe(false);
  });

  it('meets a longer word from its abbreviation without a glossary entry', () => {
    // 休养 is not in the glossary: 外地职工来衢休养 must still meet 来衢疗休养 (same first and last character).
    expect(firstExcerpt(ask(speech, '外地职工来衢休养有什么说法?'))).toContain('来衢疗休养');
  });
});

describe('the kind of answer asked for', () => {
  it('prefers the sentence with a date when asked when', () => {
    expect(firstExcerpt(ask(notices, '两微一端账号信息核对要在哪天前完成?'))).toContain('2026年12月10日');
  });

  it('prefers the sentence naming a person when asked who', () => {
    expect(firstExcerpt(ask(speech, '是谁代表党中央致的词?'))).toContain('王沪宁同志');
  });
});

describe('quotations', () => {
  it('prefers the sentence a question quotes over others holding the same word', () => {
    // 作为 is in four sentences; only one goes on 有作为才有….
    expect(firstExcerpt(ask(speech, '有作为才有什么?'))).toContain('有作为才有地位');
  });
});

describe('editions of a yearly campaign', () => {
  it('cites the edition whose year the question names', () => {
    const r2024 = ask(notices, '2024年送清凉活动时间是几月到几月?');
    const r2025 = ask(notices, '2025年送清凉活动时间是几月到几月?');
    expect(r2024.found && r2024.citations[0].doc).toBe('notice-summer-2024');
    expect(r2025.found && r2025.citations[0].doc).toBe('notice-summer-2025');
  });

  it('takes the latest edition when the question names no year', () => {
    // The two titles differ in more than the year (全国总工会部署开展… / 全总印发通知 部署…).
    expect([...latestEditions(notices.directives)]).toEqual(['notice-summer-2025']);
    const reply = ask(notices, '送清凉全总安排了多少专项资金?');
    expect(reply.found && reply.citations[0].doc).toBe('notice-summer-2025');
  });

  it('reads 去年 against today', () => {
    const question = '去年送清凉全总安排了多少专项资金?';
    expect(firstExcerpt(ask(notices, question, new Date('2026-03-01T00:00:00+08:00')))).toContain('3000万元');
    expect(firstExcerpt(ask(notices, question, new Date('2025-03-01T00:00:00+08:00')))).toContain('2000万元');
  });

  it('answers from a news-style notice with no outline, citing its paragraph', () => {
    const reply = ask(notices, '户外劳动者服务站点每天开放多长时间?');
    expect(reply.found).toBe(true);
    if (!reply.found) return;
    expect(reply.citations[0].excerpt).toContain('不少于8小时');
    expect(reply.citations[0].label).toMatch(/第\d+段/);
  });
});

describe('what a question is about, beyond its single words', () => {
  it.each([
    ['欠薪隐患排查要做什么?', '12月20日前完成'],
    ['新就业形态劳动者入会有什么任务?', '新增会员三千人以上'],
  ])('answers "%s" with a sentence under the heading, not the heading that names the topic', (question, expected) => {
    const reply = ask(notices, question);
    expect(reply.found).toBe(true);
    if (!reply.found) return;
    expect(reply.citations[0].label).not.toContain('标题');
    expect(reply.citations[0].excerpt).toContain(expected);
  });

  it('does not decline for a time the directive never names when it holds what is asked about', () => {
    // 下半年 is nowhere in the library; 劳模评选 and 准备 are.
    expect(firstExcerpt(ask(notices, '下半年劳模评选要做哪些准备?'))).toContain('劳模评选');
  });

  it('declines when a time the directive never names is all that is asked about', () => {
    const reply = ask(notices, '国庆节有什么安排?');
    expect(reply.found).toBe(false);
    expect(!reply.found && reply.missing).toEqual(['国庆节']);
  });

  it('takes a compound for a kind of its head only when the directive writes its modifier too', async () => {
    const library = await libraryOf({
      'measures.txt':
        '首席技师评选办法\n评为首席技师的，每月发放技能补贴1000元。\n疗休养每年安排一次，由职工自愿报名。\n',
      // Without the general vocabulary, whose 疗休养 group holds 职工疗休养 as a synonym.
      'glossary.yaml': 'words: [疗休养, 职工疗休养]\ngeneral_vocabulary: false\n',
    });
    const mention = (q: string, word: string) =>
      weigh(library.index, askedConcepts(library.index, q)).find((c) => c.whole.includes(word))?.mention;
    // 职工疗休养 is 疗休养 for 职工, which the directive writes; 住房 it never writes.
    expect(mention('职工疗休养几年一次', '职工疗休养')).toEqual({ kind: 'head', head: '疗休养' });
    expect(mention('首席技师有没有住房补贴', '住房补贴')).toBeUndefined();
    expect(ask(library, '评上首席技师能给住房补贴或者落户吗?').found).toBe(false);
  });

  it('declines a compound whose head the directive lacks, naming the head only', () => {
    // 基层 and 产生 are in the library; 工会主席 is not, and 基层 only says which 工会主席.
    const reply = ask(notices, '基层工会主席是怎么产生的?');
    expect(reply.found).toBe(false);
    expect(!reply.found && reply.missing).toEqual(['工会主席']);
  });

  it('keeps a lone character apart from the word after it (这些人 / 工会, not 人工会)', () => {
    const words = notices.index.analyzer.queryConcepts('快递员这些人工会怎么覆盖').map((c) => c.word);
    expect(words).not.toContain('人工会');
    expect(words).toContain('工会');
  });

  it('reads a word without the question particle jieba keeps on it (有用吗)', () => {
    const reply = ask(notices, '工资讨不到找工会有用吗?');
    expect(reply.found).toBe(true);
    expect(firstExcerpt(reply)).toContain('欠薪');
  });
});

describe('the glossary: the names cadres and notices give the same thing', () => {
  it('meets 高温津贴 from 高温补贴', () => {
    expect(firstExcerpt(ask(notices, '单位不给高温补贴怎么办?'))).toContain('高温津贴');
  });

  it('reads a campaign by its brand name (夏送清凉) as the campaign (送清凉)', () => {
    expect(notices.index.analyzer.terms('夏送清凉')).toContain('送清凉');
  });
});

describe('colloquial verb forms', () => {
  it('meets 报上去 through the words of its verb (报送)', () => {
    const concepts = weigh(notices.index, notices.index.analyzer.queryConcepts('自查情况什么时候报上去'));
    const verbForm = concepts.find((c) => c.word === '报上去');
    expect(verbForm?.stem).toBe('报');
    expect(verbForm?.whole).toContain('报送');
    expect(verbForm?.parts).toEqual([]);
  });

  it('answers when a report is due from the sentence that says 报送', () => {
    expect(firstExcerpt(ask(notices, '自查情况什么时候报上去?'))).toContain('2026年12月15日前');
  });
});

describe('one-character verbs', () => {
  it('meets 骗 in 骗补助 through the words it begins (骗取), and 开 through those it ends (召开), as phrasing', async () => {
    const library = await libraryOf({
      'measures.txt':
        '互助保障办法\n参保职工因意外伤害身故的,给予补助五万元,补助标准另行规定。\n对弄虚作假骗取补助的,追回已支付的补助金。\n办法由职代会每年召开会议审议,经本报公布后实施。\n',
    });
    const verb = weigh(library.index, library.index.analyzer.queryConcepts('骗补助会怎么处理')).find(
      (c) => c.word === '骗',
    );
    expect(verb?.isTopic).toBe(false);
    expect(verb?.whole).toContain('骗取');
    expect(firstExcerpt(ask(library, '骗补助会怎么处理?'))).toContain('骗取补助');
    // Nor only those it begins: 开 (开几回) is how people say 召开.
    const meeting = weigh(library.index, askedConcepts(library.index, '职代会一年得开几回')).find(
      (c) => c.word === '开',
    );
    expect(meeting?.whole).toContain('召开');
    // Words ending in the verb are verbs too: 本报 ("this paper") is no way to 报.
    const report = weigh(library.index, askedConcepts(library.index, '材料什么时候报上去')).find(
      (c) => c.stem === '报',
    );
    expect(report?.whole).not.toContain('本报');
    // A verb the directive never begins a word with changes nothing and declines nothing.
    expect(firstExcerpt(ask(library, '偷补助会怎么处理?'))).not.toContain('(declined)');
  });
});

describe('words jieba guessed', () => {
  it('reads characters jieba glued into a word the directive lacks as the words they belong to', async () => {
    const library = await libraryOf({
      'plan.txt':
        '服务站点建设方案\n每个站点至少配备饮水机、微波炉、充电设备、医药箱等基本设施。\n站点由市总工会职工服务中心统一验收。\n现金不能发。\n',
    });
    const asked = (q: string) => askedConcepts(library.index, normaliseQuestion(q)).map((c) => c.word);
    // jieba's HMM glues 得配 (得 + 配): unknown to the directive, it is read as 配, the verb of 配备.
    expect(library.index.analyzer.queryConcepts('站点里得配哪些东西').find((c) => c.word === '得配')?.isGuessed).toBe(
      true,
    );
    expect(asked('站点里得配哪些东西')).not.toContain('得配');
    expect(asked('站点里得配哪些东西')).toContain('配');
    expect(firstExcerpt(ask(library, '站点里得配哪些东西'))).toContain('饮水机');
    // 配齐 is 配 with a resultative complement: 配 too.
    expect(firstExcerpt(ask(library, '站点里要配齐哪些东西'))).toContain('饮水机');
    // Glue written inside a longer word of the directive (能发 in 不能发) is glue all the same.
    expect(asked('站点里最多能发几台')).not.toContain('能发');
    // A word of the dictionary, or one the directive holds, is left whole.
    expect(asked('站点由谁验收')).toContain('验收');
    // What it lacks, it still lacks: a guess made of a missing word's characters does not answer.
    expect(ask(library, '站点的会费交多少').found).toBe(false);
  });
});

describe('typos', () => {
  it('takes a word for a homophone of its own part of speech only (截至 for 截止, never 同事 for 同时)', async () => {
    const library = await libraryOf({
      'notice.txt': '关于报送活动总结的通知\n活动总结报送截止时间为2027年9月10日。\n评选与表彰同时进行。\n',
    });
    const mention = (q: string, word: string) =>
      weigh(library.index, askedConcepts(library.index, normaliseQuestion(q))).find((c) => c.whole.includes(word))
        ?.mention;
    expect(mention('活动总结截至什么时候报送', '截至')).toEqual({ kind: 'near', word: '截止' });
    expect(mention('同事能不能代替我去领奖', '同事')).toBeUndefined();
  });

  it('never takes a word of the dictionary for a fragment of a longer word (不想 for the 不相 of 不相适宜)', async () => {
    const library = await libraryOf({
      'notice.txt':
        '关于托管班退费的通知\n不得组织学生观看与年龄不相适宜的影片。\n开班后退出的，退还已缴费用的一半。\n',
    });
    const concepts = weigh(library.index, askedConcepts(library.index, normaliseQuestion('娃不想去了钱能退不')));
    expect(concepts.find((c) => c.whole.includes('不想'))?.mention).toBeUndefined();
  });

  describe('a typo jieba cuts into lone characters', () => {
    let library: Library;
    beforeAll(async () => {
      library = await libraryOf({
        'notice.txt':
          '会员积分与疗休养通知\n会员可用积分兑换电影票，过期未使用的，积分不予退还。\n衣物应紧贴身体。\n' +
          '贵州线路适合45周岁以下职工。\n高温津贴按月发放。\n津贴标准为每人每月300元。\n' +
          '补发的款项达到500元以上的，由我市总工会审批。\n托管班级不超过30人。\n',
      });
    });

    it.each([
      ['用积份换的电影票过期了还能退吗', '用积分换的电影票过期了还能退吗'],
      ['那个贵洲的线路岁数大的能去吗', '那个贵州的线路岁数大的能去吗'],
      // 津贴 and 紧贴 sound alike: the word the knowledge uses most.
      ['高温金贴每月多少', '高温津贴每月多少'],
    ])('is mended to the knowledge word it sounds like: "%s"', (question, mended) => {
      expect(mendTypos(library.index, question)).toBe(mended);
    });

    it('answers from the mended word', () => {
      expect(firstExcerpt(ask(library, mendTypos(library.index, '用积份换的电影票过期了还能退吗')))).toContain(
        '积分不予退还',
      );
    });

    it.each([
      '钱打到哪张卡上', // 到 is grammar: 打到 is not 达到
      '津贴还发不发', // a negation is meant: 不发 is not 补发
      '我是会员吗', // 是 is grammar: 我是 is not 我市
      '托管班给娃买保险吗', // 给 is a light verb: 班给 is not 班级
    ])('leaves grammar and negations alone: "%s"', (question) => {
      expect(mendTypos(library.index, question)).toBe(question);
    });
  });
});

describe('words in Latin letters', () => {
  it('reads an acronym (EAP, APP) as a topic, so a notice without it declines', async () => {
    const library = await libraryOf({
      'notice.txt': '职工心理关爱通知\n一、企业工会购买心理咨询服务的，按合同金额的50%给予补贴。\n',
    });
    const topics = askedConcepts(library.index, normaliseQuestion('找第三方做EAP工会能补多少'))
      .filter((c) => c.isTopic)
      .map((c) => c.word.toLowerCase());
    expect(topics).toContain('eap');
    expect(ask(library, '用APP预约心理咨询能补多少？').found).toBe(false);
  });
});

describe('words that ask, and place words', () => {
  it('reads a word that asks (多少钱, 哪几天) as phrasing, whatever jieba tags it, and 区里 as 区', async () => {
    const library = await libraryOf({
      'notice.txt':
        '送清凉活动通知\n市总工会本次安排专项资金300万元。\n各区（县）总工会按1:1比例安排配套资金。\n户外劳动者服务站点每个补助2000元。\n集中慰问时间为7月1日至7月10日。\n',
      'glossary.yaml': 'synonyms:\n  - [市总工会, 市总]\n',
    });
    const topics = (q: string) =>
      askedConcepts(library.index, normaliseQuestion(q))
        .filter((c) => c.isTopic)
        .map((c) => c.word);
    expect(topics('市总这回一共拿了多少钱出来')).not.toContain('多少钱');
    expect(topics('集中去慰问是哪几天')).not.toContain('哪几天');
    // A set phrase with the question word inside it (由谁来, jieba's idiom) asks as well.
    expect(topics('配套资金由谁来安排')).not.toContain('由谁来');
    // A time told from another (往后, 事后) places what is asked; it is no time the notice must name.
    expect(topics('慰问没赶上能不能往后补')).not.toContain('往后');
    expect(firstExcerpt(ask(library, '集中慰问错过了,事后还能补吗?'))).toContain('7月1日');
    expect(firstExcerpt(ask(library, '市总这回一共拿了多少钱出来?'))).toContain('300万元');
    expect(firstExcerpt(ask(library, '集中去慰问是哪几天?'))).toContain('7月1日');
    // 一年 and 一次 in a question are the notice's 每年 and 每次.
    const perYear = library.index.analyzer.queryConcepts('一年开几次会').find((c) => c.word === '一年');
    expect(perYear?.whole).toEqual(['一年', '每年']);
    // So is 一个人 their 每人 or 人均, though jieba leaves 一个 and 人 apart as grammar.
    const perHead = library.index.analyzer.queryConcepts('一个人能领多少').find((c) => c.word === '每人');
    expect(perHead?.whole).toEqual(['每人', '人均', '一人']);
    expect(perHead?.isTopic).toBe(false);
    // 区里 ("in the district") is about 区; 户外, which the notice writes, stays a word.
    expect(askedConcepts(library.index, '区里要配套多少').map((c) => c.word)).toContain('区');
    expect(askedConcepts(library.index, '户外站点补助多少').map((c) => c.word)).toContain('户外');
    expect(firstExcerpt(ask(library, '区里自己要掏多少钱配套?'))).toContain('配套资金');
  });
});

describe('the noun a question word asks about', () => {
  it('declines when the directive lacks the noun asked about, though it holds the rest of the question', async () => {
    const library = await libraryOf({
      'plan.txt':
        '入会工作方案\n货车司机可通过微信小程序在线申请入会，工会每月通报入会进展情况。\n新入会的货车司机免费办理一份职工互助保障，住院每次最高补助3000元。\n',
    });
    const concepts = library.index.analyzer.queryConcepts('货车司机入会每月要交多少会费');
    expect(concepts.filter((c) => c.isFocus).map((c) => c.word)).toEqual(['会费']);
    // Whatever jieba tags it: 丧葬 comes out a verb.
    const funeral = library.index.analyzer.queryConcepts('家属能领多少丧葬补助');
    expect(funeral.filter((c) => c.isFocus).map((c) => c.word)).toEqual(['丧葬']);
    const reply = ask(library, '货车司机入会每月要交多少会费?');
    expect(reply.found).toBe(false);
    if (!reply.found) expect(reply.missing).toContain('会费');
    // The same words asking about what the directive holds are answered.
    expect(firstExcerpt(ask(library, '货车司机入会后住院最多补助多少钱?'))).toContain('3000元');
  });
});

describe('a Q&A', () => {
  it('answers from the paragraph under the question heading, never from the heading that asks', async () => {
    const library = await libraryOf({
      'faq.md': [
        '# 经费问答',
        '## 一、报销',
        '**1. 报销工会活动经费需要哪些材料？**',
        '报销时应当提供合法有效的发票和参加人员签到表。采购金额较大的还需提供合同。',
        '**2. 会员家里有人去世，工会能不能慰问？**',
        '会员的直系亲属去世的，基层工会可给予慰问，标准不超过1000元。',
      ].join('\n'),
    });
    const under = library.index.passages.filter((p) => p.answersHeading).map((p) => p.text);
    expect(under).toHaveLength(3);
    expect(firstExcerpt(ask(library, '报销活动经费要准备啥材料'))).toContain('发票');
    expect(firstExcerpt(ask(library, '会员家里有人去世了工会管不管'))).toContain('1000元');
  });
});

describe('one-character nouns', () => {
  it('ranks by a one-character noun (党) but never declines for one', () => {
    const party = speech.index.analyzer.queryConcepts('党和工会是什么关系').find((c) => c.word === '党');
    expect(party?.isCharacter).toBe(true);
    expect(party?.isTopic).toBe(false);
    expect(firstExcerpt(ask(speech, '党的领导要怎么加强?'))).toContain('加强党的领导');
  });
});
