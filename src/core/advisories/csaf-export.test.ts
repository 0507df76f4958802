import * as mandatoryTests from '@secvisogram/csaf-validator-lib/mandatoryTests.js';
import * as schemaTests from '@secvisogram/csaf-validator-lib/schemaTests.js';
import validate from '@secvisogram/csaf-validator-lib/validate.js';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.js';
import { csafFileName, toCsaf, type CsafExportMeta } from './csaf-export.js';
import type { AffectedProduct, NormalisedAdvisory } from './model.js';

const TESTS = [...Object.values(schemaTests), ...Object.values(mandatoryTests)];

/** The validator's verdict, with every failing test and its errors as the assertion message. */
async function check(doc: unknown): Promise<{ isValid: boolean; failures: string }> {
  const result = await validate(TESTS, doc);
  const failures = result.tests
    .filter((t) => !t.isValid)
    .map((t) => `${t.name}: ${t.errors.map((e) => `${e.instancePath} ${e.message}`).join('; ')}`)
    .join('\n');
  return { isValid: result.isValid, failures };
}

function product(overrides: Partial<AffectedProduct>): AffectedProduct {
  return {
    ref: 'p1',
    name: 'Example Product',
    vendor: 'Example Vendor',
    product: 'Example Product',
    cpe: null,
    purl: null,
    versions: { kind: 'all' },
    status: 'affected',
    cves: [],
    ...overrides,
  };
}

function advisory(overrides: Partial<NormalisedAdvisory>): NormalisedAdvisory {
  return {
    source: 'fenghuo',
    sourceId: 'FH-2026-0001',
    revision: '1',
    title: 'Remote code execution in Example Product',
    summary: 'A crafted request lets an attacker run code on the server.',
    publisher: 'Fenghuo',
    severity: 'critical',
    cvss: 9.8,
    cves: ['CVE-2021-44228'],
    publishedAt: '2026-11-20T08:00:00.000Z',
    updatedAt: '2026-11-21T08:00:00.000Z',
    tlp: 'WHITE',
    products: [product({})],
    remediations: [],
    references: [],
    kev: null,
    ...overrides,
  };
}

const META: CsafExportMeta = {
  trackingId: 'FH-2026-0001',
  status: 'final',
  revisions: [
    { number: '1', date: '2026-11-20T08:00:00.000Z', summary: 'Initial version.' },
    { number: '2', date: '2026-11-21T08:00:00.000Z', summary: 'Fixed version added.' },
  ],
  publisher: { name: 'Fenghuo CERT', namespace: 'https://cert.fenghuo.example.cn' },
  lang: 'zh-CN',
  initialReleaseDate: '2026-11-20T08:00:00.000Z',
  currentReleaseDate: '2026-11-21T08:00:00.000Z',
  tlp: 'WHITE',
};

const log4j = advisory({
  title: 'Apache Log4j2 JNDI features do not protect against attacker-controlled LDAP endpoints',
  cves: ['CVE-2021-44228', 'CVE-2021-45046'],
  products: [
    product({
      ref: 'log4j-core',
      name: 'Apache Log4j 2.0.0 - 2.17.0',
      vendor: 'Apache',
      product: 'Log4j',
      purl: 'pkg:maven/org.apache.logging.log4j/log4j-core',
      versions: {
        kind: 'vers',
        scheme: 'maven',
        constraints: [
          { comparator: '>=', version: '2.0.0' },
          { comparator: '<', version: '2.17.1' },
        ],
      },
    }),
    product({
      ref: 'log4j-fixed',
      name: 'Apache Log4j 2.17.1',
      vendor: 'Apache',
      product: 'Log4j',
      cpe: 'cpe:2.3:a:apache:log4j:2.17.1:*:*:*:*:*:*:*',
      versions: {
        kind: 'vers',
        scheme: 'maven',
        constraints: [{ comparator: '=', version: '2.17.1' }],
      },
      status: 'fixed',
    }),
    product({
      ref: 'logback',
      name: 'QOS.ch Logback',
      vendor: 'QOS.ch',
      product: 'Logback',
      status: 'not_affected',
    }),
    product({
      ref: 'solr',
      name: 'Apache Solr',
      vendor: 'Apache',
      product: 'Solr',
      status: 'affected',
      cves: ['CVE-2021-44228'],
    }),
  ],
  remediations: [
    {
      category: 'vendor_fix',
      text: 'Upgrade to Log4j 2.17.1 or later.',
      url: 'https://logging.apache.org/log4j/2.x/security.html',
      products: ['log4j-core'],
    },
  ],
  references: [
    { url: 'https://logging.apache.org/log4j/2.x/security.html', summary: 'Apache advisory' },
    { url: 'https://nvd.nist.gov/vuln/detail/CVE-2021-44228', summary: null },
  ],
});

describe('toCsaf', () => {
  it('the check itself works: it catches a schema error and a mandatory test failure', async () => {
    const doc = toCsaf(log4j, META);
    const badSchema = { ...doc, document: { ...doc.document, csaf_version: '1.2' } };
    expect((await check(badSchema)).failures).toMatch(/^csaf_2_0/m);
    const unknownId = {
      ...doc,
      vulnerabilities: [{ ...doc.vulnerabilities[0], product_status: { fixed: ['CSAFPID-9999'] } }],
    };
    expect((await check(unknownId)).failures).toMatch(/^mandatoryTest_6_1_1:/m);
  });

  it.each([
    { name: 'a cpe with an exact version, fixed', input: log4j },
    {
      name: 'a cpe with an exact version',
      input: advisory({
        products: [
          product({
            cpe: 'cpe:2.3:a:example:product:1.2.3:*:*:*:*:*:*:*',
            versions: {
              kind: 'vers',
              scheme: 'generic',
              constraints: [{ comparator: '=', version: '1.2.3' }],
            },
          }),
        ],
      }),
    },
    {
      name: 'a purl with a vers range',
      input: advisory({
        products: [
          product({
            purl: 'pkg:maven/org.apache.logging.log4j/log4j-core',
            versions: {
              kind: 'vers',
              scheme: 'maven',
              constraints: [
                { comparator: '>=', version: '2.0.0' },
                { comparator: '<', version: '2.17.1' },
              ],
            },
          }),
        ],
      }),
    },
    { name: 'all versions, no vendor', input: advisory({ products: [product({ vendor: null })] }) },
    {
      name: 'no CVE at all, a remediation for every product',
      input: advisory({
        cves: [],
        remediations: [
          { category: 'workaround', text: 'Block port 8080.', url: null, products: [] },
        ],
      }),
    },
    {
      name: 'under investigation and not affected, nothing to remediate',
      input: advisory({
        products: [
          product({ ref: 'a', status: 'under_investigation' }),
          product({ ref: 'b', name: 'Other', product: 'Other', status: 'not_affected' }),
        ],
      }),
    },
    {
      name: 'CVE JSON 5 ranges and an unreadable range',
      input: advisory({
        products: [
          product({
            versions: {
              kind: 'cve',
              scheme: 'semver',
              defaultStatus: 'unaffected',
              ranges: [{ version: '0', lessThan: '1.4.2', status: 'affected' }],
            },
          }),
          product({ ref: 'p2', versions: { kind: 'unparsed', text: 'before 3.1' } }),
        ],
      }),
    },
    {
      name: 'a draft',
      input: advisory({}),
      meta: {
        status: 'draft' as const,
        revisions: [{ number: '0.1.0', date: META.initialReleaseDate, summary: 'Draft.' }],
      },
    },
  ])('$name passes the schema and every mandatory test', async ({ input, meta }) => {
    const { isValid, failures } = await check(toCsaf(input, { ...META, ...meta }));
    expect(isValid, failures).toBe(true);
  });

  it('builds the product tree and the product status of each CVE', () => {
    const doc = toCsaf(log4j, META);
    expect(doc.product_tree.branches).toEqual([
      {
        category: 'vendor',
        name: 'Apache',
        branches: [
          {
            category: 'product_name',
            name: 'Log4j',
            branches: [
              {
                category: 'product_version_range',
                name: 'vers:maven/>=2.0.0|<2.17.1',
                product: {
                  name: 'Apache Log4j 2.0.0 - 2.17.0',
                  product_id: 'CSAFPID-0001',
                  product_identification_helper: {
                    purl: 'pkg:maven/org.apache.logging.log4j/log4j-core',
                  },
                },
              },
              {
                category: 'product_version',
                name: '2.17.1',
                product: {
                  name: 'Apache Log4j 2.17.1',
                  product_id: 'CSAFPID-0002',
                  product_identification_helper: {
                    cpe: 'cpe:2.3:a:apache:log4j:2.17.1:*:*:*:*:*:*:*',
                  },
                },
              },
            ],
          },
          {
            category: 'product_name',
            name: 'Solr',
            product: { name: 'Apache Solr', product_id: 'CSAFPID-0004' },
          },
        ],
      },
      {
        category: 'vendor',
        name: 'QOS.ch',
        branches: [
          {
            category: 'product_name',
            name: 'Logback',
            product: { name: 'QOS.ch Logback', product_id: 'CSAFPID-0003' },
          },
        ],
      },
    ]);

    const [first, second] = doc.vulnerabilities;
    expect(first?.cve).toBe('CVE-2021-44228');
    expect(first?.product_status).toEqual({
      known_affected: ['CSAFPID-0001', 'CSAFPID-0004'],
      fixed: ['CSAFPID-0002'],
      known_not_affected: ['CSAFPID-0003'],
    });
    expect(first?.remediations).toEqual([
      {
        category: 'vendor_fix',
        details: 'Upgrade to Log4j 2.17.1 or later.',
        product_ids: ['CSAFPID-0001'],
        url: 'https://logging.apache.org/log4j/2.x/security.html',
      },
      {
        category: 'none_available',
        details: 'No remediation is available yet.',
        product_ids: ['CSAFPID-0004'],
      },
    ]);
    // Solr names only the first CVE.
    expect(second?.cve).toBe('CVE-2021-45046');
    expect(second?.product_status).toEqual({
      known_affected: ['CSAFPID-0001'],
      fixed: ['CSAFPID-0002'],
      known_not_affected: ['CSAFPID-0003'],
    });
    expect(second?.remediations?.map((r) => r.category)).toEqual(['vendor_fix']);
  });

  it('writes the document metadata and tracking', () => {
    const { document } = toCsaf(log4j, META);
    expect(document.publisher).toEqual({
      category: 'coordinator',
      name: 'Fenghuo CERT',
      namespace: 'https://cert.fenghuo.example.cn',
    });
    expect(document.tracking).toMatchObject({
      id: 'FH-2026-0001',
      version: '2',
      status: 'final',
      generator: { engine: { name: 'Fenghuo' } },
    });
    expect(document.tracking.revision_history).toHaveLength(2);
    expect(document.distribution.tlp.label).toBe('WHITE');
    expect(document.references).toEqual([
      {
        category: 'external',
        summary: 'Apache advisory',
        url: 'https://logging.apache.org/log4j/2.x/security.html',
      },
      {
        category: 'external',
        summary: 'https://nvd.nist.gov/vuln/detail/CVE-2021-44228',
        url: 'https://nvd.nist.gov/vuln/detail/CVE-2021-44228',
      },
    ]);
  });

  it('writes one vulnerability with the title when there is no CVE', () => {
    const doc = toCsaf(advisory({ cves: [] }), META);
    expect(doc.vulnerabilities).toHaveLength(1);
    expect(doc.vulnerabilities[0]).not.toHaveProperty('cve');
    expect(doc.vulnerabilities[0]?.title).toBe('Remote code execution in Example Product');
  });

  it('gives identical products one product_id, stable for the same input', () => {
    const twice = advisory({ products: [product({ ref: 'a' }), product({ ref: 'b' })] });
    const doc = toCsaf(twice, META);
    expect(doc.vulnerabilities[0]?.product_status).toEqual({ known_affected: ['CSAFPID-0001'] });
    expect(toCsaf(twice, META)).toEqual(doc);
  });

  it('puts an all-versions product beside versioned ones as vers:all/*', () => {
    const doc = toCsaf(
      advisory({
        products: [
          product({ ref: 'a' }),
          product({
            ref: 'b',
            versions: {
              kind: 'vers',
              scheme: 'npm',
              constraints: [{ comparator: '<', version: '2.0.0' }],
            },
          }),
        ],
      }),
      META,
    );
    const [vendor] = doc.product_tree.branches;
    expect(vendor && 'branches' in vendor && vendor.branches[0]).toMatchObject({
      category: 'product_name',
      branches: [
        { category: 'product_version_range', name: 'vers:all/*' },
        { category: 'product_version_range', name: 'vers:npm/<2.0.0' },
      ],
    });
  });

  it.each([
    { name: 'no revision', input: advisory({}), meta: { revisions: [] }, field: '/revisions' },
    { name: 'no product', input: advisory({ products: [] }), meta: {}, field: '/products' },
    {
      name: 'a CVE no product has',
      input: advisory({ products: [product({ cves: ['CVE-2020-0001'] })] }),
      meta: {},
      field: '/cves',
    },
    {
      name: 'an identical product with another status',
      input: advisory({ products: [product({}), product({ status: 'fixed' })] }),
      meta: {},
      field: '/products/1/status',
    },
  ])('refuses $name', ({ input, meta, field }) => {
    expect(() => toCsaf(input, { ...META, ...meta })).toThrow(
      expect.objectContaining({
        code: 'validation_failed',
        fields: [expect.objectContaining({ field })],
      }),
    );
    expect(() => toCsaf(input, { ...META, ...meta })).toThrow(DomainError);
  });
});

describe('csafFileName', () => {
  it.each([
    ['OASIS_CSAF_TC-CSAF_2.0-2021-TEMPLATE', 'oasis_csaf_tc-csaf_2_0-2021-template.json'],
    ['OASIS_CSAF_TC-CSAF_2.0-2021-5-1-11', 'oasis_csaf_tc-csaf_2_0-2021-5-1-11.json'],
    ['OASIS: #/CSAF_TC-CSAF_2.0-2021-5-1-03', 'oasis_csaf_tc-csaf_2_0-2021-5-1-03.json'],
    ['Example Company - 2019-YH3234', 'example_company_-_2019-yh3234.json'],
    ['cisco-sa-20180328-smi2', 'cisco-sa-20180328-smi2.json'],
    ['RHSA-2021:5186', 'rhsa-2021_5186.json'],
    ['FH+2026/0001', 'fh+2026_0001.json'],
  ])('%s → %s', (id, name) => {
    expect(csafFileName(id)).toBe(name);
  });
});
