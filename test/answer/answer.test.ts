import { copyFileSync, cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { answer } from '../../src/answer/answer.js';
import { MAX_EXCERPT_CHARS } from '../../src/answer/excerpt.js';
import { type Library, loadLibrary } from '../../src/library.js';
import type { Reply } from '../../src/reply.js';
import { normaliseQuestion } from '../../src/search/normalise.js';
import { fixtures, library, shippedKnowledge } from '../support/paths.js';
import { libraryOf } from '../support/temp-library.js';

let speech: Library;
let both: Library;
const ask = (library: Library, q: string): Reply => answer(library.index, normaliseQuestion(q));

beforeAll(async () => {
  speech = await loadLibrary(shippedKnowledge);
  const dir = mkdtempSync(join(tmpdir(), 'kb-'));
  cpSync(shippedKnowledge, dir, { recursive: true });
  copyFileSync(`${fixtures}/notice-year-end-2026.txt`, join(dir, 'notice-year-end-2026.txt'));
  both = await loadLibrary(dir);
});

describe('answers', () => {
  it('cites the sentence that answers, verbatim, within the excerpt limit', () => {
    const reply = ask(speech, '年底企业出现欠薪,工会该做什么?');
    expect(reply.found).toBe(true);
    if (!reply.found) return;
    const [first] = reply.citations;
    expect(first.excerpt).toContain('引导好职工依法维权');
    expect([...first.excerpt].length).toBeLessThanOrEqual(MAX_EXCERPT_CHARS);
    const sentence = speech.index.byRef.get(first.ref)?.text ?? '';
    for (const piece of first.excerpt.split('…').filter(Boolean)) expect(sentence).toContain(piece);
  });

  it('marks the question terms inside the excerpt', () => {
    const reply = ask(speech, '劳模评选什么时候启动?');
    if (!reply.found) throw new Error('expected an answer');
    const [first] = reply.citations;
    const marked = first.marks.map(([a, b]) => first.excerpt.slice(a, b));
    expect(marked).toContain('劳模评选');
  });

  it('marks the words inside a word the knowledge never writes, which are what met it (积分 of 积分换)', async () => {
    const library = await libraryOf({
      'notice.txt': '会员积分通知\n会员可用积分兑换电影票，过期未使用的，积分不予退还。\n会员卡丢失的，可以补办。\n',
    });
    const reply = ask(library, '用积分换的电影票过期了还能退吗');
    if (!reply.found) throw new Error('expected an answer');
    const [first] = reply.citations;
    expect(first.marks.map(([a, b]) => first.excerpt.slice(a, b))).toContain('积分');
  });

  it('answers a Traditional Chinese question from the Simplified text', () => {
    const reply = ask(speech, '網上工會建設有什麼要求?');
    expect(reply.found && reply.citations[0].excerpt).toContain('网上工会建设');
  });

  it('understands colloquial words through the glossary', () => {
    const reply = ask(speech, '公司拖欠工资,职工怎么办?');
    expect(reply.found && reply.citations[0].excerpt).toContain('欠薪');
  });

  it('gives at most three citations, the best first', () => {
    const reply = ask(speech, '工会要怎样服务职工?');
    if (!reply.found) throw new Error('expected an answer');
    expect(reply.citations.length).toBeLessThanOrEqual(3);
    const scores = reply.citations.map((c) => c.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('lists every item of an enumerated structure from the outline', () => {
    const reply = ask(speech, '讲话提出了哪三点要求?');
    expect(reply.found && reply.kind).toBe('list');
    if (!reply.found) return;
    expect(reply.items).toEqual(['一是要学习好、领悟好', '二是要宣传好、动员好', '三是要贯彻好、落实好']);
    for (const item of reply.items ?? []) expect(reply.text).toContain(item);
  });

  it('lists the items when a counted noun is asked about', () => {
    const reply = ask(speech, '这次讲话的三点要求是什么?');
    expect(reply.found && reply.items).toEqual([
      '一是要学习好、领悟好',
      '二是要宣传好、动员好',
      '三是要贯彻好、落实好',
    ]);
  });

  it('lists the items named by their numbering', () => {
    const reply = ask(speech, '三要分别是什么?');
    expect(reply.found && reply.items?.map((i) => i.slice(0, 2))).toEqual(['一要', '二要', '三要']);
  });

  it('lists the sections of a notice when asked which tasks it sets', () => {
    const reply = ask(both, '通知部署了哪几项重点工作?');
    expect(reply.found && reply.kind).toBe('list');
    expect(reply.found && reply.items?.length).toBe(6);
  });

  it('lists the stages a plan is divided into, named by the word all their titles share', async () => {
    const plan = await libraryOf({
      'plan.txt': [
        '入会工作实施方案',
        '一、工作目标',
        '年底前新发展会员不少于3万人。',
        '二、时间安排',
        '（一）动员部署阶段（3月1日至3月31日）。召开推进会。',
        '（二）集中推进阶段（4月1日至9月30日）。开展集中入会行动。',
        '（三）总结验收阶段（12月1日至12月31日）。组织考核验收。',
      ].join('\n'),
    });
    const reply = ask(plan, '入会工作分几个阶段推进?');
    expect(reply.found && reply.items).toEqual([
      '（一）动员部署阶段（3月1日至3月31日）',
      '（二）集中推进阶段（4月1日至9月30日）',
      '（三）总结验收阶段（12月1日至12月31日）',
    ]);
  });

  it('lists what is not done when asked what is not done, and what is done otherwise', async () => {
    const rules = await libraryOf({
      'rules.txt': [
        '关于做好文件材料归档工作的通知',
        '一、应当归档的文件材料',
        '（一）会员代表大会的报告、决议和会议记录；',
        '（二）工会经费收支形成的文件材料；',
        '（三）评选表彰的推荐审批材料。',
        '二、不归档的文件材料',
        '（一）重份文件；',
        '（二）未经签发的文件草稿；',
        '（三）供工作参考的抄件和简报。',
      ].join('\n'),
    });
    const skipped = ask(rules, '不需要归档的文件材料包括哪些？');
    expect(skipped.found && skipped.items?.[0]).toBe('（一）重份文件');
    const kept = ask(rules, '归档的文件材料包括哪些？');
    expect(kept.found && kept.items?.[0]).toBe('（一）会员代表大会的报告、决议和会议记录');
  });

  it('lists what a section enumerates rather than the sections of the document its title names', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kb-groups-'));
    copyFileSync(`${fixtures}/eval/library-8/notice-year-end-warmth.txt`, join(dir, 'notice.txt'));
    const notice = await loadLibrary(dir);
    const groups = ask(notice, '这次送温暖都慰问哪几类人?');
    expect(groups.found && groups.items?.map((i) => i.slice(0, 5))).toEqual([
      '（一）在档',
      '（二）劳动',
      '（三）一线',
      '（四）新就',
    ]);
    // Asked of the notice as a whole, its sections are the list.
    const sections = ask(notice, '这个通知讲了哪几个方面?');
    expect(sections.found && sections.items?.[0]).toBe('一、活动时间');
  });

  it("lists a chapter's articles by their titles, asked of what the document is about", async () => {
    const rules = await libraryOf({
      'rules.txt': [
        '困难职工帮扶管理办法',
        '第一章 总则',
        '第一条 为规范困难职工帮扶工作，切实保障困难职工基本生活，制定本办法。',
        '第二条 本办法适用于本市各级工会开展的困难职工建档和帮扶工作。',
        '第二章 帮扶内容',
        '第三条 生活救助。每年发放生活救助金每户4000元。',
        '第四条 医疗救助。自付部分给予50%的救助。',
        '第五条 助学帮扶。子女就读高中的每人每年2000元。',
      ].join('\n'),
    });
    // The articles of 总则 share 困难职工 and 帮扶 only because they are sentences of this document.
    const reply = ask(rules, '困难职工能享受哪几类帮扶?');
    expect(reply.found && reply.items).toEqual(['第三条生活救助', '第四条医疗救助', '第五条助学帮扶']);
  });

  it('reads "哪些人" as asking for the items of a list that names a kind of people (慰问对象)', async () => {
    const notice = await libraryOf({
      'notice.txt': [
        '关于开展夏季送清凉活动的通知',
        '一、慰问对象',
        '（一）从事户外作业的职工；',
        '（二）在高温岗位作业的职工；',
        '（三）因高温中暑的困难职工。',
        '二、慰问标准',
        '每人不超过150元。',
      ].join('\n'),
    });
    const reply = ask(notice, '送清凉都慰问哪些人?');
    expect(reply.found && reply.kind).toBe('list');
    expect(reply.found && reply.items?.length).toBe(3);
  });

  it('lists the people asked for (哪些人), not the parts of the section that names what they may do', async () => {
    const notice = await libraryOf({
      'notice.txt': [
        '关于开展劳动关系协调员培训的通知',
        '一、报名对象和条件',
        '（一）报名对象',
        '1.企业工会主席、副主席；',
        '2.基层劳动争议调解组织的调解员；',
        '3.企业人力资源管理人员。',
        '（二）报名条件',
        '1.遵纪守法，身体健康；',
        '2.具有高中以上学历。',
        '二、培训安排',
        '培训为期5天。',
      ].join('\n'),
    });
    const reply = ask(notice, '协调员培训，哪些人可以报名?');
    expect(reply.found && reply.items?.map((i) => i.slice(0, 6))).toEqual(['1.企业工会', '2.基层劳动', '3.企业人力']);
  });

  it('lists the items written inline after a colon (有下列情形之一的：1.……；2.……)', async () => {
    const notice = await libraryOf({
      'notice.txt': [
        '关于发放困难职工求职补贴的通知',
        '一、补贴标准',
        '每人发放求职补贴1000元。',
        '二、不予补贴的情形',
        '有下列情形之一的，不予发放求职补贴：1.在机关、事业单位就业的；2.通过公益性岗位安置就业的；3.提供虚假材料骗取补贴的。',
      ].join('\n'),
    });
    const reply = ask(notice, '求职补贴有哪几种情形不予发放?');
    expect(reply.found && reply.items).toEqual([
      '1.在机关、事业单位就业的',
      '2.通过公益性岗位安置就业的',
      '3.提供虚假材料骗取补贴的',
    ]);
    expect(reply.found && reply.citations[0].excerpt).toContain('有下列情形之一的');
  });

  it('answers "哪些情况" with the list that names 情形, not the sections around it', async () => {
    const notice = await libraryOf({
      'notice.txt': [
        '关于开展职工书屋建设的通知',
        '一、建设标准',
        '书屋藏书不少于1500册。',
        '二、复查和摘牌',
        '（一）市总工会对命名书屋实行动态管理，每3年复查一次。',
        '（二）复查不合格的，限期3个月整改。',
        '（三）有下列情形之一的，予以摘牌：1．整改期满复查仍不合格的；2．书屋场所被挪作他用的；3．申报材料弄虚作假的。',
        '（四）被摘牌的书屋，由市总工会收回牌匾。',
      ].join('\n'),
    });
    const reply = ask(notice, '职工书屋在哪些情况下会被摘牌？');
    expect(reply.found && reply.items).toEqual([
      '1．整改期满复查仍不合格的',
      '2．书屋场所被挪作他用的',
      '3．申报材料弄虚作假的',
    ]);
  });

  it('takes a sentence ending in a colon for the lead of the items below it, whatever it calls them', async () => {
    const notice = await libraryOf({
      'notice.txt': [
        '关于推进服务驿站建设的通知',
        '一、建设要求',
        '（一）建设标准。驿站室内使用面积不少于20平方米，应当做到"四有"：',
        '1.有饮用水；',
        '2.有热饭设备；',
        '3.有充电设施；',
        '4.有休息桌椅。',
        '（二）开放时间。驿站每天开放不少于8小时。',
      ].join('\n'),
    });
    const reply = ask(notice, '驿站要做到的四有包括哪些？');
    expect(reply.found && reply.items).toEqual(['1.有饮用水', '2.有热饭设备', '3.有充电设施', '4.有休息桌椅']);
  });

  it('reads "都列一下" as asking for the items of a list', async () => {
    const notice = await libraryOf({
      'notice.txt': [
        '关于规范合作商户管理的通知',
        '一、合作商户有下列情形之一的，终止合作：',
        '（一）虚假宣传、先提价后打折的；',
        '（二）无正当理由拒绝会员消费的；',
        '（三）泄露会员个人信息的。',
        '二、合作协议有效期为2年。',
      ].join('\n'),
    });
    const reply = ask(notice, '商户出了什么事会被终止合作？都列一下');
    expect(reply.found && reply.kind).toBe('list');
    expect(reply.found && reply.items?.length).toBe(3);
  });

  it('answers an enumeration written inside a sentence from the text', () => {
    const reply = ask(speech, '五大工程有哪些?');
    expect(reply.found && reply.citations[0].excerpt).toContain('凝心聚力、建功立业、暖心关爱、固本强基、强身健体');
  });
});

describe('not covered', () => {
  // 年终奖 holds 年终 (a synonym of 年底) but is another word: a synonym must match whole words.
  it.each([
    '职工食堂的菜单是什么?',
    '年休假可以休几天?',
    'How do I install Python?',
    '今天天气怎么样?',
    '年终奖怎么发?',
  ])('says the directive does not cover "%s" and offers topics instead of guessing', (q) => {
    const reply = ask(speech, q);
    expect(reply.found).toBe(false);
    expect(reply.kind).toBe('not-covered');
    expect(reply.suggestions.length).toBeGreaterThanOrEqual(2);
    expect(reply.suggestions.length).toBeLessThanOrEqual(3);
  });
});

describe('a word the directive does not write', () => {
  const notice =
    '关于做好基层工会换届选举工作的通知\n' +
    '一、基层工会委员会每届任期五年，任期届满应当按期换届。\n' +
    '二、因单位重组等特殊情况确需延期换届的，应当报上一级工会批准，延期时间最长不超过6个月。\n';

  it('answers when only an action is put in other words (推迟 for 延期), and declines when a thing is missing', async () => {
    const library = await libraryOf({ 'notice.txt': notice });
    const reply = ask(library, '单位重组了，换届最长能往后推迟多久？');
    expect(reply.found && reply.citations[0]?.excerpt).toContain('延期时间最长不超过6个月');
    const lacking = ask(library, '换届选举的会务费怎么报销？');
    expect(lacking.found).toBe(false);
    expect(lacking.kind === 'not-covered' && lacking.missing).toContain('会务费');
  });
});

describe('a count asked in a unit', () => {
  it('prefers the sentence giving a number in that unit (多少人: 400人) over one giving other numbers', async () => {
    const library = await libraryOf({
      'notice.txt':
        '关于开展劳动关系协调员培训的通知\n' +
        '一、今年三级协调员培训分2期举办，每期培训5天。\n' +
        '二、今年三级协调员共培训400人。\n',
    });
    const reply = ask(library, '今年三级协调员培训多少人？');
    expect(reply.found && reply.citations[0]?.excerpt).toContain('400人');
  });

  it('reads the number written beside the words asked about, not one beside another class', async () => {
    const library = await libraryOf({
      'rules.txt': [
        '职工培训管理办法',
        '二、课程设置',
        '（一）中级班总课时不少于120学时，其中理论教学80学时、实操训练40学时，主要内容包括劳动法律法规、劳动合同管理、集体协商与集体合同、劳动争议预防与处理。',
        '（二）高级班总课时不少于150学时，其中理论教学90学时、实操训练60学时，在中级班内容基础上增加风险评估、谈判技巧等内容。',
      ].join('\n'),
    });
    // Both sentences hold 中级班 and a count of 学时; only the first gives its count where it names 中级班.
    const reply = ask(library, '报中级班的话一共得上多少学时？');
    expect(reply.found && reply.citations[0]?.excerpt).toContain('中级班总课时不少于120学时');
  });
});

describe('a numbered title closed by a period', () => {
  it('ranks as a heading (（一）名额分配。), while a condition closed by a period (（三）弄虚作假的。) stays text', async () => {
    const library = await libraryOf({
      'notice.txt':
        '关于组织劳模疗休养的通知\n一、名额与推荐\n' +
        '（一）名额分配。各区总工会每家推荐不超过16名。\n' +
        '（二）有下列情形之一的，取消资格：\n（三）弄虚作假的。\n',
    });
    const passage = (text: string) => library.index.passages.find((p) => p.text === text);
    expect(passage('（一）名额分配。')?.isHeading).toBe(true);
    expect(passage('各区总工会每家推荐不超过16名。')?.isHeading).toBe(false);
    expect(passage('（三）弄虚作假的。')?.isHeading).toBe(false);
  });
});

describe("a notice's attachments", () => {
  const notice =
    '关于举办劳动关系协调员培训班的通知\n' +
    '一、报名时间：2027年3月18日至4月12日。\n' +
    '二、学员通过“职工之家”APP报名，并上传身份证。\n' +
    '附件：1.2027年度劳动关系协调员培训报名表\n' +
    '2. 协调员培训学员汇总表\n';

  it('answers from the text, not from the line naming the forms', async () => {
    const library = await libraryOf({ 'notice.txt': notice });
    const reply = ask(library, '协调员培训报名啥时候截止？');
    expect(reply.found && reply.citations[0]?.excerpt).toContain('2027年3月18日至4月12日');
  });
});

describe('a date, an amount, a length of time or a share asked for', () => {
  const notice =
    '关于开展夏季送清凉活动的通知\n' +
    '一、各级工会要督促用人单位落实高温津贴。\n' +
    '二、对户外职工，每人发放价值不超过150元的防暑降温用品。\n' +
    '三、请于2027年9月10日前报送活动总结。\n';

  it('says the directive does not state it when the sentences on the topic hold none', async () => {
    const library = await libraryOf({ 'notice.txt': notice });
    const reply = ask(library, '高温津贴一天多少钱?');
    expect(reply.found).toBe(false);
    expect(reply.text).toContain('没有写明具体的金额');
    expect(reply.suggestions.length).toBeGreaterThan(0);
    // Asked for what the sentence does say, it answers.
    expect(ask(library, '高温津贴要督促谁落实?').found).toBe(true);
  });

  it('does not cite instead a sentence that shares only the title, not the thing asked about', async () => {
    const library = await libraryOf({
      'notice.txt': [
        '关于开展心动时刻青年联谊互选活动的通知',
        '一、活动时间为2024年9月21日。',
        '二、双向选择的，由工作人员当场告知双方，并赠送纪念品一份。',
        '三、互选成功的，每人须缴纳活动费80元。',
      ].join('\n'),
    });
    const reply = ask(library, '心动时刻青年联谊互选成功送的纪念品值多少钱？');
    expect(reply.found).toBe(false);
    expect(reply.text).toContain('没有写明具体的金额');
    expect(ask(library, '心动时刻青年联谊互选成功了要交多少钱？').found).toBe(true);
  });

  it('cites instead a sentence with the amount that covers the question as well, though it lacks the rarest word of the best match', async () => {
    // 免费 is in the job-aid plan's sentences only; the speech's sentence holds the amount and the rest.
    const twoDocuments = await loadLibrary(join(fixtures, 'eval', 'library-38'));
    const reply = ask(twoDocuments, '工会免费帮职工打官司，总共追回了多少钱？');
    expect(reply.found && reply.citations[0]?.excerpt).toContain('挽回经济损失3100万元');
  });

  it('answers a question asking the day or month (几月份, 哪天) only with a day or a month', async () => {
    const library = await libraryOf({
      'notice.txt': [
        '职工文体协会管理办法',
        '一、新成立的协会，成立当年给予一次性启动补助2万元。',
        '二、会员保障期自缴费次月一日起开始计算。',
      ].join('\n'),
    });
    const when = ask(library, '新成立协会的启动补助一般几月份拨付？');
    expect(when.found).toBe(false);
    expect(when.text).toContain('没有写明具体的时间');
    // Asked only when, 当年 is an answer; and 次月一日 names a day.
    expect(ask(library, '新成立协会的启动补助什么时候给？').found).toBe(true);
    const day = ask(library, '会员保障期从哪天开始算？');
    expect(day.found && day.citations[0]?.excerpt).toContain('次月一日起');
  });

  it('answers where a thing is done only with a place, and says so when none is named', async () => {
    const library = await libraryOf({
      'notice.txt': [
        '关于举办职工心理疏导骨干培训班的通知',
        '一、第一期培训班于2027年4月开班，每期培训3天，学员60名。',
        '二、第二期培训班在市工人文化宫举行，学员凭报名回执报到。',
        '三、报名表可在市总工会网站“下载专区”下载。',
      ].join('\n'),
    });
    const first = ask(library, '第一期培训班在哪里上课？');
    expect(first.found).toBe(false);
    expect(first.text).toContain('没有写明具体的地点');
    const second = ask(library, '第二期培训班在哪里上课？');
    expect(second.found && second.citations[0]?.excerpt).toContain('在市工人文化宫举行');
    const form = ask(library, '报名表去哪儿下？');
    expect(form.found && form.citations[0]?.excerpt).toContain('下载专区');
  });

  it('declines a year the directive tells nothing of, saying which year it does tell of', async () => {
    const library = await libraryOf({
      'notice.txt': [
        '关于举办新入职青年职工成长训练营的通知',
        '一、2027年全市共举办训练营3期，每个区推荐学员20名。',
        '二、训练营学员结业后，由导师跟踪培养半年。',
        '三、自2025年起，学员结业证书由市总工会统一印制。',
      ].join('\n'),
    });
    const later = ask(library, '2028年训练营每个区推荐多少名学员？');
    expect(later.found).toBe(false);
    expect(later.text).toContain('写的是2027年的,没有写到2028年的');
    const asked = ask(library, '2027年训练营每个区推荐多少名学员？');
    expect(asked.found && asked.citations[0]?.excerpt).toContain('每个区推荐学员20名');
    // A rule from a year on (自2025年起) speaks of the years after it.
    const onwards = ask(library, '2026年训练营的结业证书由谁印制？');
    expect(onwards.found && onwards.citations[0]?.excerpt).toContain('统一印制');
  });

  it('declines a level the directive tells nothing of (省级 where it writes 市级), and answers one it covers', async () => {
    const library = await libraryOf({
      'notice.txt': [
        '关于加强劳模和工匠人才创新工作室建设的通知',
        '一、新命名的市级创新工作室，每家给予一次性补助10万元。',
        '二、创新工作室应当每年开展技术攻关项目不少于2项。',
        '三、对国家级以下创新工作室的领衔人，每年组织一次疗休养。',
      ].join('\n'),
    });
    const province = ask(library, '省级创新工作室每家补助多少钱？');
    expect(province.found).toBe(false);
    expect(province.text).toContain('写的是市级的,没有写到省级的');
    const city = ask(library, '市级创新工作室每家补助多少钱？');
    expect(city.found && city.citations[0]?.excerpt).toContain('10万元');
    // 国家级以下 covers every level below it.
    const covered = ask(library, '省级创新工作室的领衔人有疗休养吗？');
    expect(covered.found && covered.citations[0]?.excerpt).toContain('疗休养');
    // 区（县）级 is one level, however the bracket is written.
    const district = await libraryOf({
      'notice.txt': ['关于开展工会驿站星级评定的通知', '一、获评区（县）级星级驿站的，每家补助2万元。'].join('\n'),
    });
    const cityStation = ask(district, '获评市级星级驿站的每家补助多少钱？');
    expect(cityStation.found).toBe(false);
    expect(cityStation.text).toContain('写的是区（县）级的,没有写到市级的');
    expect(ask(district, '获评区级星级驿站的每家补助多少钱？').found).toBe(true);
  });

  it('answers a question for a phone number only with one, and says so when none is written', async () => {
    const library = await libraryOf({
      'notice.txt': [
        '关于开展暑期职工子女托管服务的通知',
        '一、托管班由市总工会女职工部负责组织，各区县总工会具体承办。',
        '二、职工法律援助可拨打12351职工服务热线。',
        '三、托管班报名咨询电话由各承办单位另行公布。',
      ].join('\n'),
    });
    const none = ask(library, '托管班的报名咨询电话是多少？');
    expect(none.found).toBe(false);
    expect(none.text).toContain('没有写明具体的电话');
    const hotline = ask(library, '法律援助打哪个电话？');
    expect(hotline.found && hotline.citations[0]?.excerpt).toContain('12351');
  });

  it('takes an app or a website a thing is done through for the place asked', async () => {
    const library = await libraryOf({
      'notice.txt': [
        '关于举办劳动关系协调员培训班的通知',
        '一、报名时间：2027年3月18日至4月12日。',
        '二、学员通过“职工之家”APP报名，并上传身份证。',
        '三、请登录市总工会网站下载汇总表。',
      ].join('\n'),
    });
    const apply = ask(library, '协调员培训在哪报名？');
    expect(apply.found && apply.citations[0]?.excerpt).toContain('APP报名');
    const form = ask(library, '汇总表去哪儿下载？');
    expect(form.found && form.citations[0]?.excerpt).toContain('登录市总工会网站');
  });

  it('cites a sentence holding one before a better-ranked one that holds none', async () => {
    const library = await libraryOf({
      'notice.txt':
        '关于报送活动总结的通知\n一、活动总结要在年底前报送。\n二、活动总结报送由各级工会负责，活动总结报送要真实全面、内容详实。\n',
    });
    const reply = ask(library, '活动总结报送是什么时候?');
    expect(reply.found && reply.citations.map((c) => c.excerpt)).toEqual([
      '一、活动总结要在年底前报送。',
      '二、活动总结报送由各级工会负责，活动总结报送要真实全面、内容详实。',
    ]);
  });
});

describe('several directives', () => {
  it('cites the notice for a question about the notice', () => {
    const reply = ask(both, '两微一端账号信息核对什么时候完成?');
    expect(reply.found && reply.citations[0].doc).toBe('notice-year-end-2026');
    expect(reply.found && reply.citations[0].excerpt).toContain('2026年12月10日前');
  });

  it('cites the speech for a question about the speech', () => {
    const reply = ask(both, '理论学习中心组要怎么学习大会精神?');
    expect(reply.found && reply.citations[0].doc).toBe('speech-2018-17th-congress');
  });
});

describe('answering many questions', () => {
  // Answering remembers work per word, per passage and per index: none of it may leak into another answer.
  it('answers each question as a fresh library would, whatever was asked before', async () => {
    const questions = ['own-questions.jsonl', 'own-questions-2.jsonl'].flatMap((f) =>
      readFileSync(`${fixtures}/eval/${f}`, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => (JSON.parse(line) as { q: string }).q),
    );
    const seasoned = await loadLibrary(library);
    const replies = (l: Library, qs: string[]) => qs.map((q) => JSON.stringify(ask(l, q)));
    const first = replies(seasoned, questions);
    const again = replies(seasoned, [...questions].reverse()).reverse();
    expect(questions.length).toBeGreaterThan(50);
    expect(again).toEqual(first);
    for (const q of questions.filter((_, i) => i % 10 === 0)) {
      expect(JSON.stringify(ask(await loadLibrary(library), q))).toBe(first[questions.indexOf(q)]);
    }
  });
});
