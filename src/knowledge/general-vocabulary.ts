import type { Glossary } from './glossary.js';

/**
 * The vocabulary of trade-union work that every union's directives share, whatever they are about: the
 * names of bodies, people and campaigns, how regulations word pay, limits and dates, and how cadres
 * say the same things. It applies to every knowledge folder, so that a directive dropped into a new
 * folder is searched with it before anyone writes a glossary. A folder's `glossary.yaml` adds its own
 * directive's names (十七大, 衢州) and may widen these groups; `general_vocabulary: false` leaves them
 * out.
 *
 * Like the glossary, it must stay general vocabulary, never the wording of a particular question.
 */
export const GENERAL_VOCABULARY: Pick<Glossary, 'synonyms' | 'words'> = {
  synonyms: [
    // Bodies and meetings
    ['中华全国总工会', '全总'],
    ['市总工会', '市总'],
    ['总工会', '县总工会', '区总工会'],
    ['职工代表大会', '职代会'],
    // People and groups
    ['劳动模范', '劳模'],
    ['职工', '员工', '打工人'],
    ['农民工', '外来务工人员', '务工人员'],
    ['企业', '公司', '老板', '企业主', '用人单位', '工厂', '厂子', '厂里'],
    ['中小企业', '小微企业', '小企业'],
    ['自由职业者', '自由职业', '灵活就业人员', '灵活就业'],
    [
      '新就业形态劳动者',
      '新就业形态',
      '快递员',
      '外卖员',
      '外卖送餐员',
      '骑手',
      '外卖骑手',
      '外卖小哥',
      '快递小哥',
      '网约车司机',
      '滴滴司机',
      '货车司机',
    ],
    ['会员', '工会会员'],
    ['会员服务卡', '会员卡', '工会卡', '服务卡'],
    ['商户', '商家', '店家', '店铺', '门店', '商铺'],
    ['人力资源部门', '人力资源部', '人事部门', '人事部'],
    ['女职工', '女工', '女员工', '女同志'],
    ['退休职工', '退休人员', '离退休人员', '退休工人'],
    ['困难职工', '贫困职工', '特困职工', '生活困难职工', '困难户'],
    // Pay and rights. How workers say it: the wages do not come (拿不到, 讨不到, 要不到), whichever way round.
    [
      '欠薪',
      '拖欠工资',
      '欠工资',
      '工资拖欠',
      '拖欠薪资',
      '不发工资',
      '发不出工资',
      '不给工资',
      '讨薪',
      '讨工资',
      '欠薪隐患',
      '拿不到工资',
      '工资拿不到',
      '讨不到工资',
      '工资讨不到',
      '要不到工资',
      '工资要不到',
      '工资被拖欠',
      '被拖欠工资',
    ],
    ['工资', '薪水', '薪资', '工钱', '薪酬', '劳动报酬'],
    ['高温津贴', '高温补贴', '防暑降温费'],
    ['维权', '依法维权', '维护权益', '维护合法权益'],
    ['就业', '找工作', '再就业'],
    ['思想政治工作', '思政工作', '思想工作'],
    ['集体合同', '集体协议'],
    // Work and services
    ['劳动竞赛', '劳动比赛'],
    ['技能竞赛', '技能比赛', '技能大赛', '技术比武'],
    ['疗休养', '疗养', '休养', '职工疗休养'],
    // The yearly campaigns of every union (四大品牌活动), as notices and cadres name them
    ['送清凉', '夏送清凉', '夏季送清凉'],
    ['送温暖', '冬送温暖', '两节送温暖'],
    ['送岗位', '春送岗位'],
    ['金秋助学', '助学'],
    ['走访慰问', '慰问', '看望慰问', '看望', '探望'],
    ['服务热线', '热线', '热线电话', '服务电话', '求助电话'],
    ['网上工会', '智慧工会', '互联网工会', '线上工会'],
    ['网上', '线上'],
    ['入会', '加入工会', '入工会'],
    ['发展会员', '吸收会员', '吸纳会员', '发展新会员', '新增会员'],
    ['民主测评', '民主评议', '测评', '评议', '打分'],
    ['最低生活保障', '低保'],
    ['工会组建', '组建工会', '建会', '建工会', '成立工会'],
    ['评选', '评比', '推选', '评出'],
    ['帮助', '帮忙', '帮扶'],
    ['考核', '考评', '绩效考核'],
    ['培训', '培训班', '学习班'],
    ['职工书屋', '书屋', '阅览室', '阅读室', '图书室'],
    // Rules and benefits: how a regulation says it, and how people ask about it
    ['施行', '实行', '生效', '执行'],
    ['年龄', '年纪', '岁数'],
    ['最高', '最多', '封顶', '上限', '不超过', '不得超过', '最多不超过'],
    ['至少', '最少', '起码', '最起码', '不少于', '不得少于', '不低于', '不得低于'],
    ['挪用', '挪作他用', '挪作它用'],
    ['核实', '核查', '核对'],
    ['入户', '上门', '登门'],
    ['收到', '接到', '收悉'],
    ['答复', '回复', '回应'],
    ['设立', '成立'],
    ['协商', '商量', '商议', '谈判'],
    ['撤销', '取消'],
    ['牵头', '负责', '主管'],
    // Money
    ['补助', '补贴'],
    ['奖金', '奖励金'],
    ['慰问金', '慰问款'],
    ['救助金', '救助款', '救助资金'],
    ['报销', '报账'],
    ['收费', '收取', '交钱', '掏钱', '花钱', '付钱', '收钱', '要钱'],
    ['个人所得税', '个税'],
    ['社会保险', '社保'],
    ['医疗保险', '医保'],
    ['住房公积金', '公积金'],
    // Family and life events
    ['子女', '孩子', '小孩', '儿女'],
    ['配偶', '爱人', '丈夫', '妻子', '老公', '老婆'],
    ['父母', '爸妈', '双亲'],
    ['家庭成员', '家属', '家人'],
    ['去世', '死亡', '身故', '病故', '逝世', '过世', '离世'],
    ['结婚', '婚嫁', '办喜事'],
    ['生育', '生孩子', '生小孩'],
    ['临产', '快生了', '快要生了', '快生孩子'],
    ['住院', '进医院', '住医院'],
    ['就医', '看病', '就诊'],
    ['重大疾病', '大病', '重病', '重疾'],
    ['健康体检', '体检', '健康检查'],
    ['机动车辆', '机动车', '汽车', '私家车', '小汽车', '轿车'],
    // School
    ['高等院校', '高校', '大学', '普通高校'],
    ['中等职业学校', '中职', '中专', '职高', '技校'],
    ['普通高中', '高中'],
    ['高校毕业生', '大学生', '应届毕业生'],
    // Work and its disputes
    ['一线职工', '一线工人', '一线员工'],
    ['劳务派遣人员', '劳务派遣工', '派遣工', '派遣员工'],
    ['残疾职工', '残疾人', '残障人士'],
    ['户外劳动者', '户外作业人员', '户外工作者', '户外职工'],
    ['上级工会', '上一级工会'],
    ['带薪年休假', '年休假', '年假'],
    ['加班', '延长工作时间'],
    ['劳动争议', '劳动纠纷'],
    ['案件', '案子'],
    ['个人信息', '个人资料'],
    ['纸质', '纸本'],
    ['异地', '外地'],
    ['劳动仲裁', '劳动争议仲裁'],
    ['诉讼', '打官司', '起诉'],
    ['法律援助', '法援'],
    ['职工创新工作室', '创新工作室'],
    ['徒弟', '学徒'],
    // Time
    ['年底', '年末', '年终', '岁末'],
    ['明年', '来年', '下一年', '下年度'],
    ['年初', '年头'],
    ['春节', '过年', '农历新年'],
    ['上半年', '前半年'],
    ['下半年', '后半年'],
    ['周末', '双休日'],
    ['节假日', '法定节假日'],
    ['三八妇女节', '三八节', '妇女节'],
    ['五一劳动节', '劳动节', '五一节'],
    ['中秋节', '中秋'],
    ['端午节', '端午'],
    ['国庆节', '国庆'],
    ['重阳节', '重阳'],
  ],
  words: ['疗休养', '工会干部', '职工群众', '农民工', '夏送清凉', '冬送温暖', '春送岗位', '金秋助学'],
};

/**
 * A folder's glossary with the general vocabulary added: a general group sharing a term with one of
 * the folder's joins it (the folder's first term still names it), and the others follow the folder's.
 */
export function withGeneralVocabulary(glossary: Glossary): Glossary {
  if (glossary.general_vocabulary === false) return glossary;
  const groups = glossary.synonyms.map((g) => [...g]);
  for (const general of GENERAL_VOCABULARY.synonyms) {
    const joined = groups.find((g) => g.some((t) => general.includes(t)));
    if (joined) joined.push(...general.filter((t) => !joined.includes(t)));
    else groups.push([...general]);
  }
  const words = [...new Set([...glossary.words, ...GENERAL_VOCABULARY.words])];
  return { ...glossary, synonyms: groups, words };
}
