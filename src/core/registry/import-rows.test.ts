import { describe, expect, it } from 'vitest';
import type { ImportKind } from '../../contract/registry.js';
import {
  checkImportRecord,
  formatExportFile,
  parseImportFile,
  type ExportRecords,
  type ImportFormat,
} from './import-rows.js';

const ORG_HEADER = 'external_id,kind,parent_external_id,name_zh,name_en,sector,region,country';
const PUBLIC_KEY =
  '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmDMEZfake, "quoted"\n=abcd\n-----END PGP PUBLIC KEY BLOCK-----';

function csv(...lines: string[]): string {
  return `${lines.join('\r\n')}\r\n`;
}

describe('parseImportFile: CSV', () => {
  it('reads a spreadsheet export: BOM, CRLF, quoted commas and newlines, Chinese text', () => {
    const text = `\uFEFF${csv(
      ORG_HEADER + ',cii,cii_department,cii_date,cii_legal_basis,external_ids',
      'op-0001,operator,cac-gd,"广东星河电力有限公司","Guangdong Xinghe Power Co., Ltd.",energy,CN-GD,CN,是,国家能源局,2024-03-01,"《关键信息基础设施安全保护条例》第九条",uscc=91440300X; legacy = 17',
      'op-0002,operator,cac-gd,"广东""蓝海""银行","Guangdong Lanhai Bank\nHead Office",finance,CN-GD,CN,,,,,',
    )}`;
    const result = parseImportFile('orgs', 'csv', text);
    expect(result.errors).toEqual([]);
    expect(result.total).toBe(2);
    expect(result.rows.map((r) => r.row)).toEqual([1, 2]);
    expect(result.rows[0]!.value).toEqual({
      externalId: 'op-0001',
      parentExternalId: 'cac-gd',
      kind: 'operator',
      nameZh: '广东星河电力有限公司',
      nameEn: 'Guangdong Xinghe Power Co., Ltd.',
      sector: 'energy',
      region: 'CN-GD',
      country: 'CN',
      cii: {
        designated: true,
        department: '国家能源局',
        date: '2024-03-01',
        legalBasis: '《关键信息基础设施安全保护条例》第九条',
      },
      remit: null,
      timezone: 'Asia/Shanghai',
      language: 'zh-CN',
      externalIds: { uscc: '91440300X', legacy: '17' },
    });
    expect(result.rows[1]!.value).toMatchObject({
      nameZh: '广东"蓝海"银行',
      nameEn: 'Guangdong Lanhai Bank\nHead Office',
      cii: { designated: false },
      externalIds: {},
    });
  });

  it('reports a bad row among good ones by row and column, and keeps the good ones', () => {
    const text = csv(
      ORG_HEADER,
      'op-1,operator,,一,One,energy,CN-GD,CN',
      'op-2,operater,,二,Two,energy,CN-XX,CN',
      'op-3,operator,,三,Three,energy,CN-GD,CN',
    );
    const result = parseImportFile('orgs', 'csv', text);
    expect(result.total).toBe(3);
    expect(result.rows.map((r) => r.row)).toEqual([1, 3]);
    expect(result.errors).toEqual([
      { row: 2, field: 'kind', reason: 'must be one of coordinator, authority, operator, partner' },
    ]);
    // Domain rules run once the shape is right, so fixing the kind shows the region problem.
    const fixed = parseImportFile('orgs', 'csv', text.replace('operater', 'operator'));
    expect(fixed.errors).toEqual([
      { row: 2, field: 'region', reason: 'CN-XX is not a Chinese province-level code' },
    ]);
  });

  it('names the CSV column of nested fields', () => {
    const text = csv(
      'external_id,kind,name_zh,name_en,country,cii,cii_date,remit_sectors,remit_regions,remit_functions,external_ids',
      'a-1,authority,甲,A,CN,yes,2024-13-01,,,,',
      'a-2,authority,乙,B,CN,,,bank,CN-GD;CN-ZZ,,',
      'a-3,authority,丙,C,CN,maybe,,,,cyberspace_office,uscc',
    );
    expect(parseImportFile('orgs', 'csv', text).errors).toEqual([
      { row: 1, field: 'cii_date', reason: 'must be a real date written YYYY-MM-DD' },
      { row: 2, field: 'remit_sectors', reason: expect.stringMatching(/^must be one of energy, /) },
      { row: 2, field: 'remit_functions', reason: 'must have at least 1 entry' },
      { row: 3, field: 'cii', reason: 'must be true or false (yes/no and 1/0 work too)' },
      { row: 3, field: 'external_ids', reason: 'must be key=value pairs separated by ;' },
    ]);
    // A missing remit is about the whole object: it is reported where the functions go.
    const missing = parseImportFile(
      'orgs',
      'csv',
      csv('external_id,kind,name_zh,name_en,country', 'a-4,authority,丁,D,CN'),
    );
    expect(missing.errors).toEqual([
      {
        row: 1,
        field: 'remit_functions',
        reason: expect.stringMatching(/^is required for an authority/),
      },
    ]);
  });

  it('reads booleans, lists, numbers and the word none', () => {
    const contacts = parseImportFile(
      'contacts',
      'csv',
      csv(
        'org_external_id,name,email,role,channels,digest,digest_hour',
        'op-1,值班室,soc@a.example,duty_desk, inbox ; webhook ,immediate,7',
        'op-1,Legal,legal@a.example,legal,none,,',
        'op-1,滥用,abuse@a.example,abuse,,,',
        'op-1,Bad,bad@a.example,abuse,,,nine',
      ),
    );
    expect(contacts.rows.map((r) => r.value.preferences)).toEqual([
      { channels: ['inbox', 'webhook'], digest: 'immediate', digestHour: 7 },
      { channels: [], digest: 'daily', digestHour: 9 },
      { channels: ['inbox', 'email'], digest: 'daily', digestHour: 9 },
    ]);
    expect(contacts.errors).toEqual([
      { row: 4, field: 'digest_hour', reason: 'must be a whole number' },
    ]);

    const assets = parseImportFile(
      'assets',
      'csv',
      csv(
        'org_external_id,kind,name,mlps_level,cii,internet_facing',
        'op-1,system,A,3,TRUE,no',
        'op-1,system,B,2,1,Yes',
        'op-1,system,C,,0,',
      ),
    );
    expect(assets.errors).toEqual([]);
    expect(
      assets.rows.map((r) => [r.value.mlpsLevel, r.value.cii, r.value.internetFacing]),
    ).toEqual([
      [3, true, false],
      [2, true, true],
      [null, false, false],
    ]);
  });

  it('numbers rows as a person sees them, skipping blank lines and empty rows', () => {
    const text = 'org_external_id,value\n\nop-1,192.0.2.0/24\n,\nop-1,192.0.2.300\n\n';
    const result = parseImportFile('networks', 'csv', text);
    expect(result.total).toBe(2);
    expect(result.rows.map((r) => r.row)).toEqual([2]);
    expect(result.errors).toEqual([
      {
        row: 4,
        field: 'value',
        reason: expect.stringMatching(/^192\.0\.2\.300 is not a valid IPv4 address/),
      },
    ]);
  });

  it('reads short rows as empty cells and reports cells beyond the header', () => {
    const result = parseImportFile(
      'networks',
      'csv',
      csv('org_external_id,value,note', 'op-1,AS64496', 'op-1,AS64497,note,extra'),
    );
    expect(result.rows.map((r) => r.value)).toEqual([
      { orgExternalId: 'op-1', type: 'asn', value: 'AS64496', note: null },
    ]);
    expect(result.errors).toEqual([
      { row: 2, field: 'column 4', reason: 'is to the right of the last header column' },
    ]);
  });

  it('requires the owner of contacts, networks and assets', () => {
    const result = parseImportFile(
      'networks',
      'csv',
      csv('org_external_id,value', ',192.0.2.0/24'),
    );
    expect(result.errors).toEqual([
      { row: 1, field: 'org_external_id', reason: expect.stringMatching(/^is required/) },
    ]);
  });

  it('accepts header names in any case but refuses unknown, repeated and missing columns', () => {
    expect(
      parseImportFile('networks', 'csv', csv('Org_External_ID,VALUE', 'op-1,AS64496')).errors,
    ).toEqual([]);
    expect(
      parseImportFile(
        'contacts',
        'csv',
        csv('org_external_id,name,emial,role', 'op-1,a,a@b.example,abuse'),
      ),
    ).toEqual({
      rows: [],
      errors: [
        {
          row: 0,
          field: 'emial',
          reason: expect.stringMatching(
            /^is not a known column for contacts; the columns are org_external_id, external_id, name, email/,
          ),
        },
        { row: 0, field: 'email', reason: 'is a required column' },
      ],
      total: 0,
    });
    expect(
      parseImportFile('networks', 'csv', csv('org_external_id,value,value', 'a,b,c')).errors,
    ).toEqual([{ row: 0, field: 'value', reason: 'appears twice in the header' }]);
    expect(
      parseImportFile('networks', 'csv', csv('org_external_id,value,', 'a,b,c')).errors,
    ).toEqual([
      { row: 0, field: 'column 3', reason: expect.stringMatching(/^is not a known column/) },
    ]);
  });

  it('reports an unreadable file once, on row 0', () => {
    const broken = parseImportFile(
      'networks',
      'csv',
      'org_external_id,value\nop-1,"192.0.2.0/24\n',
    );
    expect(broken).toEqual({
      rows: [],
      errors: [{ row: 0, field: 'file', reason: expect.stringMatching(/^is not readable CSV: /) }],
      total: 0,
    });
    expect(parseImportFile('networks', 'csv', '').errors).toEqual([
      { row: 0, field: 'file', reason: 'is empty' },
    ]);
    // What a UTF-8 decoder makes of a GBK file saved by Excel.
    const gbk = parseImportFile(
      'orgs',
      'csv',
      `${ORG_HEADER}\nop-1,operator,,\uFFFD\uFFFD,One,energy,CN-GD,CN\n`,
    );
    expect(gbk.errors).toEqual([
      { row: 0, field: 'file', reason: expect.stringMatching(/^is not UTF-8 text/) },
    ]);
  });

  it('refuses an organisation without an external id and repeated external ids', () => {
    const text = csv(
      ORG_HEADER,
      ',operator,,一,One,energy,CN-GD,CN',
      'op-1,operator,,二,Two,energy,CN-GD,CN',
      'op-1,operator,,三,Three,energy,CN-GD,CN',
      'op-2,operator,op-2,四,Four,energy,CN-GD,CN',
    );
    expect(parseImportFile('orgs', 'csv', text).errors).toEqual([
      { row: 1, field: 'external_id', reason: expect.stringMatching(/^is required in imports/) },
      { row: 3, field: 'external_id', reason: 'repeats the external id of row 2' },
      { row: 4, field: 'parent_external_id', reason: 'cannot be the organisation itself' },
    ]);
  });

  // Its speed is measured by bench/import.bench.ts, not asserted here.
  it('parses a file of 100,000 network rows whole', () => {
    const lines = ['org_external_id,value,note'];
    for (let i = 0; i < 100_000; i++) {
      lines.push(`op-${i % 500},${10 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}.0/24,机房 ${i}`);
    }
    const result = parseImportFile('networks', 'csv', lines.join('\n'));
    expect(result.errors).toEqual([]);
    expect(result.rows).toHaveLength(100_000);
    expect(result.rows[99_999]!.value).toMatchObject({
      orgExternalId: 'op-499',
      value: '11.134.159.0/24',
    });
  });
});

describe('parseImportFile: JSON', () => {
  it('reads an array of contract-shaped objects with owner references', () => {
    const text = JSON.stringify([
      {
        orgExternalId: 'op-1',
        kind: 'product',
        name: 'Log4j',
        cpe: 'cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*',
      },
    ]);
    expect(parseImportFile('assets', 'json', `\uFEFF${text}`)).toEqual({
      rows: [
        {
          row: 1,
          value: {
            orgExternalId: 'op-1',
            externalId: null,
            kind: 'product',
            name: 'Log4j',
            vendor: null,
            product: null,
            version: null,
            cpe: 'cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*',
            purl: null,
            mlpsLevel: null,
            cii: false,
            internetFacing: false,
          },
        },
      ],
      errors: [],
      total: 1,
    });
  });

  it('reports problems by array position and JSON pointer', () => {
    const text = JSON.stringify([
      { orgExternalId: 'op-1', name: '王伟', email: 'wei@a.example', role: 'security_lead' },
      {
        orgExternalId: 'op-1',
        name: '李娜',
        email: 'not an address',
        role: 'security_lead',
        preferences: { channels: ['sms'], digest: 'daily', digestHour: 9 },
      },
      'op-1,李娜',
      { name: '张敏', email: 'min@a.example', role: 'abuse', orgExternalId: 42 },
    ]);
    const result = parseImportFile('contacts', 'json', text);
    expect(result.total).toBe(4);
    expect(result.rows.map((r) => r.row)).toEqual([1]);
    expect(result.errors).toEqual([
      { row: 2, field: '/email', reason: 'must be an e-mail address such as soc@example.cn' },
      { row: 2, field: '/preferences/channels/0', reason: 'must be one of inbox, email, webhook' },
      { row: 3, field: '/', reason: 'must be an object' },
      { row: 4, field: '/orgExternalId', reason: 'must be the external id of an organisation' },
    ]);
  });

  it('takes parents by external id only', () => {
    const base = {
      externalId: 'op-1',
      kind: 'operator',
      nameZh: '一',
      nameEn: 'One',
      country: 'CN',
    };
    const result = parseImportFile(
      'orgs',
      'json',
      JSON.stringify([
        { ...base, parentId: '0190a0b0-0000-7000-8000-000000000000' },
        { ...base, externalId: 'op-2', parentExternalId: 'op-1' },
      ]),
    );
    expect(result.errors).toEqual([
      { row: 1, field: '/parentId', reason: expect.stringMatching(/^is not used in imports/) },
    ]);
    expect(result.rows[0]!.value.parentExternalId).toBe('op-1');
  });

  it('reports a file that is not a JSON array once, on row 0', () => {
    expect(parseImportFile('orgs', 'json', '[{"externalId": ')).toEqual({
      rows: [],
      errors: [{ row: 0, field: 'file', reason: expect.stringMatching(/^is not valid JSON: /) }],
      total: 0,
    });
    expect(parseImportFile('orgs', 'json', '{"orgs": []}').errors).toEqual([
      { row: 0, field: 'file', reason: 'must be a JSON array with one object per row' },
    ]);
    expect(parseImportFile('orgs', 'json', '[]')).toEqual({ rows: [], errors: [], total: 0 });
  });
});

describe('checkImportRecord', () => {
  it('gives the value a file row would', () => {
    const record = { orgExternalId: 'op-1', value: '2001:DB8::/32' };
    expect(checkImportRecord('networks', record).value).toEqual(
      parseImportFile('networks', 'json', JSON.stringify([record])).rows[0]!.value,
    );
    expect(checkImportRecord('networks', 'x').errors).toEqual([
      { field: '/', reason: 'must be an object' },
    ]);
  });
});

describe('formatExportFile', () => {
  // Stored-only fields, which the export must leave out (spread, as the repositories' records carry them).
  const stored = {
    id: '0190a0b0-0000-7000-8000-000000000001',
    createdAt: '2026-11-28T00:00:00.000Z',
    updatedAt: '2026-11-28T00:00:00.000Z',
  };
  const storedOwned = { ...stored, orgId: stored.id, source: 'manual' };
  const records: { [K in ImportKind]: ExportRecords[K][] } = {
    orgs: [
      {
        ...stored,
        externalId: 'cac-gd',
        parentExternalId: 'cn-ncc',
        kind: 'authority',
        nameZh: '广东省互联网信息办公室',
        nameEn: 'Guangdong Cyberspace Administration, "CAC"',
        sector: null,
        region: 'CN-GD',
        country: 'CN',
        cii: { designated: false, department: null, date: null, legalBasis: null },
        remit: {
          sectors: [],
          regions: ['CN-GD'],
          functions: ['cyberspace_office', 'public_security'],
        },
        timezone: 'Asia/Shanghai',
        language: 'zh-CN',
        externalIds: {},
      },
      {
        externalId: 'op-0001',
        parentExternalId: 'cac-gd',
        kind: 'operator',
        nameZh: '广东星河电力有限公司',
        nameEn: 'Guangdong Xinghe Power Co., Ltd.\nSecond line',
        sector: 'energy',
        region: 'CN-GD',
        country: 'CN',
        cii: {
          designated: true,
          department: '国家能源局',
          date: '2024-03-01',
          legalBasis: '《关键信息基础设施安全保护条例》第九条',
        },
        remit: null,
        timezone: 'Asia/Urumqi',
        language: 'en',
        externalIds: { uscc: '91440300X', legacy: 'A-17' },
      },
    ],
    contacts: [
      {
        ...storedOwned,
        orgExternalId: 'op-0001',
        externalId: 'op-0001-lead',
        name: '王伟',
        email: 'wei.wang@xinghe-power.example',
        phone: '+86 20 0000 1234',
        role: 'security_lead',
        language: 'zh-CN',
        pgpKey: PUBLIC_KEY,
        preferences: { channels: [], digest: 'immediate', digestHour: 0 },
      },
      {
        orgExternalId: 'op-0001',
        externalId: null,
        name: 'Abuse desk',
        email: 'abuse@xinghe-power.example',
        phone: null,
        role: 'abuse',
        language: 'en',
        pgpKey: null,
        preferences: { channels: ['email', 'webhook'], digest: 'daily', digestHour: 9 },
      },
    ],
    networks: [
      {
        ...storedOwned,
        orgExternalId: 'op-0001',
        type: 'cidr',
        value: '2001:db8:1::/48',
        note: '机房, 二期',
      },
      { orgExternalId: 'op-0001', type: 'asn', value: 'AS4200000000', note: null },
      { orgExternalId: 'op-0001', type: 'domain', value: '星河.example', note: 'IDN' },
    ],
    assets: [
      {
        ...storedOwned,
        orgExternalId: 'op-0001',
        externalId: 'op-0001-a1',
        kind: 'product',
        name: 'Apache Log4j 2.14.1',
        vendor: 'Apache',
        product: 'Log4j',
        version: '2.14.1',
        cpe: 'cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*',
        purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
        mlpsLevel: null,
        cii: true,
        internetFacing: false,
      },
      {
        orgExternalId: 'op-0001',
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
        internetFacing: true,
      },
    ],
  };

  /** The import value of a record: what the export keeps (no ids, timestamps or source). */
  function importValue(record: object): object {
    const storedOnly = ['id', 'orgId', 'createdAt', 'updatedAt', 'source'];
    return Object.fromEntries(Object.entries(record).filter(([key]) => !storedOnly.includes(key)));
  }

  const cases = (['orgs', 'contacts', 'networks', 'assets'] as const).flatMap((kind) =>
    (['csv', 'json'] as const).map((format): [ImportKind, ImportFormat] => [kind, format]),
  );
  it.each(cases)('round-trips %s as %s', (kind, format) => {
    const text = formatExportFile(kind, format, records[kind] as never);
    const parsed = parseImportFile(kind, format, text);
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows.map((r) => r.value)).toEqual(records[kind].map(importValue));
  });

  it('writes a CSV spreadsheets open as UTF-8, with every column', () => {
    const text = formatExportFile('networks', 'csv', records.networks);
    expect(text.startsWith('\uFEFForg_external_id,value,note\n')).toBe(true);
    expect(text).toContain('op-0001,2001:db8:1::/48,"机房, 二期"\n');
    expect(text).toContain('op-0001,AS4200000000,\n');
    const orgs = formatExportFile('orgs', 'csv', records.orgs);
    expect(orgs.split('\n')[0]).toBe(
      '\uFEFFexternal_id,kind,parent_external_id,name_zh,name_en,sector,region,country,cii,cii_department,cii_date,cii_legal_basis,remit_sectors,remit_regions,remit_functions,timezone,language,external_ids',
    );
    expect(orgs).toContain(',cyberspace_office;public_security,');
    expect(orgs).toContain(',uscc=91440300X;legacy=A-17');
  });

  it('writes JSON without stored-only fields', () => {
    const [first] = JSON.parse(formatExportFile('networks', 'json', records.networks)) as object[];
    expect(first).toEqual({
      orgExternalId: 'op-0001',
      value: '2001:db8:1::/48',
      note: '机房, 二期',
    });
  });
});
