/**
 * The registry's fixed vocabularies. Each value is a stable code stored in the database; the
 * labels are what people read, in both languages the product speaks.
 */
export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export const ORG_KINDS = ['coordinator', 'authority', 'operator', 'partner'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

/** Sectors: the CII sectors named in the CII Security Protection Regulations, art. 2, plus `other`. */
export const SECTORS = {
  energy: { 'zh-CN': '能源', en: 'Energy' },
  finance: { 'zh-CN': '金融', en: 'Finance' },
  transport: { 'zh-CN': '交通', en: 'Transport' },
  water: { 'zh-CN': '水利', en: 'Water' },
  health: { 'zh-CN': '卫生健康', en: 'Health' },
  telecom_internet: { 'zh-CN': '电信与互联网', en: 'Telecom and internet' },
  public_services: { 'zh-CN': '公共服务', en: 'Public services' },
  e_government: { 'zh-CN': '电子政务', en: 'E-government' },
  defence_industry: { 'zh-CN': '国防科技工业', en: 'Defence industry' },
  other: { 'zh-CN': '其他', en: 'Other' },
} as const satisfies Record<string, Record<Language, string>>;
export type Sector = keyof typeof SECTORS;
export const SECTOR_CODES = Object.keys(SECTORS) as Sector[];

/** What kinds of report an authority receives; routing in later rule packs chooses by these. */
export const AUTHORITY_FUNCTIONS = {
  cii_protection: { 'zh-CN': '关键信息基础设施保护工作部门', en: 'CII protection department' },
  public_security: { 'zh-CN': '公安机关', en: 'Public security' },
  cyberspace_office: { 'zh-CN': '网信部门', en: 'Cyberspace office' },
  sector_regulator: { 'zh-CN': '行业主管监管部门', en: 'Sector regulator' },
} as const satisfies Record<string, Record<Language, string>>;
export type AuthorityFunction = keyof typeof AUTHORITY_FUNCTIONS;
export const AUTHORITY_FUNCTION_CODES = Object.keys(AUTHORITY_FUNCTIONS) as AuthorityFunction[];

export const CONTACT_ROLES = ['security_lead', 'duty_desk', 'abuse', 'legal'] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];

export const CHANNELS = ['inbox', 'email', 'webhook'] as const;
export type Channel = (typeof CHANNELS)[number];

export const ASSET_KINDS = ['system', 'product'] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];

export const USER_ROLES = [
  'admin',
  'coordinator',
  'authority',
  'operator',
  'partner',
  'auditor',
] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** ISO 3166-2:CN province-level codes (the 2017 revision) with their names. */
export const CN_REGIONS = {
  'CN-BJ': { 'zh-CN': '北京市', en: 'Beijing' },
  'CN-TJ': { 'zh-CN': '天津市', en: 'Tianjin' },
  'CN-HE': { 'zh-CN': '河北省', en: 'Hebei' },
  'CN-SX': { 'zh-CN': '山西省', en: 'Shanxi' },
  'CN-NM': { 'zh-CN': '内蒙古自治区', en: 'Inner Mongolia' },
  'CN-LN': { 'zh-CN': '辽宁省', en: 'Liaoning' },
  'CN-JL': { 'zh-CN': '吉林省', en: 'Jilin' },
  'CN-HL': { 'zh-CN': '黑龙江省', en: 'Heilongjiang' },
  'CN-SH': { 'zh-CN': '上海市', en: 'Shanghai' },
  'CN-JS': { 'zh-CN': '江苏省', en: 'Jiangsu' },
  'CN-ZJ': { 'zh-CN': '浙江省', en: 'Zhejiang' },
  'CN-AH': { 'zh-CN': '安徽省', en: 'Anhui' },
  'CN-FJ': { 'zh-CN': '福建省', en: 'Fujian' },
  'CN-JX': { 'zh-CN': '江西省', en: 'Jiangxi' },
  'CN-SD': { 'zh-CN': '山东省', en: 'Shandong' },
  'CN-HA': { 'zh-CN': '河南省', en: 'Henan' },
  'CN-HB': { 'zh-CN': '湖北省', en: 'Hubei' },
  'CN-HN': { 'zh-CN': '湖南省', en: 'Hunan' },
  'CN-GD': { 'zh-CN': '广东省', en: 'Guangdong' },
  'CN-GX': { 'zh-CN': '广西壮族自治区', en: 'Guangxi' },
  'CN-HI': { 'zh-CN': '海南省', en: 'Hainan' },
  'CN-CQ': { 'zh-CN': '重庆市', en: 'Chongqing' },
  'CN-SC': { 'zh-CN': '四川省', en: 'Sichuan' },
  'CN-GZ': { 'zh-CN': '贵州省', en: 'Guizhou' },
  'CN-YN': { 'zh-CN': '云南省', en: 'Yunnan' },
  'CN-XZ': { 'zh-CN': '西藏自治区', en: 'Tibet' },
  'CN-SN': { 'zh-CN': '陕西省', en: 'Shaanxi' },
  'CN-GS': { 'zh-CN': '甘肃省', en: 'Gansu' },
  'CN-QH': { 'zh-CN': '青海省', en: 'Qinghai' },
  'CN-NX': { 'zh-CN': '宁夏回族自治区', en: 'Ningxia' },
  'CN-XJ': { 'zh-CN': '新疆维吾尔自治区', en: 'Xinjiang' },
  'CN-TW': { 'zh-CN': '台湾省', en: 'Taiwan' },
  'CN-HK': { 'zh-CN': '香港特别行政区', en: 'Hong Kong' },
  'CN-MO': { 'zh-CN': '澳门特别行政区', en: 'Macao' },
} as const satisfies Record<string, Record<Language, string>>;

const REGION_SHAPE = /^[A-Z]{2}(-[A-Z0-9]{1,3})?$/;

/** Why a region code is not acceptable, or null. Chinese codes must be a listed province. */
export function regionProblem(code: string): string | null {
  if (!REGION_SHAPE.test(code))
    return 'must be an ISO 3166-2 code such as CN-GD or a country code such as DE';
  if (code.startsWith('CN-') && !(code in CN_REGIONS))
    return `${code} is not a Chinese province-level code`;
  return null;
}

/** The country part of an ISO 3166-2 region code: `CN-GD` → `CN`. */
export function regionCountry(code: string): string {
  return code.slice(0, 2);
}

export function isValidTimezone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
