import { describe, expect, it } from 'vitest';
import {
  CAMPAIGN_HOOKS,
  CAMPAIGN_SUBCATEGORIES,
  CAMPAIGNS_WITHOUT_SUBCATEGORY,
  GBT20986_CATEGORIES,
  GBT20986_SUBCATEGORIES,
  GBT_TO_RSIT,
  RSIT_CLASSES,
  RSIT_CLASSIFICATION_FALLBACK,
  RSIT_LEGACY_ALIASES,
  RSIT_TO_GBT,
  campaignsFor,
  categoryOf,
  findRsitClass,
  findSubcategory,
  fromRsit,
  isValidSubcategory,
  otherSubcategoryOf,
  rsitKey,
  toRsit,
} from './taxonomy.js';

describe('GB/T 20986-2023 categories', () => {
  it('has the 10 categories in code order with their abbreviations', () => {
    expect(GBT20986_CATEGORIES.map((c) => `${c.code} ${c.abbr}`)).toEqual([
      '01 MP',
      '02 NA',
      '03 DS',
      '04 IC',
      '05 DE',
      '06 RO',
      '07 SH',
      '08 AB',
      '09 FM',
      '10 OT',
    ]);
  });

  it('matches the subcategory counts of regulation.md §3 (OT gets an explicit "other")', () => {
    const counts = Object.fromEntries(
      GBT20986_CATEGORIES.map((c) => [c.abbr, c.subcategories.length]),
    );
    expect(counts).toEqual({
      MP: 10,
      NA: 21,
      DS: 12,
      IC: 8,
      DE: 5,
      RO: 9,
      SH: 3,
      AB: 3,
      FM: 5,
      OT: 1,
    });
    expect(GBT20986_SUBCATEGORIES).toHaveLength(77);
  });

  it('gives each subcategory a unique, well-formed code: category + 3-digit sequence', () => {
    const codes = GBT20986_SUBCATEGORIES.map((s) => s.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of GBT20986_CATEGORIES) {
      expect(c.code).toMatch(/^(0[1-9]|10)$/);
      c.subcategories.forEach((s, i) => {
        expect(s.code).toMatch(/^\d{5}$/);
        expect(s.categoryCode).toBe(c.code);
        expect(s.code).toBe(`${c.code}${String(i + 1).padStart(3, '0')}`);
      });
    }
  });

  it('gives every category and subcategory both names, distinct within a category', () => {
    for (const c of GBT20986_CATEGORIES) {
      expect(c.name['zh-CN']).toMatch(/事件$/);
      expect(c.name.en.trim()).not.toBe('');
      const zh = c.subcategories.map((s) => s.name['zh-CN']);
      const en = c.subcategories.map((s) => s.name.en);
      expect(new Set(zh).size).toBe(zh.length);
      expect(new Set(en).size).toBe(en.length);
      for (const s of c.subcategories) {
        expect(s.name['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
        expect(s.name['zh-CN']).toMatch(/事件$/);
        expect(s.name.en).toMatch(/^[A-Z][\x20-\x7e]*incident$/);
      }
    }
  });

  it('ends every category with exactly one "other" subcategory', () => {
    for (const c of GBT20986_CATEGORIES) {
      const others = c.subcategories.filter((s) => s.other);
      expect(others).toHaveLength(1);
      expect(c.subcategories.at(-1)?.other).toBe(true);
      expect(others[0]?.name['zh-CN']).toMatch(/^其他/);
      expect(otherSubcategoryOf(c.code)).toBe(others[0]);
    }
  });

  it('marks everything secondary: Appendix B was not read', () => {
    for (const c of GBT20986_CATEGORIES) expect(c.certainty).toBe('secondary');
    for (const s of GBT20986_SUBCATEGORIES) expect(s.certainty).toBe('secondary');
  });

  it('has ransomware at 01007 and the other anchors of regulation.md', () => {
    expect(findSubcategory('01007')?.name).toEqual({
      'zh-CN': '勒索软件事件',
      en: 'Ransomware incident',
    });
    expect(findSubcategory('02002')?.name['zh-CN']).toBe('网络钓鱼事件');
    expect(findSubcategory('02019')?.name['zh-CN']).toBe('供应链攻击事件');
    expect(findSubcategory('03003')?.name['zh-CN']).toBe('数据泄露事件');
    expect(findSubcategory('04007')?.name['zh-CN']).toBe('网络欺诈事件');
    expect(findSubcategory('04007')?.aliasesZh).toContain('网络诈骗事件');
  });

  it('does not let an alias collide with another subcategory’s name', () => {
    const names = new Map(GBT20986_SUBCATEGORIES.map((s) => [s.name['zh-CN'], s.code]));
    for (const s of GBT20986_SUBCATEGORIES) {
      for (const alias of s.aliasesZh) expect(names.get(alias) ?? s.code).toBe(s.code);
    }
  });

  it('is frozen', () => {
    expect(Object.isFrozen(GBT20986_CATEGORIES)).toBe(true);
    expect(Object.isFrozen(GBT20986_CATEGORIES[0]?.subcategories)).toBe(true);
    expect(Object.isFrozen(findSubcategory('01007')?.name)).toBe(true);
  });
});

describe('lookups', () => {
  it('findSubcategory', () => {
    expect(findSubcategory('02008')?.name.en).toBe('Denial of service incident');
    expect(findSubcategory('02022')).toBeUndefined();
    expect(findSubcategory('1007')).toBeUndefined();
    expect(findSubcategory('01')).toBeUndefined();
  });

  it('categoryOf accepts subcategory and category codes', () => {
    expect(categoryOf('01007')?.abbr).toBe('MP');
    expect(categoryOf('10001')?.abbr).toBe('OT');
    expect(categoryOf('06')?.abbr).toBe('RO');
    expect(categoryOf('11')).toBeUndefined();
    expect(categoryOf('01099')).toBeUndefined();
    expect(categoryOf('')).toBeUndefined();
  });

  it('isValidSubcategory', () => {
    for (const s of GBT20986_SUBCATEGORIES) expect(isValidSubcategory(s.code)).toBe(true);
    for (const bad of ['01', '01000', '01011', '10002', ' 01007', '1007', 1007, null, undefined]) {
      expect(isValidSubcategory(bad)).toBe(false);
    }
  });
});

describe('RSIT', () => {
  it('has the 39 pairs of version 1003, unique, with machine values and English names', () => {
    expect(RSIT_CLASSES).toHaveLength(39);
    const keys = RSIT_CLASSES.map(rsitKey);
    expect(new Set(keys).size).toBe(keys.length);
    for (const c of RSIT_CLASSES) {
      expect(c.classification).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(c.type).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(c.classificationEn.trim()).not.toBe('');
      expect(c.typeEn.trim()).not.toBe('');
    }
    expect(new Set(RSIT_CLASSES.map((c) => c.classification))).toEqual(
      new Set([
        'abusive-content',
        'malicious-code',
        'information-gathering',
        'intrusion-attempts',
        'intrusions',
        'availability',
        'information-content-security',
        'fraud',
        'vulnerable',
        'other',
        'test',
      ]),
    );
    for (const key of [
      'malicious-code/infected-system',
      'information-gathering/scanner',
      'fraud/phishing',
      'availability/ddos',
      'information-content-security/data-leak',
      'vulnerable/vulnerable-system',
      'intrusions/system-compromise',
      'other/undetermined',
    ]) {
      expect(keys).toContain(key);
    }
  });

  it('resolves legacy aliases to current pairs', () => {
    for (const [legacy, current] of Object.entries(RSIT_LEGACY_ALIASES)) {
      const [c = '', t = ''] = current.split('/');
      expect(findRsitClass(c, t), current).toBeDefined();
      expect(RSIT_CLASSES.map(rsitKey)).not.toContain(legacy);
    }
  });
});

describe('GB/T → RSIT', () => {
  it('has a row for every subcategory and nothing else', () => {
    expect(Object.keys(GBT_TO_RSIT).sort()).toEqual(GBT20986_SUBCATEGORIES.map((s) => s.code));
  });

  it('maps only to real RSIT pairs; every null is deliberate and explained', () => {
    const nulls: string[] = [];
    for (const [code, row] of Object.entries(GBT_TO_RSIT)) {
      if (row.rsit === null) {
        nulls.push(code);
        expect(row.note?.trim(), code).toBeTruthy();
        expect(toRsit(code)).toBeNull();
      } else {
        expect(findRsitClass(row.rsit.classification, row.rsit.type), code).toBeDefined();
        expect(toRsit(code)).toEqual(row.rsit);
      }
    }
    // political content, disinformation, repudiation, staff availability
    expect(nulls.sort()).toEqual(['04001', '04004', '06003', '06006']);
  });

  it('maps the anchors as expected', () => {
    expect(toRsit('02002')).toEqual({ classification: 'fraud', type: 'phishing' });
    expect(toRsit('02001')).toEqual({ classification: 'information-gathering', type: 'scanner' });
    expect(toRsit('03003')).toEqual({
      classification: 'information-content-security',
      type: 'data-leak',
    });
    expect(toRsit('01001')).toEqual({ classification: 'malicious-code', type: 'infected-system' });
    expect(toRsit('07001')).toEqual({ classification: 'vulnerable', type: 'vulnerable-system' });
    expect(toRsit('10001')).toEqual({ classification: 'other', type: 'other' });
  });

  it('returns null for unknown codes', () => {
    expect(toRsit('99999')).toBeNull();
    expect(toRsit('')).toBeNull();
  });

  it('returns a fresh object each time', () => {
    const a = toRsit('02002');
    expect(a).not.toBe(toRsit('02002'));
  });
});

describe('RSIT → GB/T', () => {
  it('has a row for every RSIT pair, each to a valid code', () => {
    expect(Object.keys(RSIT_TO_GBT).sort()).toEqual(RSIT_CLASSES.map(rsitKey).sort());
  });

  it('sends every RSIT type through fromRsit to a valid subcategory', () => {
    for (const c of RSIT_CLASSES) {
      const code = fromRsit(c.classification, c.type);
      expect(isValidSubcategory(code), rsitKey(c)).toBe(true);
      expect(code).toBe(RSIT_TO_GBT[rsitKey(c)]);
    }
  });

  it('round-trips: fromRsit picks a subcategory that maps back to the same RSIT type', () => {
    const image = new Set(
      Object.values(GBT_TO_RSIT).flatMap((row) => (row.rsit ? [rsitKey(row.rsit)] : [])),
    );
    // privileged-account-compromise comes from 06001 (privilege abuse), but an RSIT report of
    // an admin-level compromise is a compromised host (02018) in GB/T terms.
    const documentedExceptions = new Set(['intrusions/privileged-account-compromise']);
    for (const key of image) {
      const [c = '', t = ''] = key.split('/');
      const back = toRsit(fromRsit(c, t));
      if (documentedExceptions.has(key)) expect(back && rsitKey(back), key).not.toBe(key);
      else expect(back && rsitKey(back), key).toBe(key);
    }
    for (const c of RSIT_CLASSES) {
      expect(toRsit(fromRsit(c.classification, c.type)), rsitKey(c)).not.toBeNull();
    }
  });

  it('is forgiving about case, spaces and legacy values', () => {
    expect(fromRsit(' Fraud ', 'PHISHING')).toBe('02002');
    expect(fromRsit('fraud', 'unauthorized-use-of-resources')).toBe('06007');
    expect(fromRsit('information-content-security', 'Unauthorised-information-access')).toBe(
      '03005',
    );
    expect(fromRsit('malicious-code', 'malware-dga-domain')).toBe('01004');
  });

  it('falls back to the category "other", then to 10001', () => {
    expect(fromRsit('malicious-code', 'something-new')).toBe('01010');
    expect(fromRsit('vulnerable', 'something-new')).toBe('07003');
    expect(fromRsit('no-such-class', 'x')).toBe('10001');
    expect(fromRsit('', '')).toBe('10001');
    for (const code of Object.values(RSIT_CLASSIFICATION_FALLBACK)) {
      expect(findSubcategory(code)?.other, code).toBe(true);
    }
  });

  it('maps the anchors as expected', () => {
    expect(fromRsit('malicious-code', 'infected-system')).toBe('01004');
    expect(fromRsit('availability', 'ddos')).toBe('02008');
    expect(fromRsit('information-content-security', 'data-leak')).toBe('03003');
    expect(fromRsit('abusive-content', 'spam')).toBe('04006');
    expect(fromRsit('other', 'other')).toBe('10001');
  });
});

describe('campaign hooks', () => {
  it('feeds telecom fraud from online fraud and PI sale from leak and privacy infringement', () => {
    expect(CAMPAIGN_SUBCATEGORIES.telecom_fraud).toContain('04007');
    expect(CAMPAIGN_SUBCATEGORIES.personal_information_sale).toEqual(
      expect.arrayContaining(['03003', '03010']),
    );
  });

  it('uses valid codes, each once per campaign, and explains every inferred row', () => {
    for (const [id, hooks] of Object.entries(CAMPAIGN_HOOKS)) {
      const codes = hooks.map((h) => h.code);
      expect(new Set(codes).size, id).toBe(codes.length);
      expect(CAMPAIGN_SUBCATEGORIES[id as keyof typeof CAMPAIGN_SUBCATEGORIES]).toEqual(codes);
      for (const h of hooks) {
        expect(isValidSubcategory(h.code), h.code).toBe(true);
        if (h.basis === 'inferred') expect(h.note?.trim(), h.code).toBeTruthy();
      }
    }
  });

  it('campaignsFor', () => {
    expect(campaignsFor('04007')).toEqual(['telecom_fraud']);
    expect(campaignsFor('03003')).toEqual(['personal_information_sale']);
    expect(campaignsFor('01007')).toEqual([]);
  });

  it('records that hidden cameras have no subcategory', () => {
    expect(CAMPAIGNS_WITHOUT_SUBCATEGORY.hidden_cameras.note).toMatch(/case type/);
    const names = GBT20986_SUBCATEGORIES.flatMap((s) => [s.name['zh-CN'], ...s.aliasesZh]);
    expect(names.some((n) => /偷拍|摄像/.test(n))).toBe(false);
  });
});
