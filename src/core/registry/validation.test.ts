import { describe, expect, it } from 'vitest';
import {
  checkAssetInput,
  checkAssetPatch,
  checkContactInput,
  checkContactPatch,
  checkNetworkInput,
  checkOrganisationInput,
  checkOrganisationPatch,
  type Checked,
} from './validation.js';

const operator = {
  kind: 'operator',
  nameZh: '广东星河电力有限公司',
  nameEn: 'Guangdong Xinghe Power Co., Ltd.',
  country: 'CN',
  region: 'CN-GD',
};
const authority = {
  kind: 'authority',
  nameZh: '广东省互联网信息办公室',
  nameEn: 'Guangdong Cyberspace Administration',
  country: 'CN',
  region: 'CN-GD',
  remit: { sectors: [], regions: ['CN-GD'], functions: ['cyberspace_office'] },
};
const contact = { name: '王伟', email: 'wei.wang@xinghe-power.example', role: 'security_lead' };
const PUBLIC_KEY = [
  '-----BEGIN PGP PUBLIC KEY BLOCK-----',
  '',
  'mDMEZfakeBYJKwYBBAHaRw8BAQdAexampleexampleexampleexampleexample',
  '=abcd',
  '-----END PGP PUBLIC KEY BLOCK-----',
].join('\n');

/** The errors as `field: reason` lines, which read well in a failing assertion. */
function problems(result: Checked<unknown>): string[] {
  return result.errors.map((e) => `${e.field}: ${e.reason}`);
}

function fields(result: Checked<unknown>): string[] {
  return result.errors.map((e) => e.field);
}

describe('checkOrganisationInput', () => {
  it('fills in the defaults, following the country', () => {
    expect(checkOrganisationInput(operator)).toEqual({
      value: {
        ...operator,
        externalId: null,
        parentId: null,
        sector: null,
        cii: { designated: false, department: null, date: null, legalBasis: null },
        remit: null,
        timezone: 'Asia/Shanghai',
        language: 'zh-CN',
        externalIds: {},
      },
      errors: [],
    });
    const foreign = checkOrganisationInput({
      kind: 'partner',
      nameZh: '某 CERT',
      nameEn: 'Some CERT',
      country: 'DE',
    });
    expect(foreign.value).toMatchObject({ timezone: 'UTC', language: 'en', region: null });
  });

  it('keeps given values over defaults', () => {
    const { value } = checkOrganisationInput({
      ...operator,
      timezone: 'Asia/Urumqi',
      language: 'en',
      externalIds: { uscc: '91440300X' },
    });
    expect(value).toMatchObject({
      timezone: 'Asia/Urumqi',
      language: 'en',
      externalIds: { uscc: '91440300X' },
    });
  });

  it('explains shape problems in plain words, one per field', () => {
    const result = checkOrganisationInput({
      kind: 'operator',
      nameZh: '',
      country: 'cn',
      sector: 'banking',
      colour: 'red',
      externalIds: { uscc: 7 },
    });
    expect(result.value).toBeNull();
    expect(problems(result)).toEqual(
      expect.arrayContaining([
        '/nameEn: is required',
        '/nameZh: must not be empty',
        '/country: must be a two-letter ISO 3166-1 country code in capitals, such as CN',
        '/colour: is not a known field',
        '/externalIds/uscc: must be text',
      ]),
    );
    expect(problems(result)).toContainEqual(
      expect.stringMatching(/^\/sector: must be one of energy, finance, transport, .*, other$/),
    );
    expect(new Set(fields(result)).size).toBe(result.errors.length);
  });

  it('reports inside a nullable object rather than on the object', () => {
    const result = checkOrganisationInput({
      ...authority,
      remit: { sectors: ['banking'], regions: [], functions: [] },
    });
    expect(problems(result)).toEqual([
      '/remit/sectors/0: must be one of energy, finance, transport, water, health, telecom_internet, public_services, e_government, defence_industry, other',
      '/remit/functions: must have at least 1 entry',
    ]);
  });

  it('refuses what is not an object', () => {
    expect(problems(checkOrganisationInput(null))).toEqual(['/: must be an object']);
    expect(problems(checkOrganisationInput([operator]))).toEqual(['/: must be an object']);
  });

  it('checks the region and that it lies in the country', () => {
    expect(problems(checkOrganisationInput({ ...operator, region: 'CN-XX' }))).toEqual([
      '/region: CN-XX is not a Chinese province-level code',
    ]);
    expect(problems(checkOrganisationInput({ ...operator, region: 'DE-BY' }))).toEqual([
      '/region: is in DE, but the country is CN',
    ]);
    expect(problems(checkOrganisationInput({ ...operator, region: 'guangdong' }))[0]).toMatch(
      /^\/region: must be an ISO 3166-2 code/,
    );
    expect(checkOrganisationInput({ ...operator, country: 'SG', region: 'SG-01' }).errors).toEqual(
      [],
    );
  });

  it('checks the time zone', () => {
    expect(problems(checkOrganisationInput({ ...operator, timezone: 'China/Beijing' }))).toEqual([
      '/timezone: must be an IANA time zone such as Asia/Shanghai',
    ]);
  });

  it('requires a remit of authorities and only of them', () => {
    expect(fields(checkOrganisationInput({ ...authority, remit: undefined }))).toEqual(['/remit']);
    expect(fields(checkOrganisationInput({ ...authority, remit: null }))).toEqual(['/remit']);
    expect(problems(checkOrganisationInput({ ...operator, remit: authority.remit }))).toEqual([
      '/remit: is only for authorities',
    ]);
    expect(
      fields(
        checkOrganisationInput({ ...authority, remit: { ...authority.remit, regions: ['CN-ZZ'] } }),
      ),
    ).toEqual(['/remit/regions/0']);
    expect(checkOrganisationInput(authority).errors).toEqual([]);
  });

  it('requires department and date of a CII designation, and a real date', () => {
    const designated = { designated: true, department: null, date: null, legalBasis: null };
    expect(fields(checkOrganisationInput({ ...operator, cii: designated }))).toEqual([
      '/cii/department',
      '/cii/date',
    ]);
    expect(
      problems(
        checkOrganisationInput({
          ...operator,
          cii: { ...designated, department: '国家能源局', date: '2025-02-30' },
        }),
      ),
    ).toEqual(['/cii/date: must be a real date written YYYY-MM-DD']);
    // A future date is allowed: a designation can be recorded ahead of taking effect.
    const future = checkOrganisationInput({
      ...operator,
      cii: { ...designated, department: '国家能源局', date: '2099-01-01' },
    });
    expect(future.errors).toEqual([]);
  });
});

describe('checkOrganisationPatch', () => {
  const existing = checkOrganisationInput(authority).value;
  const stored = {
    ...existing,
    id: '0190a0b0-0000-7000-8000-000000000000',
    createdAt: 'x',
    updatedAt: 'y',
  };

  it('merges the patch over the stored record, ignoring stored-only fields', () => {
    const { value, errors } = checkOrganisationPatch(stored, { nameEn: 'Guangdong CAC' });
    expect(errors).toEqual([]);
    expect(value).toEqual({ ...existing, nameEn: 'Guangdong CAC' });
  });

  it('keeps rules across fields after the patch', () => {
    expect(problems(checkOrganisationPatch(existing, { kind: 'operator' }))).toEqual([
      '/remit: is only for authorities',
    ]);
    expect(problems(checkOrganisationPatch(existing, { country: 'DE' }))).toEqual([
      '/region: is in CN, but the country is DE',
    ]);
    expect(checkOrganisationPatch(existing, { kind: 'operator', remit: null }).errors).toEqual([]);
  });

  it('refuses unknown fields and non-objects', () => {
    expect(problems(checkOrganisationPatch(existing, { id: 'x' }))).toEqual([
      '/id: is not a known field',
    ]);
    expect(problems(checkOrganisationPatch(existing, 'name'))).toEqual(['/: must be an object']);
  });
});

describe('checkContactInput', () => {
  it('fills in the defaults', () => {
    expect(checkContactInput(contact)).toEqual({
      value: {
        ...contact,
        externalId: null,
        phone: null,
        language: 'zh-CN',
        pgpKey: null,
        preferences: { channels: ['inbox', 'email'], digest: 'daily', digestHour: 9 },
      },
      errors: [],
    });
  });

  it('does not share the default preferences between contacts', () => {
    const first = checkContactInput(contact).value;
    first.preferences.channels.push('webhook');
    expect(checkContactInput(contact).value.preferences.channels).toEqual(['inbox', 'email']);
  });

  it.each([
    'a@b',
    'a b@example.cn',
    '@example.cn',
    'soc@@example.cn',
    'soc@example..cn',
    '.soc@example.cn',
    'soc@-x.example',
  ])('refuses the e-mail address %s', (email) => {
    expect(problems(checkContactInput({ ...contact, email }))).toEqual([
      '/email: must be an e-mail address such as soc@example.cn',
    ]);
  });

  it.each([
    'soc@example.cn',
    'first.last+cert@sub.example.com.cn',
    'abuse@例子.中国',
    'a@xn--fiqs8s.xn--fiqs8s',
  ])('accepts the e-mail address %s', (email) => {
    expect(checkContactInput({ ...contact, email }).errors).toEqual([]);
  });

  it('checks phone, role and preferences', () => {
    const result = checkContactInput({
      ...contact,
      phone: 'call me',
      role: 'boss',
      preferences: { channels: ['fax'], digest: 'weekly', digestHour: 24 },
    });
    expect(problems(result)).toEqual([
      '/phone: must be a phone number of digits, spaces, ( ) and -, optionally starting with +',
      '/role: must be one of security_lead, duty_desk, abuse, legal',
      '/preferences/channels/0: must be one of inbox, email, webhook',
      '/preferences/digest: must be one of immediate, daily',
      '/preferences/digestHour: must be a whole number from 0 to 23',
    ]);
  });

  it('accepts an armored public key and refuses anything else', () => {
    expect(checkContactInput({ ...contact, pgpKey: `${PUBLIC_KEY}\n` }).errors).toEqual([]);
    expect(
      checkContactInput({ ...contact, pgpKey: PUBLIC_KEY.replaceAll('\n', '\r\n') }).errors,
    ).toEqual([]);
    expect(
      fields(checkContactInput({ ...contact, pgpKey: 'mDMEZfakeBYJKwYBBAHaRw8BAQdA' })),
    ).toEqual(['/pgpKey']);
    expect(
      fields(
        checkContactInput({
          ...contact,
          pgpKey: PUBLIC_KEY.replace('-----END PGP PUBLIC KEY BLOCK-----', ''),
        }),
      ),
    ).toEqual(['/pgpKey']);
    const secret = PUBLIC_KEY.replaceAll('PUBLIC KEY', 'PRIVATE KEY');
    expect(problems(checkContactInput({ ...contact, pgpKey: secret }))[0]).toMatch(
      /^\/pgpKey: is a private key/,
    );
  });

  it('patches over the stored contact', () => {
    const existing = checkContactInput(contact).value;
    expect(checkContactPatch(existing, { language: 'en' }).value).toEqual({
      ...existing,
      language: 'en',
    });
    expect(fields(checkContactPatch(existing, { email: 'nope' }))).toEqual(['/email']);
  });
});

describe('checkNetworkInput', () => {
  it('stores the canonical form and its type', () => {
    expect(checkNetworkInput({ value: ' 2001:DB8:0::/32 ' })).toEqual({
      value: { type: 'cidr', value: '2001:db8::/32', note: null },
      errors: [],
    });
    expect(checkNetworkInput({ value: 'as64496', note: '主干' }).value).toEqual({
      type: 'asn',
      value: 'AS64496',
      note: '主干',
    });
    expect(checkNetworkInput({ value: 'Xinghe-Power.Example.' }).value).toMatchObject({
      type: 'domain',
      value: 'xinghe-power.example',
    });
  });

  it('reports the parser’s reason on /value', () => {
    expect(problems(checkNetworkInput({ value: '192.0.2.1/24' }))).toEqual([
      '/value: 192.0.2.1/24 has host bits set; did you mean 192.0.2.0/24?',
    ]);
    expect(problems(checkNetworkInput({ value: '' }))).toEqual(['/value: must not be empty']);
    expect(problems(checkNetworkInput({ value: 4134 }))).toEqual(['/value: must be text']);
  });
});

describe('checkAssetInput', () => {
  const log4j = { kind: 'product', name: 'Apache Log4j 2.14.1' };

  it('fills in the defaults', () => {
    expect(checkAssetInput({ kind: 'system', name: '门户网站', mlpsLevel: 3 })).toEqual({
      value: {
        externalId: null,
        kind: 'system',
        name: '门户网站',
        vendor: null,
        product: null,
        version: null,
        cpe: null,
        purl: null,
        mlpsLevel: 3,
        cii: false,
        internetFacing: false,
      },
      errors: [],
    });
  });

  it('needs a way to identify a product', () => {
    expect(problems(checkAssetInput(log4j))).toEqual([
      '/product: a product needs a vendor and product name, a CPE or a package URL',
    ]);
    expect(fields(checkAssetInput({ ...log4j, vendor: 'Apache' }))).toEqual(['/product']);
    expect(checkAssetInput({ ...log4j, vendor: 'Apache', product: 'Log4j' }).errors).toEqual([]);
    expect(checkAssetInput({ kind: 'system', name: 'OA' }).errors).toEqual([]);
  });

  it.each([
    'cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*',
    'cpe:2.3:o:fortinet:fortios:7.2.4:*:*:*:*:*:*:*',
    'cpe:2.3:h:cisco:asa_5505:-:*:*:*:*:*:*:*',
    'cpe:2.3:a:microsoft:exchange_server:2019:cumulative_update_12:*:*:*:*:*:*',
    'cpe:2.3:a:vendor:product\\:with\\:colons:1.0:*:*:*:*:*:*:*',
    'cpe:2.3:*:vendor:product:*:*:*:*:*:*:*:*',
  ])('accepts the CPE %s', (cpe) => {
    expect(checkAssetInput({ ...log4j, cpe }).errors).toEqual([]);
  });

  it.each([
    [
      'cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*',
      /^must have 13 colon-separated components .*, not 12$/,
    ],
    ['cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*:*', /not 14$/],
    ['cpe:2.3:a:vendor:product\\:1.0:*:*:*:*:*:*:*', /not 12$/],
    ['cpe:2.3:a:apache:log4j::*:*:*:*:*:*:*', /^has an empty component/],
    ['cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:\\', /unfinished \\ escape/],
    ['cpe:2.3:a:apache:log 4j:2.14.1:*:*:*:*:*:*:*', /spaces/],
    ['cpe:/a:apache:log4j:2.14.1', /^must be a CPE 2.3 name/],
    ['cpe:2.3:x:apache:log4j:2.14.1:*:*:*:*:*:*:*', /^must be a CPE 2.3 name/],
  ])('refuses the CPE %s', (cpe, reason) => {
    const result = checkAssetInput({ ...log4j, cpe });
    expect(fields(result)).toEqual(['/cpe']);
    expect(result.errors[0]!.reason).toMatch(reason);
  });

  it.each([
    'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
    'pkg:npm/lodash@4.17.20',
    'pkg:npm/%40angular/core@16.0.0',
    'pkg:npm/@angular/core@16.0.0',
    'pkg:npm/@angular/core',
    'pkg:generic/openssl@3.0.7?download_url=https://example.com/openssl.tgz#crypto',
    'pkg:deb/debian/curl@7.50.3-1?arch=i386&distro=jessie',
    'pkg:golang/github.com/gorilla/context',
  ])('accepts the package URL %s', (purl) => {
    expect(checkAssetInput({ ...log4j, purl }).errors).toEqual([]);
  });

  it.each([
    ['pkg:maven/', /no package name/],
    ['pkg:maven/org.apache.logging.log4j/@2.14.1', /no package name/],
    ['pkg:npm/lodash@', /no version/],
    ['pkg:deb/debian/curl?arch', /qualifiers/],
    ['pkg:/lodash', /^must be a package URL/],
    ['npm/lodash@4.17.20', /^must be a package URL/],
  ])('refuses the package URL %s', (purl, reason) => {
    const result = checkAssetInput({ ...log4j, purl });
    expect(fields(result)).toEqual(['/purl']);
    expect(result.errors[0]!.reason).toMatch(reason);
  });

  it('checks the MLPS level', () => {
    expect(problems(checkAssetInput({ kind: 'system', name: 'OA', mlpsLevel: 6 }))).toEqual([
      '/mlpsLevel: must be a whole number from 1 to 5',
    ]);
  });

  it('patches over the stored asset', () => {
    const existing = checkAssetInput({
      ...log4j,
      cpe: 'cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*',
    }).value;
    expect(checkAssetPatch(existing, { internetFacing: true }).value).toEqual({
      ...existing,
      internetFacing: true,
    });
    expect(fields(checkAssetPatch(existing, { cpe: null }))).toEqual(['/product']);
  });
});
