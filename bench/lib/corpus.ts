// A seeded generator of Chinese policy-like documents for the search benchmarks: the
// same seed gives the same corpus. Each document is a title, 文号, issuing body, date,
// topics, region, tags and a body of `第N条` articles of ~300–500 characters, so the
// passage splitter (packages/search) cuts it into about one passage per article.
import type { PolicyDocumentInput } from '@fieldschool/search';

export type Rng = () => number;

/** mulberry32: small, fast, good enough for test data. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const int = (r: Rng, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

type Topic = PolicyDocumentInput['topics'][number];

interface TopicVocab {
  subjects: string[];
  objects: string[];
  titles: string[];
  tags: string[];
  bodies: string[];
}

const VOCAB: Record<Topic, TopicVocab> = {
  healthcare: {
    subjects: ['城乡居民基本医疗保险', '医保基金', '家庭医生签约服务', '大病保险', '门诊慢特病待遇', '村卫生室', '乡镇卫生院', '医疗救助', '异地就医直接结算', '基本公共卫生服务', '新型农村合作医疗', '孕产妇健康管理', '包虫病防治', '健康扶贫'],
    objects: ['参保缴费', '报销比例', '起付标准', '封顶线', '定点医疗机构', '转诊备案', '个人账户', '住院费用', '药品目录', '慢性病患者', '脱贫人口', '特困人员', '参保人员', '医疗费用'],
    titles: ['城乡居民基本医疗保险报销实施办法', '做好城乡居民医保参保缴费工作的通知', '家庭医生签约服务管理办法', '大病保险实施细则', '医疗救助工作实施方案', '异地就医直接结算工作方案', '门诊慢特病管理办法'],
    tags: ['医保', '报销', '参保', '家庭医生', '大病保险', '医疗救助', '慢病'],
    bodies: ['白玉县医疗保障局', '白玉县卫生健康局', '甘孜州医疗保障局', '白玉县人民政府办公室'],
  },
  poverty_relief: {
    subjects: ['最低生活保障', '特困人员救助供养', '临时救助', '易地扶贫搬迁', '农村危房改造', '产业帮扶资金', '防止返贫动态监测', '残疾人两项补贴', '教育资助', '小额信贷', '公益性岗位', '以工代赈', '五保供养', '低保对象'],
    objects: ['申请条件', '审核审批', '保障标准', '动态管理', '入户调查', '民主评议', '公示', '资金发放', '监测对象', '帮扶措施', '家庭收入', '脱贫户', '边缘易致贫户', '就业补助'],
    titles: ['农村最低生活保障实施办法', '特困人员救助供养工作规程', '临时救助实施细则', '防止返贫动态监测和帮扶工作方案', '易地扶贫搬迁后续扶持意见', '农村危房改造补助资金管理办法', '残疾人两项补贴发放办法'],
    tags: ['低保', '救助', '帮扶', '搬迁', '危房改造', '返贫监测', '残补'],
    bodies: ['白玉县民政局', '白玉县乡村振兴局', '白玉县人民政府', '白玉县残疾人联合会', '白玉县财政局'],
  },
  agri_tech: {
    subjects: ['牦牛养殖', '青稞种植', '马铃薯晚疫病', '冬虫夏草采集', '温室大棚蔬菜', '藏香猪养殖', '饲草料基地', '动物疫病防控', '测土配方施肥', '农机购置补贴', '农民专业合作社', '高原特色农产品', '耕地地力保护', '良种推广'],
    objects: ['技术要点', '防治措施', '免疫程序', '播种时间', '田间管理', '补贴标准', '申报程序', '养殖规模', '出栏', '病虫害', '产量', '品种选择', '草场轮牧', '冷链仓储'],
    titles: ['牦牛冬春补饲技术规范', '青稞高产栽培技术要点', '马铃薯晚疫病综合防治方案', '冬虫夏草采集管理办法', '温室大棚蔬菜生产技术指南', '农机购置补贴实施方案', '动物疫病强制免疫计划'],
    tags: ['牦牛', '青稞', '马铃薯', '虫草', '大棚', '防疫', '合作社'],
    bodies: ['白玉县农牧农村和科技局', '甘孜州农业农村局', '白玉县畜牧站', '白玉县农业技术推广中心'],
  },
  law: {
    subjects: ['人民调解', '法律援助', '土地承包经营权', '宅基地管理', '草原承包', '农村集体经济组织', '村规民约', '民间纠纷', '普法宣传', '婚姻家庭纠纷', '劳动报酬争议', '农民工工资', '林权', '行政复议'],
    objects: ['申请', '受理范围', '调解程序', '权利义务', '登记颁证', '流转合同', '法律责任', '证据材料', '时效', '当事人', '调解协议', '仲裁', '诉讼', '执行'],
    titles: ['人民调解工作规定', '法律援助申请办事指南', '农村土地承包经营权流转管理办法', '宅基地审批管理办法', '草原承包经营权确权登记办法', '村规民约制定指引', '农民工工资支付保障办法'],
    tags: ['法援', '调解', '承包地', '宅基地', '普法', '纠纷'],
    bodies: ['白玉县司法局', '白玉县人民法院', '白玉县自然资源局', '白玉县人力资源和社会保障局'],
  },
  party_building: {
    subjects: ['基层党组织', '三会一课', '主题党日', '党员发展', '村级组织活动场所', '党员教育培训', '驻村第一书记', '党风廉政建设', '组织生活会', '党费收缴', '流动党员管理', '村党组织书记', '党务公开', '民主评议党员'],
    objects: ['工作制度', '考核办法', '学习教育', '台账', '责任清单', '督导检查', '组织程序', '发展对象', '积极分子', '谈心谈话', '问题整改', '规范化建设', '标准', '经费保障'],
    titles: ['村党组织标准化规范化建设实施方案', '三会一课制度实施细则', '党员发展工作规程', '驻村第一书记管理办法', '流动党员教育管理办法', '党员教育培训工作计划'],
    tags: ['党建', '党员', '三会一课', '第一书记', '组织生活'],
    bodies: ['中共白玉县委组织部', '中共白玉县委', '中共白玉县纪律检查委员会'],
  },
  other: {
    subjects: ['森林草原防火', '生态护林员', '农村人居环境整治', '饮水安全', '道路交通安全', '自然灾害救助', '地质灾害防治', '村级公益事业', '河长制', '垃圾分类', '安全生产', '防汛抗旱', '公共文化服务', '乡村旅游'],
    objects: ['实施方案', '职责分工', '应急预案', '巡查', '隐患排查', '资金补助', '宣传动员', '监督考核', '责任落实', '信息报送', '物资储备', '培训演练', '工作要求', '保障措施'],
    titles: ['森林草原防灭火工作方案', '生态护林员管理办法', '农村人居环境整治实施方案', '农村饮水安全工程管理办法', '自然灾害救助应急预案', '地质灾害防治工作方案'],
    tags: ['防火', '护林员', '人居环境', '饮水', '防汛', '应急'],
    bodies: ['白玉县人民政府办公室', '白玉县应急管理局', '白玉县林业和草原局', '白玉县水利局'],
  },
};

const TOPICS = Object.keys(VOCAB) as Topic[];
const REGIONS = ['白玉县', '建设镇', '河坡乡', '盖玉镇', '山岩乡', '麻绒乡', '热加乡', '赠科乡', '阿察镇', '纳塔乡', '甘孜州'];
const VERBS = ['切实加强', '认真落实', '进一步规范', '严格执行', '全面推进', '统筹做好', '扎实开展', '稳步提高', '依法保障', '及时办理'];
const CONNECTORS = ['按照', '根据', '对于', '凡属', '经审核符合', '对已纳入', '针对'];
const ENDINGS = ['的，由乡（镇）人民政府负责审核', '的，应当在规定时限内办结', '的，按有关规定给予补助', '的，不得擅自变更', '的，由县级主管部门统一组织实施', '的，实行动态调整', '的，应当建立工作台账', '的，应当向社会公示不少于7天'];
const CLAUSES = [
  '各乡（镇）要明确专人负责，加强业务培训，确保政策落实到户到人。',
  '相关部门应当加强协作配合，建立信息共享机制，做到应保尽保、应助尽助。',
  '资金实行专账管理、专款专用，任何单位和个人不得截留、挤占、挪用。',
  '对弄虚作假、骗取补助资金的，依法依规追回资金并追究相关责任。',
  '村（居）民委员会应当协助做好宣传、调查、公示等工作。',
  '本办法执行中的具体问题由县级主管部门负责解释。',
  '群众可通过12345热线、乡镇便民服务中心或村委会咨询办理。',
  '年度结束后，县级主管部门应当对实施情况进行评估，并向县人民政府报告。',
];
const NUMS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五', '十六', '十七', '十八', '十九', '二十', '二十一', '二十二', '二十三', '二十四', '二十五'];

// A few simplified → traditional pairs, enough that some documents are "written" in
// traditional script the way a scanned Hong Kong/Taiwan reference would be.
const TRAD: Record<string, string> = {
  医: '醫', 疗: '療', 险: '險', 乡: '鄉', 镇: '鎮', 贫: '貧', 划: '劃', 营: '營', 报: '報', 销: '銷', 养: '養', 农: '農',
  业: '業', 员: '員', 组: '組', 织: '織', 县: '縣', 务: '務', 应: '應', 当: '當', 办: '辦', 规: '規', 发: '發', 门: '門',
  关: '關', 于: '於', 实: '實', 施: '施', 资: '資', 补: '補', 贴: '貼', 请: '請', 审: '審', 核: '核', 会: '會', 书: '書',
};
const toTraditional = (s: string) => s.replace(/./gu, (c) => TRAD[c] ?? c);

function sentence(r: Rng, v: TopicVocab): string {
  const a = pick(r, v.subjects);
  const b = pick(r, v.objects);
  switch (int(r, 0, 4)) {
    case 0:
      return `${pick(r, CONNECTORS)}${a}${b}${pick(r, ENDINGS)}。`;
    case 1:
      return `${pick(r, VERBS)}${a}工作，${pick(r, VERBS)}${b}，每年${int(r, 1, 12)}月底前完成${pick(r, v.objects)}。`;
    case 2:
      return `${a}${b}标准为每人每月${int(r, 2, 9)}${int(r, 0, 9)}0元，所需资金由县级财政和上级补助资金共同承担。`;
    case 3:
      return `申请${a}的，应当提交户口簿、身份证及${b}等材料，经村委会初审后报乡（镇）人民政府。`;
    default:
      return pick(r, CLAUSES);
  }
}

/** One article of ~300–500 characters. */
function article(r: Rng, v: TopicVocab, n: number): string {
  const target = int(r, 290, 440);
  let text = `第${NUMS[n] ?? String(n + 1)}条 `;
  while (text.length < target) text += sentence(r, v);
  return text;
}

export interface GeneratedDocument extends PolicyDocumentInput {}

/** The `i`-th document of the corpus with `seed`; ~`articles` passages each. */
export function generateDocument(seed: number, i: number, articles = 20): GeneratedDocument {
  const r = rng(seed * 1_000_003 + i);
  const topic = TOPICS[i % TOPICS.length]!;
  const second = r() < 0.15 ? pick(r, TOPICS.filter((t) => t !== topic)) : undefined;
  const v = VOCAB[topic];
  const year = int(r, 2008, 2025);
  const month = String(int(r, 1, 12)).padStart(2, '0');
  const day = String(int(r, 1, 28)).padStart(2, '0');
  const body = pick(r, v.bodies);
  const region = pick(r, REGIONS);
  const traditional = r() < 0.05;
  let title = `${region === '甘孜州' ? '甘孜州' : '白玉县'}${pick(r, ['', `${year}年`, '关于印发'])}${pick(r, v.titles)}`;
  if (title.includes('关于印发')) title += '的通知';
  const parts = [title, `${body.slice(0, 2)}发〔${year}〕${int(r, 1, 120)}号`, ''];
  for (let n = 0; n < articles; n += 1) parts.push(article(r, v, n));
  const text = parts.join('\n');
  const roll = r();
  return {
    // UUID-shaped, like the api's document ids (the search reply schema says uuid).
    id: `b${(seed % 0xfffffff).toString(16).padStart(7, '0')}-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
    title: traditional ? toTraditional(title) : title,
    docNumber: `白${pick(r, ['府发', '府办发', '医保发', '民发', '农发'])}〔${year}〕${int(r, 1, 120)}号`,
    issuingBody: body,
    issuedOn: `${year}-${month}-${day}`,
    validity: roll < 0.75 ? 'valid' : roll < 0.9 ? 'revised' : 'repealed',
    topics: second ? [topic, second] : [topic],
    region,
    tags: [pick(r, v.tags), pick(r, v.tags)].filter((t, k, all) => all.indexOf(t) === k),
    summary: `${pick(r, v.subjects)}${pick(r, v.objects)}的有关规定。`,
    published: r() < 0.9,
    text: traditional ? toTraditional(text) : text,
  };
}
