import type { Language } from '../registry/vocabulary.js';

/**
 * Every fact a rule pack may test, with its type, unit and labels. Packs naming anything else
 * are refused at load, and the report form shows exactly these fields.
 */
export type FactType = 'number' | 'boolean' | 'string';

interface FactDefinition {
  type: FactType;
  unit?: string;
  label: Record<Language, string>;
}

const fact = (type: FactType, zh: string, en: string, unit?: string): FactDefinition => ({
  type,
  unit,
  label: { 'zh-CN': zh, en },
});

export const FACTS = {
  'org.country': fact('string', '所在国家', 'Country'),
  'org.sector': fact('string', '行业', 'Sector'),
  'org.region': fact('string', '地区', 'Region'),
  'org.kind': fact('string', '单位类型', 'Kind of organisation'),
  'org.cii': fact('boolean', '关键信息基础设施运营者', 'CII operator'),
  'org.stateOrgan': fact(
    'boolean',
    '中央和国家机关及其直属单位',
    'Central or state organ, or a unit under one',
  ),
  'org.entityClass': fact(
    'string',
    '监管类别（如 NIS2 基本/重要实体）',
    'Regulatory class (e.g. NIS2 essential/important entity)',
  ),
  'org.financialEntity': fact('boolean', '金融机构（DORA）', 'Financial entity (DORA)'),
  'org.productManufacturer': fact(
    'boolean',
    '数字产品制造商（CRA）',
    'Manufacturer of products with digital elements (CRA)',
  ),
  'org.usRegistrant': fact('boolean', '美国证券发行人（SEC）', 'US SEC registrant'),
  'org.usCriticalInfrastructure': fact(
    'boolean',
    '美国关键基础设施实体（CIRCIA）',
    'US critical infrastructure entity (CIRCIA)',
  ),
  'org.personalInformationHandler': fact(
    'boolean',
    '个人信息处理者',
    'Personal information handler / controller',
  ),
  'org.dataHandler': fact('boolean', '数据处理者', 'Data handler'),

  'incident.ransomware': fact('boolean', '勒索软件事件', 'Ransomware'),
  'incident.crimeSuspected': fact('boolean', '涉嫌违法犯罪', 'Crime suspected'),
  'incident.maliciousSuspected': fact('boolean', '疑似恶意行为', 'Suspected malicious act'),
  'incident.crossBorder': fact('boolean', '跨境影响', 'Cross-border impact'),
  'incident.personalDataBreach': fact(
    'boolean',
    '个人信息泄露、篡改或丢失',
    'Personal data breach',
  ),
  'incident.highRiskToIndividuals': fact(
    'boolean',
    '对个人权益造成高风险',
    'High risk to individuals',
  ),
  'incident.dataSecurityIncident': fact('boolean', '数据安全事件', 'Data security incident'),
  'incident.significant': fact(
    'boolean',
    '重大影响事件（NIS2 第23条）',
    'Significant incident (NIS2 Art. 23)',
  ),
  'incident.majorIctIncident': fact(
    'boolean',
    '重大信息通信技术事件（DORA）',
    'Major ICT-related incident (DORA)',
  ),
  'incident.activelyExploitedVulnerability': fact(
    'boolean',
    '被积极利用的漏洞（CRA）',
    'Actively exploited vulnerability (CRA)',
  ),
  'incident.severeIncident': fact(
    'boolean',
    '严重安全事件（CRA）',
    'Severe incident affecting product security (CRA)',
  ),
  'incident.covered': fact(
    'boolean',
    '涵盖的网络事件（CIRCIA）',
    'Covered cyber incident (CIRCIA)',
  ),
  'incident.ransomPaid': fact('boolean', '已支付赎金', 'Ransom paid'),
  'incident.material': fact('boolean', '已认定为重大（SEC 8-K）', 'Determined material (SEC 8-K)'),
  'incident.lossOfBusinessCapability': fact(
    'boolean',
    '重要网络和信息系统丧失业务处理能力',
    'Important system lost its capability to process business',
  ),
  'incident.partialParalysis': fact(
    'boolean',
    '重要网络和信息系统长时间中断或局部瘫痪',
    'Important system interrupted for long or partly paralysed',
  ),
  'incident.interruption': fact(
    'boolean',
    '重要网络和信息系统中断，业务处理效率明显受影响',
    'Important system interrupted, efficiency clearly affected',
  ),
  'incident.coreDataThreat': fact(
    'string',
    '核心或重要数据泄露、被窃取或篡改的威胁程度',
    'Threat from core or important data leaked, stolen or tampered',
  ),

  'impact.personalRecordsLeaked': fact(
    'number',
    '泄露公民个人信息（条）',
    'Personal-information records leaked',
    'records',
  ),
  'impact.directLossCny': fact('number', '直接经济损失（元）', 'Direct economic loss (CNY)', 'CNY'),
  'impact.lossEur': fact('number', '经济损失（欧元）', 'Financial loss (EUR)', 'EUR'),
  'impact.ciiOutageHours': fact(
    'number',
    '关键信息基础设施整体中断时长（小时）',
    'CII whole outage (hours)',
    'h',
  ),
  'impact.ciiMainFunctionOutageHours': fact(
    'number',
    '关键信息基础设施主要功能中断时长（小时）',
    'CII main-function outage (hours)',
    'h',
  ),
  'impact.provincialPortalOutageHours': fact(
    'number',
    '省级以上党政机关门户或中央重点新闻网站无法访问（小时）',
    'Provincial+ government portal or central key news site down (hours)',
    'h',
  ),
  'impact.prefecturalPortalOutageHours': fact(
    'number',
    '地市级以上党政机关门户或重点新闻网站无法访问（小时）',
    'Prefectural+ government portal or key news site down (hours)',
    'h',
  ),
  'impact.provincePopulationShare': fact(
    'number',
    '受影响人口占一个或多个省份人口比例',
    'Share of one or more provinces’ population affected',
    'ratio',
  ),
  'impact.prefecturePopulationShare': fact(
    'number',
    '受影响人口占一个地市人口比例',
    'Share of a prefecture’s population affected',
    'ratio',
  ),
  'impact.peopleAffected': fact(
    'number',
    '生产生活受影响人数',
    'People whose daily life is affected',
    'people',
  ),
  'impact.defacementHomepageHours': fact(
    'number',
    '首页被篡改传播违法信息时长（小时）',
    'Homepage defaced with illegal content (hours)',
    'h',
  ),
  'impact.defacementOtherPageHours': fact(
    'number',
    '其他页面被篡改传播违法信息时长（小时）',
    'Other page defaced with illegal content (hours)',
    'h',
  ),
  'impact.defacementReposts': fact(
    'number',
    '违法信息转发量',
    'Reposts of the illegal content',
    'reposts',
  ),
  'impact.defacementViews': fact(
    'number',
    '违法信息浏览量',
    'Views of the illegal content',
    'views',
  ),

  'incident.personalDataBreachPossible': fact(
    'boolean',
    '可能发生个人信息泄露、篡改或丢失',
    'Personal information may have been leaked, tampered with or lost',
  ),
  'incident.harmEffectivelyAvoided': fact(
    'boolean',
    '已采取的措施能够有效避免危害（如加密）',
    'Measures taken effectively avoid the harm (e.g. encryption)',
  ),
  'incident.individualNoticeRequired': fact(
    'boolean',
    '主管部门要求通知个人',
    'The authority requires the individuals to be notified',
  ),
  'incident.securityDefect': fact(
    'boolean',
    '网络产品、服务存在安全缺陷或漏洞',
    'Security defect or vulnerability in a network product or service',
  ),
  'incident.endangersNationalSecurity': fact(
    'boolean',
    '危害国家安全或公共利益',
    'Endangers national security or the public interest',
  ),
  'org.trustServiceProvider': fact(
    'boolean',
    '信任服务提供者（NIS2）',
    'Trust service provider (NIS2)',
  ),
  'org.nis2DigitalProvider': fact(
    'boolean',
    'NIS2 实施条例 2024/2690 所列数字服务提供者',
    'Digital provider under NIS2 IR 2024/2690 (DNS, TLD, cloud, data centre, CDN, managed (security) services, marketplace, search, social network, trust services)',
  ),
  'impact.lossShareOfTurnover': fact(
    'number',
    '经济损失占上一财年营业额比例',
    'Financial loss as a share of the previous year’s turnover',
    'ratio',
  ),
  'incident.ongoing': fact('boolean', '事件仍在处置中', 'Incident still being handled'),
  'incident.serviceRecipientsAffected': fact(
    'boolean',
    '可能对服务接收方造成不利影响',
    'Likely to adversely affect the recipients of the services',
  ),
  'org.gdprTerritorialScope': fact(
    'boolean',
    '属于 GDPR 地域适用范围（第3条）',
    'Within the GDPR’s territorial scope (Art. 3)',
  ),
  'incident.riskToIndividualsUnlikely': fact(
    'boolean',
    '不太可能对个人权利和自由造成风险',
    'Unlikely to result in a risk to individuals’ rights and freedoms',
  ),
  'incident.criticalServicesAffected': fact(
    'boolean',
    '影响关键服务（DORA）',
    'Critical services affected (DORA)',
  ),
  'incident.maliciousAccessDataLoss': fact(
    'boolean',
    '恶意未授权访问成功，可能导致数据损失（DORA）',
    'Successful malicious unauthorised access that may cause data losses (DORA)',
  ),
  'incident.reputationalImpact': fact(
    'boolean',
    '造成声誉影响（DORA）',
    'Reputational impact (DORA)',
  ),
  'incident.dataLoss': fact(
    'boolean',
    '数据可用性、真实性、完整性或保密性受影响（DORA）',
    'Availability, authenticity, integrity or confidentiality of data affected (DORA)',
  ),
  'impact.clientsAffected': fact('number', '受影响客户数', 'Clients affected', 'clients'),
  'impact.clientsAffectedShare': fact(
    'number',
    '受影响客户占该服务全部客户比例',
    'Share of the affected service’s clients affected',
    'ratio',
  ),
  'impact.counterpartiesAffectedShare': fact(
    'number',
    '受影响金融交易对手占比',
    'Share of financial counterparts affected',
    'ratio',
  ),
  'impact.transactionsAffectedShare': fact(
    'number',
    '受影响交易占日均交易（笔数或金额）比例',
    'Share of daily average transactions affected (number or value)',
    'ratio',
  ),
  'impact.durationHours': fact('number', '事件持续时长（小时）', 'Incident duration (hours)', 'h'),
  'impact.serviceDowntimeHours': fact(
    'number',
    '关键服务停机时长（小时）',
    'Critical service downtime (hours)',
    'h',
  ),
  'impact.memberStatesAffected': fact(
    'number',
    '受影响的欧盟成员国数量',
    'EU Member States affected',
    'states',
  ),
} as const satisfies Record<string, FactDefinition>;

export type FactName = keyof typeof FACTS;
export const FACT_NAMES = Object.keys(FACTS) as FactName[];

/** The facts of one incident, as the engine reads them: flat, by fact name. Missing means unknown. */
export type Facts = Partial<Record<FactName, string | number | boolean | null>>;

/**
 * Why each fact in `facts` is unacceptable: unknown names and values of the wrong type.
 * @example checkFacts({ 'impact.moon': 1 }) // [{ field: '/facts/impact.moon', reason: 'is not a fact any rule pack knows' }]
 */
export function checkFacts(
  facts: Record<string, unknown>,
  at = '/facts',
): { field: string; reason: string }[] {
  const errors: { field: string; reason: string }[] = [];
  for (const [name, value] of Object.entries(facts)) {
    const definition = (FACTS as Record<string, FactDefinition | undefined>)[name];
    if (!definition)
      errors.push({ field: `${at}/${name}`, reason: 'is not a fact any rule pack knows' });
    else if (value !== null && typeof value !== definition.type)
      errors.push({ field: `${at}/${name}`, reason: `must be a ${definition.type}` });
  }
  return errors;
}
