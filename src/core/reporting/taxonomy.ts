/**
 * Incident classification vocabularies: the Chinese national standard GB/T 20986-2023 and the
 * European Reference Security Incident Taxonomy (RSIT), with a documented crosswalk between them
 * and the hooks that route classified incidents into national campaigns.
 *
 * Pure data and small lookup functions; no I/O.
 *
 * Certainty: nothing in the GB/T table was checked against the standard's own Appendix B (the
 * normative code table). Every GB/T entry therefore carries `certainty: 'secondary'`; flip an entry
 * to `'confirmed'` only after reading the standard's text. The RSIT table was read from the
 * taxonomy's machine-readable source and needs no such flag.
 */
import type { Language } from '../registry/vocabulary.js';

/** A label in both languages the product speaks. */
export type LocalizedName = Readonly<Record<Language, string>>;

/**
 * `confirmed`: read in the standard's own text (Appendix B of GB/T 20986-2023).
 * `secondary`: taken from secondary material (see {@link GBT20986_CATEGORIES}); the code is the
 * presumed sequence and the Chinese wording may differ from the official text.
 */
export type Certainty = 'confirmed' | 'secondary';

// ---------------------------------------------------------------------------------------------
// GB/T 20986-2023
// ---------------------------------------------------------------------------------------------

/** Category abbreviations as used in `/work/shared/design/regulation.md` §3. */
export type GbtCategoryAbbr = 'MP' | 'NA' | 'DS' | 'IC' | 'DE' | 'RO' | 'SH' | 'AB' | 'FM' | 'OT';

export interface GbtSubcategory {
  /** Five digits: the two-digit category code followed by a three-digit sequence, e.g. `01007`. */
  readonly code: string;
  /** The two-digit code of the category it belongs to. */
  readonly categoryCode: string;
  readonly name: LocalizedName;
  readonly certainty: Certainty;
  /** True for the category's catch-all "other …" subcategory (always the last one). */
  readonly other: boolean;
  /**
   * Other Chinese wordings met for the same thing: the 2007 guide / 2017 national plan wording, or
   * a common variant. Useful for matching free text; never stored as a code.
   */
  readonly aliasesZh: readonly string[];
}

export interface GbtCategory {
  /** Two digits, `01`..`10`. */
  readonly code: string;
  readonly abbr: GbtCategoryAbbr;
  readonly name: LocalizedName;
  readonly certainty: Certainty;
  readonly subcategories: readonly GbtSubcategory[];
}

interface SubOptions {
  other?: boolean;
  aliasesZh?: readonly string[];
}

function sub(
  code: string,
  zh: string,
  en: string,
  certainty: Certainty,
  options: SubOptions = {},
): GbtSubcategory {
  return Object.freeze({
    code,
    categoryCode: code.slice(0, 2),
    name: Object.freeze({ 'zh-CN': zh, en }),
    certainty,
    other: options.other ?? false,
    aliasesZh: Object.freeze([...(options.aliasesZh ?? [])]),
  });
}

function category(
  code: string,
  abbr: GbtCategoryAbbr,
  zh: string,
  en: string,
  certainty: Certainty,
  subcategories: readonly GbtSubcategory[],
): GbtCategory {
  return Object.freeze({
    code,
    abbr,
    name: Object.freeze({ 'zh-CN': zh, en }),
    certainty,
    subcategories: Object.freeze([...subcategories]),
  });
}

const S: Certainty = 'secondary';

/**
 * GB/T 20986-2023《信息安全技术 网络安全事件分类分级指南》(in force 1 Dec 2023, replaces
 * GB/Z 20986-2007): 10 categories and their subcategories.
 *
 * Where it comes from (all secondary; see the module comment):
 * - Categories, their order and the subcategory order: `regulation.md` §3, which took them from a
 *   public implementation's `event_category` seed table. Ten categories (up from 7) is also stated
 *   by secondary copies of the standard's foreword.
 * - Codes: category code + three-digit position in that order. Only ransomware = `01007` is attested
 *   (secondary: a standards-shop summary that also gives MP 10 / NA 21 / DS 12 subcategories).
 * - Chinese names: the wording of that seed table, which appears to follow the standard's
 *   definitions; obvious slips fixed (`其他违规操作事` → `其他违规操作事件`, `APT 事件` → `APT事件`).
 * - Abbreviations: `regulation.md`. The seed table uses `SHE`, `FOC` and `OTH` for 07, 09 and 10.
 * - English names: our translation.
 *
 * Counts: MP 10, NA 21, DS 12, IC 8, DE 5, RO 9, SH 3, AB 3, FM 5, OT 1 (77 in all).
 * - RO 9 follows `regulation.md`. The seed table has 8: its `资源未授权使用事件` row carries
 *   `版权违反事件` as its description, so a row looks to have been lost; we keep both as 06007 and
 *   06008, which shifts "other" to 06009. Unverified.
 * - OT: the seed table gives category 10 no subcategory. We add `10001 其他事件` so that every
 *   category has an explicit "other" and every incident can carry a five-digit code.
 * - One web page claims 45 subcategories in all; that cannot be right when MP + NA + DS alone are 43.
 */
export const GBT20986_CATEGORIES: readonly GbtCategory[] = Object.freeze([
  category('01', 'MP', '恶意程序事件', 'Malicious program incident', S, [
    sub('01001', '计算机病毒事件', 'Computer virus incident', S),
    sub('01002', '网络蠕虫事件', 'Network worm incident', S, { aliasesZh: ['蠕虫事件'] }),
    sub('01003', '特洛伊木马事件', 'Trojan horse incident', S),
    sub('01004', '僵尸网络事件', 'Botnet incident', S),
    sub('01005', '恶意代码内嵌网页事件', 'Web page with embedded malicious code incident', S, {
      aliasesZh: ['网页内嵌恶意代码事件'],
    }),
    sub('01006', '恶意代码宿主站点事件', 'Malicious code hosting site incident', S),
    sub('01007', '勒索软件事件', 'Ransomware incident', S),
    sub('01008', '挖矿病毒事件', 'Cryptomining malware incident', S),
    sub('01009', '混合攻击程序事件', 'Hybrid attack program incident', S, {
      aliasesZh: ['混合程序攻击事件'],
    }),
    sub('01010', '其他恶意程序事件', 'Other malicious program incident', S, {
      other: true,
      aliasesZh: ['其他有害程序事件'],
    }),
  ]),
  category('02', 'NA', '网络攻击事件', 'Network attack incident', S, [
    sub('02001', '网络扫描探测事件', 'Network scanning and probing incident', S, {
      aliasesZh: ['网络扫描窃听事件'],
    }),
    sub('02002', '网络钓鱼事件', 'Phishing incident', S),
    sub('02003', '漏洞利用事件', 'Vulnerability exploitation incident', S, {
      aliasesZh: ['漏洞攻击事件'],
    }),
    sub('02004', '后门利用事件', 'Backdoor exploitation incident', S, {
      aliasesZh: ['后门攻击事件'],
    }),
    sub('02005', '后门植入事件', 'Backdoor implantation incident', S),
    sub('02006', '凭据攻击事件', 'Credential attack incident', S),
    sub('02007', '信号干扰事件', 'Signal jamming incident', S, { aliasesZh: ['干扰事件'] }),
    sub('02008', '拒绝服务事件', 'Denial of service incident', S, {
      aliasesZh: ['拒绝服务攻击事件'],
    }),
    sub('02009', '网页篡改事件', 'Web page tampering (defacement) incident', S),
    sub('02010', '暗链植入事件', 'Hidden link implantation incident', S),
    sub('02011', '域名劫持事件', 'Domain name hijacking incident', S),
    sub('02012', '域名转嫁事件', 'Domain name redirection (transfer) incident', S),
    sub('02013', 'DNS污染事件', 'DNS poisoning incident', S),
    sub('02014', 'WLAN劫持事件', 'WLAN hijacking incident', S),
    sub('02015', '流量劫持事件', 'Traffic hijacking incident', S),
    sub('02016', 'BGP劫持攻击事件', 'BGP hijacking incident', S, { aliasesZh: ['BGP劫持事件'] }),
    sub('02017', '广播欺诈事件', 'Broadcast spoofing incident', S),
    sub('02018', '失陷主机事件', 'Compromised host incident', S),
    sub('02019', '供应链攻击事件', 'Supply chain attack incident', S),
    sub('02020', 'APT事件', 'Advanced persistent threat (APT) incident', S, {
      aliasesZh: ['APT攻击事件', '高级持续性威胁事件'],
    }),
    sub('02021', '其他网络攻击事件', 'Other network attack incident', S, { other: true }),
  ]),
  category('03', 'DS', '数据安全事件', 'Data security incident', S, [
    sub('03001', '数据篡改事件', 'Data tampering incident', S, { aliasesZh: ['信息篡改事件'] }),
    sub('03002', '数据假冒事件', 'Data counterfeiting incident', S, {
      aliasesZh: ['信息假冒事件'],
    }),
    sub('03003', '数据泄露事件', 'Data leak incident', S, { aliasesZh: ['信息泄露事件'] }),
    sub('03004', '社会工程事件', 'Social engineering incident', S),
    sub('03005', '数据窃取事件', 'Data theft incident', S, { aliasesZh: ['信息窃取事件'] }),
    sub('03006', '数据拦截事件', 'Data interception incident', S),
    sub('03007', '位置检测事件', 'Location detection incident', S),
    sub('03008', '数据投毒事件', 'Data poisoning incident', S),
    sub('03009', '数据滥用事件', 'Data abuse incident', S),
    sub('03010', '隐私侵犯事件', 'Privacy infringement incident', S),
    sub('03011', '数据损失事件', 'Data loss incident', S, { aliasesZh: ['信息丢失事件'] }),
    sub('03012', '其他数据安全事件', 'Other data security incident', S, {
      other: true,
      aliasesZh: ['其他信息破坏事件'],
    }),
  ]),
  category('04', 'IC', '信息内容安全事件', 'Information content security incident', S, [
    sub('04001', '反动宣传事件', 'Subversive propaganda incident', S),
    sub('04002', '暴恐宣扬事件', 'Terrorism and extremism promotion incident', S),
    sub('04003', '色情传播事件', 'Pornography dissemination incident', S),
    sub('04004', '虚假信息传播事件', 'False information dissemination incident', S),
    sub('04005', '权益侵害事件', 'Rights infringement incident', S),
    sub('04006', '信息滥发事件', 'Unsolicited bulk information (spam) incident', S),
    sub('04007', '网络欺诈事件', 'Online fraud incident', S, { aliasesZh: ['网络诈骗事件'] }),
    sub('04008', '其他信息内容安全事件', 'Other information content security incident', S, {
      other: true,
    }),
  ]),
  category('05', 'DE', '设备设施故障事件', 'Device and facility failure incident', S, [
    sub('05001', '技术故障事件', 'Technical failure incident', S, {
      aliasesZh: ['软硬件自身故障'],
    }),
    sub('05002', '配套设施故障事件', 'Supporting facility failure incident', S, {
      aliasesZh: ['外围保障设施故障'],
    }),
    sub('05003', '物理损害事件', 'Physical damage incident', S, { aliasesZh: ['人为破坏事故'] }),
    sub('05004', '辐射干扰事件', 'Radiation interference incident', S),
    sub('05005', '其他设备设施故障事件', 'Other device and facility failure incident', S, {
      other: true,
      aliasesZh: ['其他设备设施故障'],
    }),
  ]),
  category('06', 'RO', '违规操作事件', 'Violating operation incident', S, [
    sub('06001', '权限滥用事件', 'Privilege abuse incident', S),
    sub('06002', '权限伪造事件', 'Privilege forgery incident', S),
    sub('06003', '行为抵赖事件', 'Repudiation incident', S),
    sub('06004', '故意违规操作事件', 'Intentional violation incident', S),
    sub('06005', '误操作事件', 'Misoperation incident', S),
    sub('06006', '人员可用性破坏事件', 'Staff availability disruption incident', S),
    sub('06007', '资源未授权使用事件', 'Unauthorised use of resources incident', S),
    sub('06008', '版权违反事件', 'Copyright violation incident', S),
    sub('06009', '其他违规操作事件', 'Other violating operation incident', S, { other: true }),
  ]),
  category('07', 'SH', '安全隐患事件', 'Security hazard incident', S, [
    sub('07001', '网络漏洞事件', 'Network vulnerability incident', S),
    sub('07002', '网络配置合规缺陷事件', 'Configuration non-compliance incident', S),
    sub('07003', '其他安全隐患事件', 'Other security hazard incident', S, { other: true }),
  ]),
  category('08', 'AB', '异常行为事件', 'Abnormal behaviour incident', S, [
    sub('08001', '访问异常事件', 'Access anomaly incident', S),
    sub('08002', '流量异常事件', 'Traffic anomaly incident', S),
    sub('08003', '其他异常行为事件', 'Other abnormal behaviour incident', S, { other: true }),
  ]),
  category('09', 'FM', '不可抗力事件', 'Force majeure incident', S, [
    sub('09001', '自然灾害事件', 'Natural disaster incident', S),
    sub('09002', '事故灾难事件', 'Accident disaster incident', S),
    sub('09003', '公共卫生事件', 'Public health incident', S),
    sub('09004', '社会安全事件', 'Social security incident', S),
    sub('09005', '其他不可抗力事件', 'Other force majeure incident', S, {
      other: true,
      aliasesZh: ['灾害性事件'],
    }),
  ]),
  category('10', 'OT', '其他事件', 'Other incident', S, [
    sub('10001', '其他事件', 'Other incident', S, { other: true }),
  ]),
]);

const SUBCATEGORY_BY_CODE: ReadonlyMap<string, GbtSubcategory> = new Map(
  GBT20986_CATEGORIES.flatMap((c) => c.subcategories.map((s) => [s.code, s] as const)),
);
const CATEGORY_BY_CODE: ReadonlyMap<string, GbtCategory> = new Map(
  GBT20986_CATEGORIES.map((c) => [c.code, c] as const),
);

/** Every GB/T subcategory, in code order. */
export const GBT20986_SUBCATEGORIES: readonly GbtSubcategory[] = Object.freeze([
  ...SUBCATEGORY_BY_CODE.values(),
]);

/** The subcategory with this five-digit code, or `undefined`. */
export function findSubcategory(code: string): GbtSubcategory | undefined {
  return SUBCATEGORY_BY_CODE.get(code);
}

/**
 * The category a code belongs to: accepts a five-digit subcategory code (`01007`) or a two-digit
 * category code (`01`). `undefined` when the code is neither.
 */
export function categoryOf(code: string): GbtCategory | undefined {
  if (/^\d{2}$/.test(code)) return CATEGORY_BY_CODE.get(code);
  const subcategory = SUBCATEGORY_BY_CODE.get(code);
  return subcategory === undefined ? undefined : CATEGORY_BY_CODE.get(subcategory.categoryCode);
}

/** Whether the value is a known five-digit GB/T 20986-2023 subcategory code. */
export function isValidSubcategory(code: unknown): code is string {
  return typeof code === 'string' && SUBCATEGORY_BY_CODE.has(code);
}

/** The catch-all "other" subcategory of a category (two-digit code), or `undefined`. */
export function otherSubcategoryOf(categoryCode: string): GbtSubcategory | undefined {
  return CATEGORY_BY_CODE.get(categoryCode)?.subcategories.find((s) => s.other);
}

// ---------------------------------------------------------------------------------------------
// RSIT
// ---------------------------------------------------------------------------------------------

/**
 * The RSIT version encoded here: the `version` field of `working_copy/machinev1` in
 * enisaeu/Reference-Security-Incident-Taxonomy-Task-Force, identical to MISP's `rsit` taxonomy at
 * version 1003. No later change (e.g. a "2022 update") could be confirmed.
 */
export const RSIT_VERSION = 1003;

export interface RsitRef {
  /** Machine value of the first column (MISP predicate), e.g. `malicious-code`. */
  readonly classification: string;
  /** Machine value of the second column (MISP entry value), e.g. `infected-system`. */
  readonly type: string;
}

export interface RsitClass extends RsitRef {
  /** Human-readable classification ("expanded" in the machine file). */
  readonly classificationEn: string;
  /** Human-readable type ("expanded" in the machine file). */
  readonly typeEn: string;
}

function rsit(
  classification: string,
  classificationEn: string,
  types: readonly (readonly [type: string, typeEn: string])[],
): RsitClass[] {
  return types.map(([type, typeEn]) =>
    Object.freeze({ classification, type, classificationEn, typeEn }),
  );
}

/**
 * RSIT classification/type pairs, version {@link RSIT_VERSION}: the machine values and the
 * "expanded" English names of the ENISA/TF-CSIRT working group's machine-readable file (CC0),
 * cross-checked against MISP's `rsit/machinetag.json` at the same version. Relative to the 2018
 * version 1 this includes the later additions `intrusions/system-compromise`,
 * `availability/misconfiguration`, `information-content-security/data-leak` and
 * `other/undetermined`, and the British spelling `unauthorised-use-of-resources`. 39 pairs.
 */
export const RSIT_CLASSES: readonly RsitClass[] = Object.freeze([
  ...rsit('abusive-content', 'Abusive Content', [
    ['spam', 'Spam'],
    ['harmful-speech', 'Harmful Speech'],
    ['violence', '(Child) Sexual Exploitation/Sexual/Violent Content'],
  ]),
  ...rsit('malicious-code', 'Malicious Code', [
    ['infected-system', 'Infected System'],
    ['c2-server', 'C2 Server'],
    ['malware-distribution', 'Malware Distribution'],
    ['malware-configuration', 'Malware Configuration'],
  ]),
  ...rsit('information-gathering', 'Information Gathering', [
    ['scanner', 'Scanning'],
    ['sniffing', 'Sniffing'],
    ['social-engineering', 'Social Engineering'],
  ]),
  ...rsit('intrusion-attempts', 'Intrusion Attempts', [
    ['ids-alert', 'Exploitation of Known Vulnerabilities'],
    ['brute-force', 'Login Attempts'],
    ['exploit', 'New Attack Signature'],
  ]),
  ...rsit('intrusions', 'Intrusions', [
    ['privileged-account-compromise', 'Privileged Account Compromise'],
    ['unprivileged-account-compromise', 'Unprivileged Account Compromise'],
    ['application-compromise', 'Application Compromise'],
    ['system-compromise', 'System Compromise'],
    ['burglary', 'Burglary'],
  ]),
  ...rsit('availability', 'Availability', [
    ['dos', 'Denial of Service'],
    ['ddos', 'Distributed Denial of Service'],
    ['misconfiguration', 'Misconfiguration'],
    ['sabotage', 'Sabotage'],
    ['outage', 'Outage'],
  ]),
  ...rsit('information-content-security', 'Information Content Security', [
    ['unauthorised-information-access', 'Unauthorised Access to Information'],
    ['unauthorised-information-modification', 'Unauthorised Modification of Information'],
    ['data-loss', 'Data Loss'],
    ['data-leak', 'Leak of Confidential Information'],
  ]),
  ...rsit('fraud', 'Fraud', [
    ['unauthorised-use-of-resources', 'Unauthorised Use of Resources'],
    ['copyright', 'Copyright'],
    ['masquerade', 'Masquerade'],
    ['phishing', 'Phishing'],
  ]),
  ...rsit('vulnerable', 'Vulnerable', [
    ['weak-crypto', 'Weak Cryptography'],
    ['ddos-amplifier', 'DDoS Amplifier'],
    ['potentially-unwanted-accessible', 'Potentially Unwanted Accessible Services'],
    ['information-disclosure', 'Information Disclosure'],
    ['vulnerable-system', 'Vulnerable System'],
  ]),
  ...rsit('other', 'Other', [
    ['other', 'Uncategorised'],
    ['undetermined', 'Undetermined'],
  ]),
  ...rsit('test', 'Test', [['test', 'Test']]),
]);

/** `classification/type`, the key form used by the tables below. */
export function rsitKey(ref: RsitRef): string {
  return `${ref.classification}/${ref.type}`;
}

const RSIT_BY_KEY: ReadonlyMap<string, RsitClass> = new Map(
  RSIT_CLASSES.map((c) => [rsitKey(c), c] as const),
);

/** The RSIT pair, or `undefined` when it is not in {@link RSIT_CLASSES}. */
export function findRsitClass(classification: string, type: string): RsitClass | undefined {
  return RSIT_BY_KEY.get(`${classification}/${type}`);
}

/**
 * Values seen in older RSIT files and feeds (the 2018 eCSIRT-derived version 1, version 1.1, and
 * American spellings) and the current pair each stands for. Used only when reading.
 */
export const RSIT_LEGACY_ALIASES: Readonly<Record<string, string>> = Object.freeze({
  'fraud/unauthorized-use-of-resources': 'fraud/unauthorised-use-of-resources',
  'malicious-code/malware-dga-domain': 'malicious-code/c2-server',
  'vulnerable/other': 'vulnerable/vulnerable-system',
  'malicious-code/virus': 'malicious-code/infected-system',
  'malicious-code/worm': 'malicious-code/infected-system',
  'malicious-code/trojan': 'malicious-code/infected-system',
  'malicious-code/spyware': 'malicious-code/infected-system',
  'malicious-code/dialer': 'malicious-code/infected-system',
  'malicious-code/rootkit': 'malicious-code/infected-system',
});

// ---------------------------------------------------------------------------------------------
// Crosswalk GB/T 20986-2023 → RSIT
// ---------------------------------------------------------------------------------------------

export interface GbtRsitMapping {
  /** The closest RSIT pair, or `null` when RSIT has nothing that describes the event. */
  readonly rsit: RsitRef | null;
  /** Why, where the choice is not obvious; always present when `rsit` is `null`. */
  readonly note?: string;
}

function to(classification: string, type: string, note?: string): GbtRsitMapping {
  const ref = Object.freeze({ classification, type });
  return Object.freeze(note === undefined ? { rsit: ref } : { rsit: ref, note });
}

function none(note: string): GbtRsitMapping {
  return Object.freeze({ rsit: null, note });
}

/**
 * GB/T subcategory → closest RSIT pair. This table is the source of truth for {@link toRsit}; it
 * has a row for every subcategory (the test suite checks that), and a `null` row is a deliberate
 * "RSIT has no such thing", not a gap. Our own judgement, made from the GB/T definitions (as
 * quoted by the seed table) and the RSIT descriptions; review with the incident desk.
 *
 * Rules of thumb:
 * - hijacking and tampering of data in transit or in DNS/routing go to
 *   `information-content-security`, whose RSIT description names "wiretapping, spoofing or
 *   hijacking";
 * - a catch-all "other" maps to the generic type of its RSIT class where one exists
 *   (`infected-system`, `outage`, `vulnerable-system`, `undetermined`), else to `other/other`.
 */
export const GBT_TO_RSIT: Readonly<Record<string, GbtRsitMapping>> = Object.freeze({
  // 01 MP
  '01001': to('malicious-code', 'infected-system'),
  '01002': to('malicious-code', 'infected-system'),
  '01003': to('malicious-code', 'infected-system'),
  '01004': to(
    'malicious-code',
    'infected-system',
    'A bot is an infected system; a botnet C2 seen on its own is malicious-code/c2-server.',
  ),
  '01005': to(
    'malicious-code',
    'malware-distribution',
    'RSIT malware-distribution covers exploit kits on websites.',
  ),
  '01006': to('malicious-code', 'malware-distribution'),
  '01007': to(
    'information-content-security',
    'unauthorised-information-modification',
    'RSIT names "ransomware encrypting data" under this type. A ransomware infection without encryption is malicious-code/infected-system.',
  ),
  '01008': to(
    'malicious-code',
    'infected-system',
    'Alternative: fraud/unauthorised-use-of-resources (cryptojacking as theft of resources).',
  ),
  '01009': to('malicious-code', 'infected-system'),
  '01010': to('malicious-code', 'infected-system'),
  // 02 NA
  '02001': to('information-gathering', 'scanner'),
  '02002': to('fraud', 'phishing'),
  '02003': to('intrusion-attempts', 'ids-alert', 'RSIT "Exploitation of Known Vulnerabilities".'),
  '02004': to('intrusions', 'system-compromise'),
  '02005': to('intrusions', 'system-compromise'),
  '02006': to('intrusion-attempts', 'brute-force'),
  '02007': to('availability', 'dos', 'Jamming denies service at the physical layer.'),
  '02008': to('availability', 'dos', 'GB/T DoS includes DDoS; use availability/ddos when known.'),
  '02009': to(
    'information-content-security',
    'unauthorised-information-modification',
    'RSIT 1003 lists defacements under this type.',
  ),
  '02010': to(
    'information-content-security',
    'unauthorised-information-modification',
    'Links to illegal sites injected into a page.',
  ),
  '02011': to('information-content-security', 'unauthorised-information-modification'),
  '02012': to(
    'other',
    'other',
    'Pointing one’s own domain at someone else’s IP to draw attacks onto it: no RSIT type fits.',
  ),
  '02013': to('information-content-security', 'unauthorised-information-modification'),
  '02014': to('intrusions', 'system-compromise', 'Control of the access point is taken.'),
  '02015': to('information-content-security', 'unauthorised-information-modification'),
  '02016': to('information-content-security', 'unauthorised-information-modification'),
  '02017': to(
    'information-content-security',
    'unauthorised-information-access',
    'Broadcast/ARP spoofing to intercept traffic.',
  ),
  '02018': to('intrusions', 'system-compromise'),
  '02019': to(
    'malicious-code',
    'malware-distribution',
    'GB/T defines it as infecting legitimate applications to distribute malware; at a victim use intrusions/system-compromise.',
  ),
  '02020': to('intrusions', 'system-compromise', 'RSIT has no APT type.'),
  '02021': to('other', 'other'),
  // 03 DS
  '03001': to('information-content-security', 'unauthorised-information-modification'),
  '03002': to('fraud', 'masquerade', 'Forged data passed off as genuine.'),
  '03003': to('information-content-security', 'data-leak'),
  '03004': to('information-gathering', 'social-engineering'),
  '03005': to('information-content-security', 'unauthorised-information-access'),
  '03006': to('information-gathering', 'sniffing'),
  '03007': to('information-content-security', 'unauthorised-information-access'),
  '03008': to(
    'information-content-security',
    'unauthorised-information-modification',
    'Training data altered.',
  ),
  '03009': to('fraud', 'unauthorised-use-of-resources'),
  '03010': to('information-content-security', 'unauthorised-information-access'),
  '03011': to('information-content-security', 'data-loss'),
  '03012': to('other', 'other'),
  // 04 IC
  '04001': none('RSIT does not classify political content.'),
  '04002': to('abusive-content', 'violence', 'Glorification of violence.'),
  '04003': to('abusive-content', 'violence'),
  '04004': none('RSIT has no type for false information or disinformation.'),
  '04005': to('abusive-content', 'harmful-speech'),
  '04006': to('abusive-content', 'spam'),
  '04007': to(
    'fraud',
    'masquerade',
    'Most online fraud impersonates someone (police, bank, platform); phishing pages are 02002.',
  ),
  '04008': to('other', 'other'),
  // 05 DE
  '05001': to('availability', 'outage'),
  '05002': to('availability', 'outage', 'RSIT names air-conditioning failure.'),
  '05003': to('availability', 'sabotage', 'Accidental physical damage: availability/outage.'),
  '05004': to('availability', 'outage'),
  '05005': to('availability', 'outage'),
  // 06 RO
  '06001': to('intrusions', 'privileged-account-compromise'),
  '06002': to('fraud', 'masquerade'),
  '06003': none('RSIT has no repudiation type.'),
  '06004': to('fraud', 'unauthorised-use-of-resources'),
  '06005': to(
    'availability',
    'misconfiguration',
    'Human error; RSIT counts it under availability.',
  ),
  '06006': none('RSIT has no personnel type.'),
  '06007': to('fraud', 'unauthorised-use-of-resources'),
  '06008': to('fraud', 'copyright'),
  '06009': to('other', 'other'),
  // 07 SH
  '07001': to('vulnerable', 'vulnerable-system'),
  '07002': to(
    'vulnerable',
    'vulnerable-system',
    'Narrower RSIT types (weak-crypto, ddos-amplifier, potentially-unwanted-accessible, information-disclosure) when known.',
  ),
  '07003': to('vulnerable', 'vulnerable-system'),
  // 08 AB
  '08001': to('other', 'undetermined', 'An anomaly is an event not yet classified.'),
  '08002': to('other', 'undetermined'),
  '08003': to('other', 'undetermined'),
  // 09 FM
  '09001': to('availability', 'outage', 'RSIT names natural disaster.'),
  '09002': to('availability', 'outage'),
  '09003': to('availability', 'outage'),
  '09004': to('availability', 'sabotage', 'Terrorist attacks and riots damaging facilities.'),
  '09005': to('availability', 'outage'),
  // 10 OT
  '10001': to('other', 'other'),
});

/**
 * The closest RSIT pair for a GB/T subcategory code (see {@link GBT_TO_RSIT}). `null` both for
 * the deliberate no-counterpart rows and for an unknown code; check {@link isValidSubcategory}
 * first if the difference matters.
 */
export function toRsit(gbtCode: string): { classification: string; type: string } | null {
  const ref = GBT_TO_RSIT[gbtCode]?.rsit;
  return ref ? { classification: ref.classification, type: ref.type } : null;
}

// ---------------------------------------------------------------------------------------------
// Crosswalk RSIT → GB/T 20986-2023
// ---------------------------------------------------------------------------------------------

/**
 * RSIT pair → the best GB/T subcategory. Every pair in {@link RSIT_CLASSES} has a row (tested).
 * Not the inverse of {@link GBT_TO_RSIT} row by row: where several subcategories map to one RSIT
 * type, this picks the most general of them. Our own judgement.
 */
export const RSIT_TO_GBT: Readonly<Record<string, string>> = Object.freeze({
  'abusive-content/spam': '04006',
  'abusive-content/harmful-speech': '04005',
  'abusive-content/violence': '04003',
  'malicious-code/infected-system': '01004', // most reports are sinkhole hits, i.e. bots
  'malicious-code/c2-server': '01004',
  'malicious-code/malware-distribution': '01006',
  'malicious-code/malware-configuration': '01006',
  'information-gathering/scanner': '02001',
  'information-gathering/sniffing': '03006',
  'information-gathering/social-engineering': '03004',
  'intrusion-attempts/ids-alert': '02003',
  'intrusion-attempts/brute-force': '02006',
  'intrusion-attempts/exploit': '02003',
  'intrusions/privileged-account-compromise': '02018',
  'intrusions/unprivileged-account-compromise': '02018',
  'intrusions/application-compromise': '02003', // successful exploitation of an application
  'intrusions/system-compromise': '02018',
  'intrusions/burglary': '05003', // physical intrusion; GB/T has no burglary
  'availability/dos': '02008',
  'availability/ddos': '02008',
  'availability/misconfiguration': '06005',
  'availability/sabotage': '05003',
  'availability/outage': '05002',
  'information-content-security/unauthorised-information-access': '03005',
  'information-content-security/unauthorised-information-modification': '03001',
  'information-content-security/data-loss': '03011',
  'information-content-security/data-leak': '03003',
  'fraud/unauthorised-use-of-resources': '06007',
  'fraud/copyright': '06008',
  'fraud/masquerade': '04007',
  'fraud/phishing': '02002',
  'vulnerable/weak-crypto': '07002',
  'vulnerable/ddos-amplifier': '07002',
  'vulnerable/potentially-unwanted-accessible': '07002',
  'vulnerable/information-disclosure': '07002',
  'vulnerable/vulnerable-system': '07001',
  'other/other': '10001',
  'other/undetermined': '08003',
  'test/test': '10001',
});

/**
 * For a classification whose type is unknown to us: the GB/T "other" subcategory of the category
 * closest to that RSIT classification.
 */
export const RSIT_CLASSIFICATION_FALLBACK: Readonly<Record<string, string>> = Object.freeze({
  'abusive-content': '04008',
  'malicious-code': '01010',
  'information-gathering': '02021',
  'intrusion-attempts': '02021',
  intrusions: '02021',
  availability: '05005',
  'information-content-security': '03012',
  fraud: '04008',
  vulnerable: '07003',
  other: '10001',
  test: '10001',
});

/** The code used when nothing about the RSIT pair is recognised. */
export const GBT_OTHER_CODE = '10001';

/**
 * The best GB/T subcategory code for an RSIT pair. Matching ignores case and surrounding space
 * and accepts the older values in {@link RSIT_LEGACY_ALIASES}. An unknown type falls back to the
 * "other" subcategory of the closest category ({@link RSIT_CLASSIFICATION_FALLBACK}), an unknown
 * classification to `10001`. Always returns a valid code.
 */
export function fromRsit(classification: string, type: string): string {
  const c = classification.trim().toLowerCase();
  const t = type.trim().toLowerCase();
  const key = `${c}/${t}`;
  const current = RSIT_LEGACY_ALIASES[key] ?? key;
  return RSIT_TO_GBT[current] ?? RSIT_CLASSIFICATION_FALLBACK[c] ?? GBT_OTHER_CODE;
}

// ---------------------------------------------------------------------------------------------
// Campaign hooks
// ---------------------------------------------------------------------------------------------

export type CampaignId = 'telecom_fraud' | 'personal_information_sale';

export interface CampaignHook {
  readonly code: string;
  /** `regulation.md`: named in `regulation.md` §3; `inferred`: our addition, see `note`. */
  readonly basis: 'regulation.md' | 'inferred';
  readonly note?: string;
}

/**
 * Which GB/T subcategories feed the national campaigns against telecom and online fraud
 * (打击治理电信网络诈骗) and against the illegal sale of personal information (侵犯公民个人信息).
 * `regulation.md` §3 names online fraud, data leak and privacy infringement; the `inferred` rows
 * are our additions. Hidden cameras have no subcategory: see
 * {@link CAMPAIGNS_WITHOUT_SUBCATEGORY}.
 */
export const CAMPAIGN_HOOKS: Readonly<Record<CampaignId, readonly CampaignHook[]>> = Object.freeze({
  telecom_fraud: Object.freeze([
    Object.freeze({ code: '04007', basis: 'regulation.md' as const }),
    Object.freeze({
      code: '02002',
      basis: 'inferred' as const,
      note: 'Phishing sites and SMS are the usual front end of telecom fraud.',
    }),
  ]),
  personal_information_sale: Object.freeze([
    Object.freeze({ code: '03003', basis: 'regulation.md' as const }),
    Object.freeze({ code: '03010', basis: 'regulation.md' as const }),
    Object.freeze({
      code: '03005',
      basis: 'inferred' as const,
      note: 'Stolen personal information is the supply side of the illegal trade.',
    }),
  ]),
});

/** The codes of {@link CAMPAIGN_HOOKS}, per campaign. */
export const CAMPAIGN_SUBCATEGORIES: Record<CampaignId, string[]> = {
  telecom_fraud: CAMPAIGN_HOOKS.telecom_fraud.map((h) => h.code),
  personal_information_sale: CAMPAIGN_HOOKS.personal_information_sale.map((h) => h.code),
};

/** The campaigns a subcategory feeds (empty when none). */
export function campaignsFor(gbtCode: string): CampaignId[] {
  return (Object.keys(CAMPAIGN_HOOKS) as CampaignId[]).filter((id) =>
    CAMPAIGN_HOOKS[id].some((h) => h.code === gbtCode),
  );
}

/**
 * Campaigns no GB/T subcategory covers; they need a campaign case type of their own rather than a
 * classification code.
 */
export const CAMPAIGNS_WITHOUT_SUBCATEGORY = Object.freeze({
  hidden_cameras: Object.freeze({
    name: Object.freeze({ 'zh-CN': '偷拍偷窥（隐蔽摄像头）', en: 'Hidden cameras' }),
    note: 'Covert cameras in hotels and rentals are a physical device problem, not a cybersecurity incident category in GB/T 20986-2023; track them as a campaign case type.',
  }),
});
