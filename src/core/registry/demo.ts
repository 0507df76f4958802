/**
 * A generated demo constituency: the national centre, provincial and sector authorities, a
 * partner CERT and about 200 fictional operators with contacts, networks and assets. The same
 * seed always gives the same data. Every address, ASN and domain comes from space reserved for
 * documentation or private use (RFC 1918, 5737, 3849, 5398, 6996, 2606), so the demo can never
 * point at somebody's real network. Pure: no I/O.
 */
import type {
  AssetInput,
  ContactInput,
  ImportKind,
  NetworkInput,
  OrganisationInput,
} from '../../contract/registry.js';
import {
  checkImportRecord,
  type AssetImportValue,
  type ContactImportValue,
  type ImportValues,
  type NetworkImportValue,
  type OrgImportValue,
} from './import-rows.js';
import {
  CN_REGIONS,
  SECTOR_CODES,
  type Language,
  type Sector,
  type UserRole,
} from './vocabulary.js';
import { seededRandom } from '../random.js';

/** A demo login: one per role, attached to an organisation by external id. */
export interface DemoUserSpec {
  username: string;
  displayName: string;
  role: UserRole;
  orgExternalId: string;
}

/** The demo data, in the value shapes `parseImportFile` produces; parents come before children. */
export interface DemoConstituency {
  organisations: OrgImportValue[];
  contacts: ContactImportValue[];
  networks: NetworkImportValue[];
  assets: AssetImportValue[];
  users: DemoUserSpec[];
}

const CENTRE = 'cn-ncc';
const PARTNER = 'partner-shcert';
const OPERATOR_COUNT = 200;
/** Of operators in a sector that has a regulator; with half the sectors regulated, about 20% overall. */
const CII_SHARE = 0.4;
const LEGAL_BASIS = '《关键信息基础设施安全保护条例》第九条';

const PROVINCES = [
  { code: 'CN-BJ', slug: 'bj', zh: '北京', en: 'Beijing', municipality: true, areaCode: '10' },
  { code: 'CN-SH', slug: 'sh', zh: '上海', en: 'Shanghai', municipality: true, areaCode: '21' },
  { code: 'CN-GD', slug: 'gd', zh: '广东', en: 'Guangdong', municipality: false, areaCode: '20' },
  { code: 'CN-ZJ', slug: 'zj', zh: '浙江', en: 'Zhejiang', municipality: false, areaCode: '571' },
  { code: 'CN-JS', slug: 'js', zh: '江苏', en: 'Jiangsu', municipality: false, areaCode: '25' },
  { code: 'CN-SC', slug: 'sc', zh: '四川', en: 'Sichuan', municipality: false, areaCode: '28' },
] as const;
type Province = (typeof PROVINCES)[number];

const REGULATORS: { sector: Sector; zh: string; en: string }[] = [
  { sector: 'finance', zh: '中国人民银行', en: "People's Bank of China" },
  { sector: 'energy', zh: '国家能源局', en: 'National Energy Administration' },
  {
    sector: 'telecom_internet',
    zh: '工业和信息化部',
    en: 'Ministry of Industry and Information Technology',
  },
  { sector: 'transport', zh: '交通运输部', en: 'Ministry of Transport' },
  { sector: 'health', zh: '国家卫生健康委员会', en: 'National Health Commission' },
];

/** Invented trade names, each with its pinyin. */
const BRANDS = [
  ['星河', 'Xinghe'],
  ['华辰', 'Huachen'],
  ['瑞丰', 'Ruifeng'],
  ['恒信', 'Hengxin'],
  ['天衡', 'Tianheng'],
  ['蓝海', 'Lanhai'],
  ['博远', 'Boyuan'],
  ['金桥', 'Jinqiao'],
  ['云帆', 'Yunfan'],
  ['中和', 'Zhonghe'],
  ['鼎盛', 'Dingsheng'],
  ['启明', 'Qiming'],
  ['宏达', 'Hongda'],
  ['安泰', 'Antai'],
  ['新元', 'Xinyuan'],
  ['东岳', 'Dongyue'],
  ['锦程', 'Jincheng'],
  ['远航', 'Yuanhang'],
  ['明德', 'Mingde'],
  ['清源', 'Qingyuan'],
  ['海润', 'Hairun'],
  ['长风', 'Changfeng'],
  ['嘉禾', 'Jiahe'],
  ['万通', 'Wantong'],
  ['正阳', 'Zhengyang'],
  ['青松', 'Qingsong'],
  ['和光', 'Heguang'],
  ['九章', 'Jiuzhang'],
  ['朗月', 'Langyue'],
  ['雪峰', 'Xuefeng'],
] as const;

/** Lines of business per sector: Chinese, English, and the word used in the domain. */
const LINES: Record<Sector, [string, string, string][]> = {
  energy: [
    ['电力', 'Power', 'power'],
    ['燃气', 'Gas', 'gas'],
    ['新能源', 'New Energy', 'newenergy'],
    ['热力', 'Heating', 'heat'],
  ],
  finance: [
    ['银行', 'Bank', 'bank'],
    ['证券', 'Securities', 'securities'],
    ['保险', 'Insurance', 'insurance'],
    ['支付', 'Payment', 'pay'],
  ],
  transport: [
    ['轨道交通', 'Rail Transit', 'rail'],
    ['航空', 'Airlines', 'air'],
    ['港务', 'Port', 'port'],
    ['物流', 'Logistics', 'logistics'],
  ],
  water: [
    ['水务', 'Water', 'water'],
    ['供排水', 'Water Supply and Drainage', 'watersupply'],
  ],
  health: [
    ['医疗科技', 'Medical Technology', 'medtech'],
    ['健康医疗', 'Healthcare', 'healthcare'],
    ['医药', 'Pharmaceutical', 'pharma'],
  ],
  telecom_internet: [
    ['网络科技', 'Network Technology', 'net'],
    ['云计算', 'Cloud Computing', 'cloud'],
    ['通信', 'Communications', 'telecom'],
    ['数据科技', 'Data Technology', 'data'],
  ],
  public_services: [
    ['城市服务', 'City Services', 'city'],
    ['广播电视', 'Broadcasting', 'broadcast'],
    ['公共交通', 'Public Transport', 'bus'],
  ],
  e_government: [
    ['政务云', 'Government Cloud', 'govcloud'],
    ['数字政务', 'Digital Government', 'egov'],
    ['大数据', 'Big Data', 'bigdata'],
  ],
  defence_industry: [
    ['精密机械', 'Precision Machinery', 'precision'],
    ['航天科技', 'Aerospace Technology', 'aerospace'],
    ['电子', 'Electronics', 'electronics'],
  ],
  other: [
    ['信息技术', 'Information Technology', 'it'],
    ['传媒', 'Media', 'media'],
    ['零售', 'Retail', 'retail'],
  ],
};

const SURNAMES = [
  ['王', 'Wang'],
  ['李', 'Li'],
  ['张', 'Zhang'],
  ['刘', 'Liu'],
  ['陈', 'Chen'],
  ['杨', 'Yang'],
  ['黄', 'Huang'],
  ['赵', 'Zhao'],
  ['吴', 'Wu'],
  ['周', 'Zhou'],
  ['徐', 'Xu'],
  ['孙', 'Sun'],
  ['马', 'Ma'],
  ['朱', 'Zhu'],
  ['胡', 'Hu'],
  ['林', 'Lin'],
] as const;
const GIVEN_NAMES = [
  ['伟', 'Wei'],
  ['芳', 'Fang'],
  ['敏', 'Min'],
  ['静', 'Jing'],
  ['磊', 'Lei'],
  ['洋', 'Yang'],
  ['勇', 'Yong'],
  ['杰', 'Jie'],
  ['婷', 'Ting'],
  ['涛', 'Tao'],
  ['明', 'Ming'],
  ['超', 'Chao'],
  ['秀英', 'Xiuying'],
  ['建华', 'Jianhua'],
  ['志强', 'Zhiqiang'],
  ['晓东', 'Xiaodong'],
  ['海燕', 'Haiyan'],
  ['文博', 'Wenbo'],
] as const;

/** Information systems: Chinese name, English name, whether reachable from the internet. */
type SystemSpec = [string, string, boolean];
const SECTOR_SYSTEMS: Record<Sector, SystemSpec[]> = {
  energy: [
    ['电力调度自动化系统', 'Power dispatch automation system', false],
    ['用电信息采集系统', 'Electricity metering data system', false],
  ],
  finance: [
    ['核心业务系统', 'Core banking system', false],
    ['网上银行系统', 'Online banking system', true],
    ['支付清算系统', 'Payment clearing system', false],
  ],
  transport: [
    ['票务系统', 'Ticketing system', true],
    ['运行调度系统', 'Operations dispatch system', false],
  ],
  water: [['供水调度系统', 'Water supply dispatch system', false]],
  health: [
    ['医院信息系统', 'Hospital information system', false],
    ['互联网诊疗平台', 'Online consultation platform', true],
  ],
  telecom_internet: [
    ['用户认证系统', 'Subscriber authentication system', false],
    ['云管理平台', 'Cloud management platform', true],
  ],
  public_services: [['城市一卡通系统', 'City card system', true]],
  e_government: [
    ['政务服务平台', 'Government services portal', true],
    ['统一身份认证平台', 'Single sign-on platform', true],
  ],
  defence_industry: [['研发设计系统', 'R&D design system', false]],
  other: [['电子商务平台', 'E-commerce platform', true]],
};
const COMMON_SYSTEMS: SystemSpec[] = [
  ['门户网站', 'Corporate website', true],
  ['办公自动化系统', 'Office automation system', false],
  ['电子邮件系统', 'E-mail system', true],
];

/** Real products in versions with well-known advisories, so matching has something to find. */
interface ProductSpec {
  vendor: string;
  product: string;
  version: string;
  cpe: string | null;
  purl: string | null;
  internetFacing: boolean;
}
const PRODUCTS: ProductSpec[] = [
  {
    vendor: 'Apache',
    product: 'Log4j',
    version: '2.14.1',
    cpe: 'cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*',
    purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
    internetFacing: false,
  },
  {
    vendor: 'Apache',
    product: 'Struts',
    version: '2.5.30',
    cpe: 'cpe:2.3:a:apache:struts:2.5.30:*:*:*:*:*:*:*',
    purl: 'pkg:maven/org.apache.struts/struts2-core@2.5.30',
    internetFacing: true,
  },
  {
    vendor: 'Apache',
    product: 'Tomcat',
    version: '9.0.62',
    cpe: 'cpe:2.3:a:apache:tomcat:9.0.62:*:*:*:*:*:*:*',
    purl: 'pkg:maven/org.apache.tomcat/tomcat-catalina@9.0.62',
    internetFacing: true,
  },
  {
    vendor: 'Apache',
    product: 'HTTP Server',
    version: '2.4.49',
    cpe: 'cpe:2.3:a:apache:http_server:2.4.49:*:*:*:*:*:*:*',
    purl: null,
    internetFacing: true,
  },
  {
    vendor: 'F5',
    product: 'nginx',
    version: '1.20.1',
    cpe: 'cpe:2.3:a:f5:nginx:1.20.1:*:*:*:*:*:*:*',
    purl: null,
    internetFacing: true,
  },
  {
    vendor: 'OpenSSL',
    product: 'OpenSSL',
    version: '3.0.6',
    cpe: 'cpe:2.3:a:openssl:openssl:3.0.6:*:*:*:*:*:*:*',
    purl: 'pkg:generic/openssl@3.0.6',
    internetFacing: false,
  },
  {
    vendor: 'Fortinet',
    product: 'FortiOS',
    version: '7.2.4',
    cpe: 'cpe:2.3:o:fortinet:fortios:7.2.4:*:*:*:*:*:*:*',
    purl: null,
    internetFacing: true,
  },
  {
    vendor: 'Microsoft',
    product: 'Exchange Server',
    version: '2019 CU12',
    cpe: 'cpe:2.3:a:microsoft:exchange_server:2019:cumulative_update_12:*:*:*:*:*:*',
    purl: null,
    internetFacing: true,
  },
  {
    vendor: 'Ivanti',
    product: 'Connect Secure',
    version: '22.3R1',
    cpe: 'cpe:2.3:a:ivanti:connect_secure:22.3:r1:*:*:*:*:*:*',
    purl: null,
    internetFacing: true,
  },
  {
    vendor: 'Atlassian',
    product: 'Confluence Server',
    version: '7.13.6',
    cpe: 'cpe:2.3:a:atlassian:confluence_server:7.13.6:*:*:*:*:*:*:*',
    purl: null,
    internetFacing: true,
  },
  {
    vendor: 'VMware',
    product: 'vCenter Server',
    version: '7.0 U3',
    cpe: 'cpe:2.3:a:vmware:vcenter_server:7.0:update3:*:*:*:*:*:*',
    purl: null,
    internetFacing: false,
  },
  {
    vendor: 'VMware',
    product: 'Spring Framework',
    version: '5.3.17',
    cpe: 'cpe:2.3:a:vmware:spring_framework:5.3.17:*:*:*:*:*:*:*',
    purl: 'pkg:maven/org.springframework/spring-beans@5.3.17',
    internetFacing: false,
  },
  {
    vendor: 'Oracle',
    product: 'WebLogic Server',
    version: '12.2.1.4.0',
    cpe: 'cpe:2.3:a:oracle:weblogic_server:12.2.1.4.0:*:*:*:*:*:*:*',
    purl: null,
    internetFacing: true,
  },
  {
    vendor: 'Cisco',
    product: 'IOS XE',
    version: '17.9.3',
    cpe: 'cpe:2.3:o:cisco:ios_xe:17.9.3:*:*:*:*:*:*:*',
    purl: null,
    internetFacing: true,
  },
  {
    vendor: 'Alibaba',
    product: 'fastjson',
    version: '1.2.80',
    cpe: 'cpe:2.3:a:alibaba:fastjson:1.2.80:*:*:*:*:*:*:*',
    purl: 'pkg:maven/com.alibaba/fastjson@1.2.80',
    internetFacing: false,
  },
  {
    vendor: 'Redis',
    product: 'Redis',
    version: '6.2.6',
    cpe: 'cpe:2.3:a:redis:redis:6.2.6:*:*:*:*:*:*:*',
    purl: null,
    internetFacing: false,
  },
  {
    vendor: 'jQuery',
    product: 'jQuery',
    version: '3.4.1',
    cpe: 'cpe:2.3:a:jquery:jquery:3.4.1:*:*:*:*:*:*:*',
    purl: 'pkg:npm/jquery@3.4.1',
    internetFacing: true,
  },
  {
    vendor: 'lodash',
    product: 'lodash',
    version: '4.17.20',
    cpe: null,
    purl: 'pkg:npm/lodash@4.17.20',
    internetFacing: false,
  },
];

/** Non-overlapping IPv4 blocks: RFC 1918 private space and the three RFC 5737 documentation /24s. */
const IPV4_POOLS: { size: number; block: (n: number) => string }[] = [
  { size: 255, block: (n) => `10.${n + 1}.0.0/16` },
  { size: 256, block: (n) => `172.${16 + (n >> 4)}.${(n & 15) << 4}.0/20` },
  { size: 256, block: (n) => `192.168.${n}.0/24` },
  {
    size: 24,
    block: (n) => `${['192.0.2', '198.51.100', '203.0.113'][n >> 3]}.${(n & 7) << 5}/27`,
  },
];

/** ASNs for documentation (RFC 5398: 64496-64511, 65536-65551), then 32-bit private use (RFC 6996). */
function demoAsn(n: number): number {
  if (n < 16) return 64496 + n;
  if (n < 32) return 65536 + n - 16;
  return 4200000000 + n - 32;
}

const NOTES = {
  domain: ['主域名', 'Main domain'],
  ipv4: ['数据中心网段', 'Data centre range'],
  ipv6: ['IPv6 业务网段', 'IPv6 service range'],
  asn: ['自治系统', 'Autonomous system'],
} as const;

/** Seeded choices, so the demo is identical on every run. */
class Random {
  readonly float: () => number;

  constructor(seed: number) {
    this.float = seededRandom(seed);
  }

  /** An integer from min to max, both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)]!;
  }

  chance(probability: number): boolean {
    return this.float() < probability;
  }

  shuffled<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy;
  }
}

/** Runs generated records through the import checks, so the demo has exactly the shapes a file would. */
function validRecord<K extends ImportKind>(kind: K, record: object): ImportValues[K] {
  const { value, errors } = checkImportRecord(kind, record);
  // Generated data that fails the checks is a bug in this file, not something to load.
  if (errors.length > 0) {
    throw new Error(
      `invalid demo ${kind} record ${JSON.stringify(record)}: ${JSON.stringify(errors)}`,
    );
  }
  return value;
}

type OrgRecord = OrganisationInput & { parentExternalId: string | null };
type Owned<T> = T & { orgExternalId: string };

/** Generates the demo constituency; the same seed gives the same data. */
export function generateDemoConstituency(seed = 20261128): DemoConstituency {
  const random = new Random(seed);
  const demo: DemoConstituency = {
    organisations: [],
    contacts: [],
    networks: [],
    assets: [],
    users: [],
  };
  const org = (record: OrgRecord) => demo.organisations.push(validRecord('orgs', record));
  const contact = (record: Owned<ContactInput>) =>
    demo.contacts.push(validRecord('contacts', record));
  const network = (record: Owned<NetworkInput>) =>
    demo.networks.push(validRecord('networks', record));
  const asset = (record: Owned<AssetInput>) => demo.assets.push(validRecord('assets', record));
  const dutyDesk = (orgExternalId: string, language: Language) =>
    contact({
      orgExternalId,
      externalId: `${orgExternalId}-duty`,
      name: language === 'en' ? 'Duty desk' : '值班室',
      email: `duty@${orgExternalId}.example`,
      role: 'duty_desk',
      language,
      preferences: { channels: ['inbox', 'email'], digest: 'immediate', digestHour: 9 },
    });

  org({
    externalId: CENTRE,
    parentExternalId: null,
    kind: 'coordinator',
    nameZh: '国家网络安全应急协调中心',
    nameEn: 'National Cyberspace Incident Coordination Centre',
    region: 'CN-BJ',
    country: 'CN',
  });
  dutyDesk(CENTRE, 'zh-CN');

  for (const province of PROVINCES) {
    const full = CN_REGIONS[province.code]['zh-CN'];
    org({
      externalId: `cac-${province.slug}`,
      parentExternalId: CENTRE,
      kind: 'authority',
      nameZh: `${full}互联网信息办公室`,
      nameEn: `${province.en} Cyberspace Administration`,
      region: province.code,
      country: 'CN',
      remit: { sectors: [], regions: [province.code], functions: ['cyberspace_office'] },
    });
    org({
      externalId: `psb-${province.slug}`,
      parentExternalId: CENTRE,
      kind: 'authority',
      nameZh: `${full}${province.municipality ? '公安局' : '公安厅'}网络安全保卫总队`,
      nameEn: province.municipality
        ? `${province.en} Municipal Public Security Bureau, Cybersecurity Division`
        : `${province.en} Provincial Public Security Department, Cybersecurity Division`,
      region: province.code,
      country: 'CN',
      remit: { sectors: [], regions: [province.code], functions: ['public_security'] },
    });
    dutyDesk(`cac-${province.slug}`, 'zh-CN');
    dutyDesk(`psb-${province.slug}`, 'zh-CN');
  }

  for (const regulator of REGULATORS) {
    const externalId = `reg-${regulator.sector.replace('_', '-')}`;
    org({
      externalId,
      parentExternalId: CENTRE,
      kind: 'authority',
      nameZh: regulator.zh,
      nameEn: regulator.en,
      sector: regulator.sector,
      region: 'CN-BJ',
      country: 'CN',
      remit: {
        sectors: [regulator.sector],
        regions: [],
        functions: ['sector_regulator', 'cii_protection'],
      },
    });
    dutyDesk(externalId, 'zh-CN');
  }

  org({
    externalId: PARTNER,
    parentExternalId: null,
    kind: 'partner',
    nameZh: '海峡港湾计算机应急响应组',
    nameEn: 'Straits Harbour CERT',
    country: 'SG',
    timezone: 'Asia/Singapore',
    language: 'en',
  });
  dutyDesk(PARTNER, 'en');

  const domains = new Set<string>();
  const ipv4Used = IPV4_POOLS.map(() => 0);
  let ipv6Used = 0;
  let asnUsed = 0;

  for (let i = 0; i < OPERATOR_COUNT; i++) {
    const externalId = `op-${String(i + 1).padStart(4, '0')}`;
    const sector = SECTOR_CODES[i % SECTOR_CODES.length]!;
    // The first operators go one to each province, so every province (Guangdong's demo user too) has one.
    const province: Province = i < PROVINCES.length ? PROVINCES[i]! : random.pick(PROVINCES);
    let brand: (typeof BRANDS)[number];
    let line: [string, string, string];
    let domain: string;
    do {
      brand = random.pick(BRANDS);
      line = random.pick(LINES[sector]);
      domain = `${brand[1].toLowerCase()}-${line[2]}.example`;
    } while (domains.has(domain));
    domains.add(domain);
    const regulator = REGULATORS.find((r) => r.sector === sector);
    const designated = regulator !== undefined && random.chance(CII_SHARE);
    const language: Language = random.chance(0.05) ? 'en' : 'zh-CN';
    const zh = language === 'zh-CN';
    org({
      externalId,
      parentExternalId: `cac-${province.slug}`,
      kind: 'operator',
      nameZh: `${province.zh}${brand[0]}${line[0]}${random.pick(['有限公司', '股份有限公司'])}`,
      nameEn: `${province.en} ${brand[1]} ${line[1]} Co., Ltd.`,
      sector,
      region: province.code,
      country: 'CN',
      cii:
        regulator && designated
          ? {
              designated: true,
              department: regulator.zh,
              date: demoDate(random),
              legalBasis: LEGAL_BASIS,
            }
          : undefined,
      timezone: 'Asia/Shanghai',
      language,
    });

    const roles = (['security_lead', 'duty_desk', 'abuse'] as const).slice(0, random.int(1, 3));
    for (const role of roles) {
      const base = {
        orgExternalId: externalId,
        externalId: `${externalId}-${role.replace('_', '-')}`,
        role,
        language,
      };
      if (role === 'security_lead') {
        const [surnameZh, surnameEn] = random.pick(SURNAMES);
        const [givenZh, givenEn] = random.pick(GIVEN_NAMES);
        contact({
          ...base,
          name: zh ? `${surnameZh}${givenZh}` : `${givenEn} ${surnameEn}`,
          email: `${givenEn.toLowerCase()}.${surnameEn.toLowerCase()}@${domain}`,
          preferences: { channels: ['inbox', 'email'], digest: 'immediate', digestHour: 9 },
        });
      } else if (role === 'duty_desk') {
        contact({
          ...base,
          name: zh ? '网络安全值班室' : 'Security duty desk',
          email: `soc@${domain}`,
          // Local numbers in China never start with 0, so these can reach nobody.
          phone: `+86 ${province.areaCode} 0000 ${random.int(1000, 9999)}`,
          preferences: { channels: ['inbox', 'email'], digest: 'immediate', digestHour: 9 },
        });
      } else {
        contact({
          ...base,
          name: zh ? '网络滥用投诉受理' : 'Abuse desk',
          email: `abuse@${domain}`,
          preferences: { channels: ['email'], digest: 'daily', digestHour: random.int(8, 10) },
        });
      }
    }

    const note = (kind: keyof typeof NOTES) => NOTES[kind][zh ? 0 : 1];
    network({ orgExternalId: externalId, value: domain, note: note('domain') });
    const extraNetworks = random.int(0, 3);
    for (let n = 0; n < extraNetworks; n++) {
      const kind = random.pick(['ipv4', 'ipv4', 'ipv6', 'asn'] as const);
      let value: string;
      if (kind === 'ipv4') {
        const open = IPV4_POOLS.flatMap((pool, index) =>
          ipv4Used[index]! < pool.size ? [index] : [],
        );
        const index = random.pick(open);
        value = IPV4_POOLS[index]!.block(ipv4Used[index]!++);
      } else if (kind === 'ipv6') {
        value = `2001:db8:${(++ipv6Used).toString(16)}::/48`;
      } else {
        value = `AS${demoAsn(asnUsed++)}`;
      }
      network({ orgExternalId: externalId, value, note: note(kind) });
    }

    const systems = random.shuffled([...SECTOR_SYSTEMS[sector], ...COMMON_SYSTEMS]);
    const products = random.shuffled(PRODUCTS);
    const assetCount = random.int(1, 5);
    for (let n = 1; n <= assetCount; n++) {
      const base = { orgExternalId: externalId, externalId: `${externalId}-a${n}` };
      const system = systems.length > 0 && random.chance(0.5) ? systems.pop()! : null;
      if (system) {
        const mlpsLevel = random.int(2, 4);
        asset({
          ...base,
          kind: 'system',
          name: zh ? system[0] : system[1],
          mlpsLevel,
          // MLPS level 3 and up is where CII systems sit.
          cii: designated && mlpsLevel >= 3,
          internetFacing: system[2],
        });
      } else {
        const product = products.pop()!;
        asset({
          ...base,
          kind: 'product',
          name: `${product.vendor === product.product ? '' : `${product.vendor} `}${product.product} ${product.version}`,
          vendor: product.vendor,
          product: product.product,
          version: product.version,
          cpe: product.cpe,
          purl: product.purl,
          internetFacing: product.internetFacing,
        });
      }
    }
  }

  const guangdong = demo.organisations.find((o) => o.kind === 'operator' && o.region === 'CN-GD')!;
  demo.users = [
    { username: 'admin', displayName: '平台管理员', role: 'admin', orgExternalId: CENTRE },
    {
      username: 'coordinator',
      displayName: '值班协调员',
      role: 'coordinator',
      orgExternalId: CENTRE,
    },
    {
      username: 'authority',
      displayName: '广东省网信办联络员',
      role: 'authority',
      orgExternalId: 'cac-gd',
    },
    {
      username: 'operator',
      displayName: `${guangdong.nameZh}安全负责人`,
      role: 'operator',
      orgExternalId: guangdong.externalId,
    },
    {
      username: 'partner',
      displayName: 'Straits Harbour CERT liaison',
      role: 'partner',
      orgExternalId: PARTNER,
    },
    { username: 'auditor', displayName: '审计员', role: 'auditor', orgExternalId: CENTRE },
  ];
  return demo;
}

/** A designation date from 2022 (the CII regulations took effect in September 2021) to 2025. */
function demoDate(random: Random): string {
  const day = random.int(0, 4 * 365);
  return new Date(Date.UTC(2022, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
}
