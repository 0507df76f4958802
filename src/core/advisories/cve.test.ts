import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DomainError, type FieldError } from '../errors.js';
import { normaliseCve } from './cve.js';
import { cveScheme } from './cve-status.js';

const CVE = new URL('../../../../shared/data/cve/', import.meta.url);
const FILES = readdirSync(CVE)
  .filter((file) => file.endsWith('.json'))
  .sort();

/** The parts of a shared record the tests change. */
interface TestRecord {
  dataType?: string;
  cveMetadata: Record<string, unknown>;
  containers: {
    cna?: { affected: { versions: Record<string, unknown>[] }[] };
  };
}

/** A fresh copy of a shared record, to change freely. */
function load(file: string): TestRecord {
  return JSON.parse(readFileSync(new URL(file, CVE), 'utf8')) as TestRecord;
}

/** The fields a refused record is refused for. */
function refusal(record: unknown): FieldError[] {
  try {
    normaliseCve(record);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('validation_failed');
    return (error as DomainError).fields;
  }
  throw new Error('the record was accepted');
}

describe('CVE JSON 5 records', () => {
  it('finds the shared records', () => {
    expect(FILES).toHaveLength(8);
  });

  it.each(FILES)('%s normalises', (file) => {
    const record = load(file);
    const advisory = normaliseCve(record);
    expect(advisory).toMatchObject({
      source: 'cve',
      sourceId: file.replace('.json', ''),
      revision: record.cveMetadata.dateUpdated,
      cves: [file.replace('.json', '')],
      kev: null,
    });
    expect(advisory.title.length).toBeGreaterThan(0);
    expect(advisory.title.length).toBeLessThanOrEqual(200);
    expect(advisory.summary).not.toBeNull();
    expect(advisory.products.length).toBeGreaterThan(0);
    advisory.products.forEach((product, i) => {
      expect(product.ref).toBe(`affected[${i}]`);
      expect(product.status).toBe('affected');
    });
  });

  it('reads GitHub loose ranges as vers constraints (CVE-2023-45133, Babel)', () => {
    const advisory = normaliseCve(load('CVE-2023-45133.json'));
    expect(advisory).toMatchObject({
      title:
        'Babel vulnerable to arbitrary code execution when compiling specifically crafted malicious code',
      publisher: 'GitHub_M',
      cvss: 9.4,
      severity: 'critical',
      publishedAt: '2023-10-12T16:17:08.624Z',
      updatedAt: '2025-02-13T17:13:48.413Z',
    });
    expect(advisory.summary).toMatch(/^Babel is a compiler/);
    expect(advisory.products).toEqual([
      {
        ref: 'affected[0]',
        name: 'babel babel',
        vendor: 'babel',
        product: 'babel',
        cpe: null,
        purl: null,
        versions: {
          kind: 'vers',
          scheme: 'generic',
          constraints: [
            { comparator: '<', version: '7.23.2' },
            { comparator: '>=', version: '8.0.0-alpha.0' },
            { comparator: '<', version: '8.0.0-alpha.4' },
          ],
        },
        status: 'affected',
        cves: ['CVE-2023-45133'],
      },
    ]);
  });

  it('keeps custom ranges with changes as the record has them (CVE-2021-44228, Log4Shell)', () => {
    const advisory = normaliseCve(load('CVE-2021-44228.json'));
    // The CNA gives no CVSS; CISA's ADP container does.
    expect(advisory).toMatchObject({ publisher: 'apache', cvss: 10, severity: 'critical' });
    expect(advisory.products).toHaveLength(1);
    expect(advisory.products[0]).toMatchObject({
      vendor: 'Apache Software Foundation',
      product: 'Apache Log4j2',
      name: 'Apache Software Foundation Apache Log4j2',
      versions: {
        kind: 'cve',
        scheme: cveScheme('custom'),
        defaultStatus: 'unknown',
        ranges: [
          {
            version: '2.0-beta9',
            status: 'affected',
            lessThan: 'log4j-core*',
            changes: [
              { at: '2.3.1', status: 'unaffected' },
              { at: '2.4', status: 'affected' },
              { at: '2.12.2', status: 'unaffected' },
              { at: '2.13.0', status: 'affected' },
              { at: '2.15.0', status: 'unaffected' },
            ],
          },
        ],
      },
    });
    // References the CNA and the CVE program container share are listed once.
    const urls = advisory.references.map((reference) => reference.url);
    expect(new Set(urls).size).toBe(urls.length);
    expect(urls).toContain('https://logging.apache.org/log4j/2.x/security.html');
  });

  it('makes a Maven purl from the collection URL and package name (CVE-2023-46604)', () => {
    const advisory = normaliseCve(load('CVE-2023-46604.json'));
    expect(advisory.products.map((product) => product.purl)).toEqual([
      'pkg:maven/org.apache.activemq/activemq-client',
      'pkg:maven/org.apache.activemq/activemq-openwire-legacy',
    ]);
    expect(advisory.products[0]).toMatchObject({
      vendor: 'Apache Software Foundation',
      product: 'Apache ActiveMQ',
      versions: { kind: 'cve', scheme: cveScheme('semver'), defaultStatus: 'unaffected' },
    });
    expect(advisory.products[0]!.versions).toMatchObject({
      ranges: expect.arrayContaining([
        { version: '5.18.0', status: 'affected', lessThan: '5.18.3' },
      ]) as unknown,
    });
  });

  it('makes npm and PyPI purls', () => {
    const record = load('CVE-2023-45133.json') as unknown as {
      containers: { cna: { affected: Record<string, unknown>[] } };
    };
    record.containers.cna.affected = [
      {
        collectionURL: 'https://registry.npmjs.org',
        packageName: '@babel/traverse',
        versions: [{ version: '< 7.23.2', status: 'affected' }],
      },
      {
        collectionURL: 'https://pypi.org/simple',
        packageName: 'Django',
        versions: [{ version: '4.2.0', status: 'affected' }],
      },
      { collectionURL: 'https://example.org/packages', packageName: 'thing', versions: [] },
    ];
    const [npm, pypi, other] = normaliseCve(record).products;
    expect(npm).toMatchObject({
      vendor: null,
      product: '@babel/traverse',
      name: '@babel/traverse',
      purl: 'pkg:npm/%40babel/traverse',
      versions: {
        kind: 'vers',
        scheme: 'npm',
        constraints: [{ comparator: '<', version: '7.23.2' }],
      },
    });
    expect(pypi).toMatchObject({ purl: 'pkg:pypi/django', versions: { kind: 'cve' } });
    expect(other).toMatchObject({ purl: null, product: 'thing' });
  });

  it("takes CPEs from CISA's ADP when the CNA gives none (CVE-2024-21762)", () => {
    const advisory = normaliseCve(load('CVE-2024-21762.json'));
    expect(advisory.products.map((product) => [product.product, product.cpe])).toEqual([
      ['FortiProxy', 'cpe:2.3:a:fortinet:fortiproxy:1.0.0:*:*:*:*:*:*:*'],
      ['FortiOS', 'cpe:2.3:o:fortinet:fortios:6.0.0:*:*:*:*:*:*:*'],
    ]);
    // No title: the description, cut to 200 characters.
    expect(advisory.title).toHaveLength(200);
    expect(advisory.title).toMatch(/^A out-of-bounds write in Fortinet FortiOS .*…$/);
    expect(advisory).toMatchObject({ cvss: 9.6, severity: 'critical', publisher: 'fortinet' });
    expect(advisory.products[1]!.versions).toMatchObject({
      kind: 'cve',
      ranges: expect.arrayContaining([
        { version: '7.2.0', status: 'affected', lessThanOrEqual: '7.2.6' },
      ]) as unknown,
    });
  });

  it('leaves "n/a" vendor and product unknown (CVE-2020-19909)', () => {
    const advisory = normaliseCve(load('CVE-2020-19909.json'));
    expect(advisory.products).toEqual([
      {
        ref: 'affected[0]',
        name: 'n/a',
        vendor: null,
        product: null,
        cpe: null,
        purl: null,
        versions: {
          kind: 'cve',
          scheme: cveScheme(undefined),
          ranges: [{ version: 'n/a', status: 'affected' }],
          defaultStatus: 'unknown',
        },
        status: 'affected',
        cves: ['CVE-2020-19909'],
      },
    ]);
    expect(advisory).toMatchObject({ publisher: 'mitre', cvss: null, severity: null });
    expect(advisory.title).toMatch(/^Integer overflow vulnerability in tool_operate\.c/);
  });

  it('marks loose ranges it cannot read as unparsed', () => {
    const record = load('CVE-2023-45133.json');
    record.containers.cna!.affected[0]!.versions = [
      { version: '< 7.23.2', status: 'affected' },
      { version: '>= 8.0.0', status: 'unaffected' },
    ];
    expect(normaliseCve(record).products[0]!.versions).toEqual({
      kind: 'unparsed',
      text: '< 7.23.2 | >= 8.0.0',
    });
  });

  it('refuses what is not a usable published record, naming the field', () => {
    expect(refusal(null)).toEqual([{ field: '', reason: 'must be a JSON object' }]);

    const rejected = load('CVE-2024-3400.json');
    rejected.cveMetadata.state = 'REJECTED';
    expect(refusal(rejected)).toEqual([
      { field: '/cveMetadata/state', reason: 'the record is REJECTED' },
    ]);

    const broken = load('CVE-2024-3400.json');
    broken.dataType = 'CVE_RECORD_v4';
    broken.cveMetadata.cveId = 'CVE-24-3400';
    delete broken.containers.cna;
    expect(refusal(broken)).toEqual([
      { field: '/dataType', reason: 'must be CVE_RECORD' },
      { field: '/cveMetadata/cveId', reason: 'must be a CVE id such as CVE-2024-3400' },
      { field: '/containers/cna', reason: 'must be an object' },
    ]);

    const badVersions = load('CVE-2024-3400.json');
    const versions = badVersions.containers.cna!.affected[0]!.versions;
    versions[1]!.status = 'fixed';
    delete versions[2]!.version;
    expect(refusal(badVersions)).toEqual([
      {
        field: '/containers/cna/affected/0/versions/1/status',
        reason: 'must be affected, unaffected or unknown',
      },
      { field: '/containers/cna/affected/0/versions/2/version', reason: 'must be a string' },
    ]);

    const undated = load('CVE-2024-3400.json');
    delete undated.cveMetadata.dateUpdated;
    delete undated.cveMetadata.datePublished;
    expect(refusal(undated)).toEqual([
      { field: '/cveMetadata/datePublished', reason: 'is required' },
    ]);
  });

  it('takes datePublished as the revision of a record never updated', () => {
    const record = load('CVE-2024-3400.json');
    delete record.cveMetadata.dateUpdated;
    expect(normaliseCve(record)).toMatchObject({
      revision: '2024-04-12T07:20:00.707Z',
      updatedAt: null,
    });
  });
});
