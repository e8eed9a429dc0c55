import { describe, expect, it } from 'vitest';
import {
  answerTypeFit,
  answerTypeOf,
  answerTypesOf,
  caseThresholdOf,
  countedUnitOf,
  fitsAnswerType,
  holdsAsked,
} from '../../src/answer/answer-type.js';

describe('the kind of answer a question asks for', () => {
  it('reads "多少钱" as asking for an amount of money, which a date does not hold', () => {
    expect(answerTypeOf('全总这次一共拿了多少钱?')).toBe('how-much-money');
    expect(fitsAnswerType('how-much-money', '全总本级安排专项资金3000万元。')).toBe(true);
    expect(fitsAnswerType('how-much-money', '于2025年10月10日前报送。')).toBe(false);
  });

  it('reads a verb of paying or spending before 多少 (能花多少, 补多少, 交多少) as asking for money', () => {
    for (const q of ['组织疗休养一个人能花多少', '住院了工会能补多少', '会费每月交多少', '评上了能拿多少奖金'])
      expect(answerTypeOf(q)).toBe('how-much-money');
    expect(answerTypeOf('一年能休几天')).not.toBe('how-much-money');
  });

  it('reads every kind a question asks, any number left out beside an amount or a length of time', () => {
    expect(answerTypesOf('补贴能领多少钱?多久之内要去申请?')).toEqual(['how-long', 'how-much-money']);
    expect(answerTypesOf('明年春节放几天假')).toEqual(['how-long']);
    expect(answerTypesOf('年底前要新增多少会员?')).toEqual(['how-many']);
  });

  it('finds the marks of a time of day, a weekday, minutes and a discount', () => {
    expect(fitsAnswerType('when', '每周二、周四晚上7点开播。')).toBe(true);
    expect(fitsAnswerType('how-long', '笔试时间90分钟。')).toBe(true);
    expect(fitsAnswerType('what-share', '餐饮美食类不高于9折。')).toBe(true);
    expect(fitsAnswerType('how-long', '联席会议每季度召开一次。')).toBe(true);
    expect(fitsAnswerType('how-much-money', '按不低于1:1的比例安排配套资金。')).toBe(true);
    expect(fitsAnswerType('how-much-money', '16:00—17:00，开展互选环节。')).toBe(false);
    expect(fitsAnswerType('when', '加强网上工会建设。')).toBe(false);
  });

  it('reads "几点" as asking when, and "多快" as asking how long', () => {
    expect(answerTypeOf('开幕式那天早上几点到?')).toBe('when');
    expect(fitsAnswerType('when', '8:30开始签到。')).toBe(true);
    expect(answerTypeOf('发现险情要多快报上去?')).toBe('how-long');
  });

  it('reads a rate asked for (差额率是多少) as a share, and finds a fraction or a majority as one', () => {
    expect(answerTypeOf('线上参与率要达到多少才能评?')).toBe('what-share');
    expect(answerTypeOf('年底前要新增多少会员?')).toBe('how-many');
    expect(fitsAnswerType('what-share', '须有三分之二以上会员到会。')).toBe(true);
    expect(fitsAnswerType('what-share', '获得赞成票超过应到会人数的半数，始得当选。')).toBe(true);
    expect(fitsAnswerType('what-share', '每人发放一张。')).toBe(false);
  });

  it('finds a share in thousandths (千分之五, 5‰), which also answers how much is paid', () => {
    expect(fitsAnswerType('what-share', '会员按本人每月工资收入的千分之五缴纳会费。')).toBe(true);
    expect(fitsAnswerType('what-share', '按5‰计提。')).toBe(true);
    expect(fitsAnswerType('how-much-money', '会员按本人每月工资收入的千分之五缴纳会费。')).toBe(true);
    expect(fitsAnswerType('what-share', '每千人配备一名。')).toBe(false);
  });

  it('reads a sum named before its 多少 (慰问金标准是多少, 补助是多少) or 多少元 as asking for money', () => {
    for (const q of ['工会给家属的慰问金标准是多少？', '娃考的是高职，补助是多少？', '每页扫描收费标准是多少元？'])
      expect(answerTypesOf(q)).toEqual(['how-much-money']);
    expect(answerTypeOf('春节前安全检查重点查哪几块')).not.toBe('how-much-money');
    expect(answerTypesOf('补贴发给多少人？')).toEqual(['how-many']);
  });

  it('takes a share for an amount of money only when it is a share of a sum (工资总额的2%), not of a score', () => {
    expect(fitsAnswerType('how-much-money', '按全部职工工资总额的2%拨缴工会经费。')).toBe(true);
    expect(fitsAnswerType('how-much-money', '按不低于1:1的比例安排配套资金。')).toBe(true);
    expect(fitsAnswerType('how-much-money', '隐患辨识项目成绩占总成绩的50%。')).toBe(false);
    expect(fitsAnswerType('how-much-money', '所推荐学员结业率低于90%的单位，不得评为优秀组织单位。')).toBe(false);
  });

  it('reads 多出多少 and 超出多少 as asking by how much, not for money', () => {
    expect(answerTypesOf('候选人要比名额多出多少比例?')).toEqual(['what-share']);
    expect(answerTypeOf('超出多少人要分组?')).not.toBe('how-much-money');
    expect(answerTypeOf('出多少钱?')).toBe('how-much-money');
    expect(answerTypeOf('单位出多少?')).toBe('how-much-money');
  });

  it('still reads other "多少" questions as asking for a number', () => {
    expect(answerTypeOf('年底前要新增多少会员?')).toBe('how-many');
  });
});

describe('questions that ask how long', () => {
  it('reads "挂几天", "多久内" and "多长时间" as asking for a length of time, which a date does not hold', () => {
    expect(answerTypeOf('单位里公示要挂几天?')).toBe('how-long');
    expect(answerTypeOf('线索多久内要报上去?')).toBe('how-long');
    expect(answerTypeOf('审核要多长时间?')).toBe('how-long');
    expect(answerTypeOf('几号截止?')).toBe('when');
    for (const held of ['公示期不少于5个工作日。', '收到申请之日起十五日内答复。', '24小时内报送。', '保障期三个月。'])
      expect(answerTypeFit('how-long', held)).toBe('narrow');
    for (const date of ['2027年2月28日前完成单位内部公示。', '十二月二十八日召开。', '于2027年底前完成。'])
      expect(answerTypeFit('how-long', date)).toBeUndefined();
  });

  it('finds a length in halves (半年, 半个月), how often by halves (每半年), and in class hours but broadly', () => {
    for (const held of ['试用期为半年。', '半个月内办结。']) expect(answerTypeFit('how-long', held)).toBe('narrow');
    // A course's hours answer "培训多久", but "要上几天课" is not answered by them as narrowly as by days.
    for (const held of ['上岗前应当接受不少于24学时的安全培训。', '总课时不少于120课时。'])
      expect(answerTypeFit('how-long', held)).toBe('broad');
    expect(fitsAnswerType('how-long', '每半年至少组织1次应急演练。')).toBe(true);
    for (const date of ['上半年完成摸底。', '下半年组织复查。', '计划于年中召开。'])
      expect(fitsAnswerType('how-long', date)).toBe(false);
  });
});

describe('questions that ask for ways, measures or groups', () => {
  it('reads "哪些形式" as asking for an enumeration, which a plain duty does not hold', () => {
    expect(answerTypeOf('这项工作可以通过哪些方式开展?')).toBe('which-ways');
    expect(fitsAnswerType('which-ways', '要通过举办讨论会、报告会、研讨会等多种形式组织学习。')).toBe(true);
    expect(fitsAnswerType('which-ways', '各级工会要加强宣传。')).toBe(false);
  });
});

describe('questions that ask who', () => {
  it('reads "报给哪个部门" as asking who, which the acting body answers', () => {
    expect(answerTypeOf('总结材料报给哪个部门?')).toBe('who');
    expect(fitsAnswerType('who', '于10月10日前将活动总结报送全总劳动和经济工作部。')).toBe(true);
    expect(fitsAnswerType('who', '延长夏季开放时间。')).toBe(false);
  });
});

describe('narrow marks: a share, a calendar date, an amount of money', () => {
  it('reads "比例是多少" as asking for a share, which only a percentage holds', () => {
    expect(answerTypeOf('住院补助的比例是多少?')).toBe('what-share');
    expect(answerTypeFit('what-share', '个人自付部分超过一千元的,按百分之二十给予补助。')).toBe('narrow');
    expect(answerTypeFit('what-share', '设九十天等待期。')).toBeUndefined();
    expect(answerTypeFit('what-share', '企业负责人所占比例原则上不超过25%。')).toBe('narrow');
  });

  it('tells a calendar date from a looser mark of time', () => {
    expect(answerTypeOf('这个办法什么时候开始实行?')).toBe('when');
    expect(answerTypeFit('when', '本办法自2027年1月1日起施行。')).toBe('narrow');
    expect(answerTypeFit('when', '于十二月二十日前完成。')).toBe('narrow');
    expect(answerTypeFit('when', '要在年底前完成。')).toBe('broad');
    expect(answerTypeFit('when', '互助金实行专户管理。')).toBeUndefined();
  });

  it('reads the unit a count is asked in (多少学时, 几个人), and a number in it as a narrow fit', () => {
    const hours = countedUnitOf('三级培训一共要上多少学时？');
    expect(answerTypeFit('how-many', '三级培训总课时不少于150学时。', hours)).toBe('narrow');
    expect(answerTypeFit('how-many', '其中三级协调员400名。', hours)).toBe('broad');
    // 人 and 名 count people alike.
    expect(answerTypeFit('how-many', '其中三级协调员400名。', countedUnitOf('培训几个人？'))).toBe('narrow');
    expect(countedUnitOf('培训有什么要求？')).toBeUndefined();
  });

  it('reads a case told with a number (一百五十来号人, 17岁, 5万块) as measured against a bound in its unit', () => {
    const people = caseThresholdOf('我们厂一百五十来号人，是不是非得成立调解委员会？');
    expect(people?.test('职工人数200人以上的企业，应当设立调解委员会。')).toBe(true);
    expect(people?.test('调解委员会由5名委员组成。')).toBe(false);
    expect(caseThresholdOf('单位有个17岁的学徒工，能报名吗？')?.test('凡年满18周岁的会员均可报名。')).toBe(true);
    expect(caseThresholdOf('一笔开销超过5万块，主席签字行吗？')?.test('超过5万元的支出须集体研究。')).toBe(true);
    // "A person" is no count, and a question asking for the number tells none.
    expect(caseThresholdOf('一个人能领两份津贴吗？')).toBeUndefined();
    expect(caseThresholdOf('企业多少人以上要成立调解委员会？')).toBeUndefined();
  });

  it('reads a question on where a thing is done (在哪里上课, 去哪儿下载, 地点) as asking for a place', () => {
    expect(answerTypeOf('培训班在哪里上课？')).toBe('venue');
    expect(answerTypeOf('申请表去哪儿下？')).toBe('venue');
    expect(answerTypeOf('复赛的考试地点定了吗？')).toBe('venue');
    // Where in a wider sense needs no place: 宣讲 reaches 企业、基层, a cost is booked under a heading.
    expect(answerTypeOf('宣讲要深入到哪里?')).toBeUndefined();
    expect(answerTypeOf('这笔经费记在哪个科目里？')).toBeUndefined();
    expect(answerTypeOf('筛查安排在哪几个月？')).not.toBe('venue');
    expect(answerTypeFit('venue', '决赛在市工人文化宫举行。')).toBe('narrow');
    expect(answerTypeFit('venue', '申请表可在工会网“下载专区”下载。')).toBe('narrow');
    expect(answerTypeFit('venue', '决赛于6月中旬进行。')).toBeUndefined();
  });

  it('reads 哪个场馆 and 哪家基地 as asking for a place, and a time after 于 or 在 as naming none', () => {
    expect(answerTypesOf('决赛具体在哪个场馆举办？')).toEqual(['venue']);
    expect(answerTypesOf('疗休养具体是哪家疗休养基地？')).toEqual(['venue']);
    expect(answerTypeOf('这事归哪家单位管？')).toBe('who');
    for (const when of ['市总工会财务部将于4月上旬举办培训班。', '培训安排在每年5月举行。', '于2027年9月举行。'])
      expect(answerTypeFit('venue', when)).toBeUndefined();
    expect(answerTypeFit('venue', '培训班于市工人文化宫举办。')).toBe('narrow');
  });

  it('reads 具体地址 and 几路公交 as asking for a street address, which naming the place does not give', () => {
    const q = '联谊在会展中心，具体地址在哪？坐几路公交能到？';
    expect(answerTypesOf(q)).toEqual(['venue']);
    expect(holdsAsked('venue', q, '联谊会在岚州国际会展中心举办。')).toBe(false);
    expect(holdsAsked('venue', q, '会展中心位于岚州市滨江路88号，可乘坐12路公交到达。')).toBe(true);
    expect(holdsAsked('venue', '联谊在哪里举办？', '联谊会在岚州国际会展中心举办。')).toBe(true);
  });

  it('reads 多少 as asking money only when no unit of a count follows (给了多少人的名额, 多少人领补贴)', () => {
    expect(answerTypesOf('疗休养全市一共给了多少人的名额？')).toEqual(['how-many']);
    expect(answerTypeOf('慰问一户能给多少？')).toBe('how-much-money');
    // 多少 asks the amount of a sum it names a few words on (多少档案工作补贴), but not a count (多少人领补贴).
    expect(answerTypesOf('兼职档案员每个月有多少档案工作补贴？')).toEqual(['how-much-money']);
    expect(answerTypesOf('去年有多少人领了补贴？')).toEqual(['how-many']);
  });

  it('reads a question for a number to call (电话是多少, 打哪个号码) as asking for a phone number, in digits', () => {
    expect(answerTypesOf('市总工会法律援助中心的联系电话是多少？')).toEqual(['phone']);
    expect(answerTypeOf('有事打哪个号码？')).toBe('phone');
    expect(answerTypeOf('评选有咨询电话吗？')).toBe('phone');
    // A call spoken of asks for no number.
    expect(answerTypeOf('报完名会打电话通知吗？')).toBeUndefined();
    expect(answerTypeOf('接听求助电话的人员要培训多久？')).toBe('how-long');
    expect(answerTypesOf('12351热线去年一共接了多少件诉求？')).not.toContain('phone');
    expect(answerTypeFit('phone', '联系人：刘敏，联系电话 0571-86012366。')).toBe('narrow');
    expect(answerTypeFit('phone', '职工可拨打12351职工服务热线咨询。')).toBe('narrow');
    // Amounts, counts and dates are no numbers to call.
    expect(answerTypeFit('phone', '市总工会安排专项资金30000元，惠及12000人。')).toBeUndefined();
    expect(answerTypeFit('phone', '材料于20270301前报送。')).toBeUndefined();
  });

  it('reads 那几天 and 这几个 as days and things spoken of, asking no length of time or count', () => {
    expect(answerTypesOf('去疗休养那几天算不算请假？')).toEqual([]);
    expect(answerTypesOf('这几个站点归谁管？')).toEqual(['who']);
    expect(answerTypeOf('疗休养一次去几天？')).toBe('how-long');
    expect(answerTypeOf('哪几天可以报名？')).toBe('when');
  });

  it('reads 时间 as asking when only when it is asked about (什么时间, 时间是), not as a noun (抵培训时间)', () => {
    expect(answerTypesOf('发表论文能不能抵培训时间？')).not.toContain('when');
    expect(answerTypeOf('培训什么时间开始？')).toBe('when');
    expect(answerTypeOf('报名时间是几号？')).toBe('when');
  });

  it('takes no clause number (4., （三）, 二、, 第五条) for a count the clause gives', () => {
    for (const clause of [
      '4. 选举人对候选人可以投赞成票、不赞成票。',
      '（三）候选人由会员酝酿提名。',
      '第五条 会员应当遵守章程。',
    ])
      expect(fitsAnswerType('how-many', clause)).toBe(false);
    expect(fitsAnswerType('how-many', '（二）会员代表不少于60人。')).toBe(true);
    expect(answerTypeFit('how-much-money', '1. 每人每年60元。')).toBe('narrow');
  });
});
