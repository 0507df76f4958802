import { describe, expect, it } from 'vitest';
import { generateDemoConstituency } from './demo.js';
import { formatExportFile, parseImportFile } from './import-rows.js';
import { SECTOR_CODES, USER_ROLES } from './vocabulary.js';

const demo = generateDemoConstituency();
const operators = demo.organisations.filter((o) => o.kind === 'operator');
const PROVINCES = ['CN-BJ', 'CN-SH', 'CN-GD', 'CN-ZJ', 'CN-JS', 'CN-SC'];

/** A CIDR block as an inclusive range of big integers, tagged with its family. */
function range(cidr: string): { family: 4 | 6; start: bigint; end: bigint } {
  const [address, prefix] = cidr.split('/') as [string, string];
  const family = address.includes(':') ? 6 : 4;
  let start = 0n;
  if (family === 4) {
    for (const part of address.split('.')) start = start * 256n + BigInt(part);
  } else {
    const [head, tail] = address.split('::') as [string, string | undefined];
    const before = head ? head.split(':') : [];
    const after = tail ? tail.split(':') : [];
    const groups = [
      ...before,
      ...Array<string>(8 - before.length - after.length).fill('0'),
      ...after,
    ];
    for (const group of groups) start = start * 65536n + BigInt(parseInt(group, 16));
  }
  const size = 1n << BigInt((family === 4 ? 32 : 128) - Number(prefix));
  return { family, start, end: start + size - 1n };
}

function within(cidr: string, block: string): boolean {
  const inner = range(cidr);
  const outer = range(block);
  return inner.family === outer.family && inner.start >= outer.start && inner.end <= outer.end;
}

describe('generateDemoConstituency', () => {
  it('is deterministic', () => {
    expect(generateDemoConstituency()).toEqual(demo);
    expect(generateDemoConstituency(20261128)).toEqual(demo);
    expect(generateDemoConstituency(7)).not.toEqual(demo);
  });

  it('has the expected organisations', () => {
    const count = (kind: string) => demo.organisations.filter((o) => o.kind === kind).length;
    expect(demo.organisations).toHaveLength(219);
    expect(count('coordinator')).toBe(1);
    expect(count('authority')).toBe(6 + 6 + 5);
    expect(count('partner')).toBe(1);
    expect(operators).toHaveLength(200);

    expect(demo.organisations[0]).toMatchObject({
      externalId: 'cn-ncc',
      kind: 'coordinator',
      nameZh: '国家网络安全应急协调中心',
      nameEn: 'National Cyberspace Incident Coordination Centre',
      region: 'CN-BJ',
      parentExternalId: null,
    });
    expect(demo.organisations.find((o) => o.externalId === 'cac-gd')).toMatchObject({
      parentExternalId: 'cn-ncc',
      remit: { sectors: [], regions: ['CN-GD'], functions: ['cyberspace_office'] },
    });
    expect(demo.organisations.find((o) => o.externalId === 'psb-sc')?.remit?.functions).toEqual([
      'public_security',
    ]);
    expect(
      demo.organisations.find((o) => o.sector === 'finance' && o.kind === 'authority'),
    ).toMatchObject({
      parentExternalId: 'cn-ncc',
      remit: {
        sectors: ['finance'],
        regions: [],
        functions: ['sector_regulator', 'cii_protection'],
      },
    });
    expect(demo.organisations.find((o) => o.kind === 'partner')).toMatchObject({
      country: 'SG',
      region: null,
      language: 'en',
    });
  });

  it('spreads operators over every sector and the six provinces, under their cyberspace office', () => {
    expect(new Set(operators.map((o) => o.sector))).toEqual(new Set(SECTOR_CODES));
    expect(new Set(operators.map((o) => o.region))).toEqual(new Set(PROVINCES));
    for (const operator of operators) {
      expect(operator.parentExternalId).toBe(`cac-${operator.region!.slice(3).toLowerCase()}`);
      expect(operator.externalId).toMatch(/^op-\d{4}$/);
      expect(operator.timezone).toBe('Asia/Shanghai');
    }
    expect(new Set(operators.map((o) => o.nameZh)).size).toBe(200);
    expect(new Set(operators.map((o) => o.nameEn)).size).toBe(200);
    const english = operators.filter((o) => o.language === 'en').length;
    expect(english).toBeGreaterThan(0);
    expect(english).toBeLessThan(30);
  });

  it('designates about a fifth of operators as CII, by their sector regulator', () => {
    const designated = operators.filter((o) => o.cii.designated);
    expect(designated.length).toBeGreaterThanOrEqual(30);
    expect(designated.length).toBeLessThanOrEqual(50);
    const regulators = new Map(
      demo.organisations
        .filter((o) => o.remit?.functions.includes('sector_regulator'))
        .map((o) => [o.sector, o.nameZh]),
    );
    for (const operator of designated) {
      expect(operator.cii).toEqual({
        designated: true,
        department: regulators.get(operator.sector),
        date: expect.stringMatching(/^202[2-6]-\d\d-\d\d$/),
        legalBasis: '《关键信息基础设施安全保护条例》第九条',
      });
    }
  });

  it('lists parents before their children and owners before what they own', () => {
    const seen = new Set<string>();
    for (const org of demo.organisations) {
      if (org.parentExternalId) expect(seen).toContain(org.parentExternalId);
      seen.add(org.externalId);
    }
    expect(seen.size).toBe(demo.organisations.length);
    for (const owned of [...demo.contacts, ...demo.networks, ...demo.assets]) {
      expect(seen).toContain(owned.orgExternalId);
    }
  });

  it('gives every operator 1-3 contacts, 1-4 networks and 1-5 assets', () => {
    for (const operator of operators) {
      const mine = <T extends { orgExternalId: string }>(items: T[]) =>
        items.filter((i) => i.orgExternalId === operator.externalId);
      expect(mine(demo.contacts).length).toBeGreaterThanOrEqual(1);
      expect(mine(demo.contacts).length).toBeLessThanOrEqual(3);
      expect(mine(demo.networks).length).toBeGreaterThanOrEqual(1);
      expect(mine(demo.networks).length).toBeLessThanOrEqual(4);
      expect(mine(demo.assets).length).toBeGreaterThanOrEqual(1);
      expect(mine(demo.assets).length).toBeLessThanOrEqual(5);
      expect(new Set(mine(demo.assets).map((a) => a.name)).size).toBe(mine(demo.assets).length);
    }
    expect(new Set(demo.contacts.map((c) => c.externalId)).size).toBe(demo.contacts.length);
    expect(new Set(demo.assets.map((a) => a.externalId)).size).toBe(demo.assets.length);
  });

  it('uses only documentation, private and .example space, never overlapping between organisations', () => {
    const allowed = [
      '10.0.0.0/8',
      '172.16.0.0/12',
      '192.168.0.0/16',
      '192.0.2.0/24',
      '198.51.100.0/24',
      '203.0.113.0/24',
      '2001:db8::/32',
    ];
    const blocks: { family: 4 | 6; start: bigint; end: bigint; value: string }[] = [];
    for (const network of demo.networks) {
      if (network.type === 'cidr') {
        expect(
          allowed.some((block) => within(network.value, block)),
          network.value,
        ).toBe(true);
        blocks.push({ ...range(network.value), value: network.value });
      } else if (network.type === 'asn') {
        const asn = Number(network.value.slice(2));
        const documented = (asn >= 64496 && asn <= 64511) || (asn >= 65536 && asn <= 65551);
        expect(documented || asn >= 4200000000, network.value).toBe(true);
      } else {
        expect(network.value).toMatch(/^[a-z0-9-]+\.example$/);
      }
    }
    expect(blocks.length).toBeGreaterThan(50);
    blocks.sort(
      (a, b) => a.family - b.family || (a.start < b.start ? -1 : a.start > b.start ? 1 : 0),
    );
    for (let i = 1; i < blocks.length; i++) {
      const [previous, current] = [blocks[i - 1]!, blocks[i]!];
      if (previous.family === current.family) {
        expect(current.start > previous.end, `${previous.value} and ${current.value}`).toBe(true);
      }
    }
    const values = demo.networks.map((n) => `${n.type}:${n.value}`);
    expect(new Set(values).size).toBe(values.length);
    for (const contact of demo.contacts) expect(contact.email).toMatch(/@[a-z0-9.-]+\.example$/);
  });

  it('has products with CPE or package URL and systems with MLPS levels 2-4', () => {
    const products = demo.assets.filter((a) => a.kind === 'product');
    const systems = demo.assets.filter((a) => a.kind === 'system');
    expect(products.length).toBeGreaterThan(100);
    expect(systems.length).toBeGreaterThan(100);
    for (const product of products) expect(product.cpe ?? product.purl).toBeTruthy();
    for (const system of systems) expect([2, 3, 4]).toContain(system.mlpsLevel);
    expect(products.map((p) => p.cpe)).toContain('cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*');
  });

  it('passes the import checks: exported and imported again, every value comes back unchanged', () => {
    const parts = [
      ['orgs', demo.organisations],
      ['contacts', demo.contacts],
      ['networks', demo.networks],
      ['assets', demo.assets],
    ] as const;
    for (const [kind, values] of parts) {
      for (const format of ['csv', 'json'] as const) {
        const parsed = parseImportFile(
          kind,
          format,
          formatExportFile(kind, format, values as never),
        );
        expect(parsed.errors).toEqual([]);
        expect(parsed.rows.map((r) => r.value)).toEqual(values);
      }
    }
  });

  it('has one demo user per role at the right organisations', () => {
    expect(demo.users.map((u) => u.role)).toEqual([...USER_ROLES]);
    const orgs = new Map(demo.organisations.map((o) => [o.externalId, o]));
    const at = (role: string) => orgs.get(demo.users.find((u) => u.role === role)!.orgExternalId)!;
    expect(at('admin').externalId).toBe('cn-ncc');
    expect(at('coordinator').externalId).toBe('cn-ncc');
    expect(at('auditor').externalId).toBe('cn-ncc');
    expect(at('authority').externalId).toBe('cac-gd');
    expect(at('operator')).toBe(operators.find((o) => o.region === 'CN-GD'));
    expect(at('partner').kind).toBe('partner');
    expect(new Set(demo.users.map((u) => u.username)).size).toBe(USER_ROLES.length);
  });
});
