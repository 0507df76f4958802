import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.js';
import { highestCvss, normaliseCsaf, toCpe23, validateCsaf } from './csaf.js';
import type { AffectedProduct } from './model.js';

const CSAF = new URL('../../../../shared/data/csaf/', import.meta.url);
const FILES = readdirSync(CSAF, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.json'))
  .sort();

/** The parts of the shared documents the tests read or change. */
interface TestBranch {
  category: string;
  name: string;
  branches: TestBranch[];
  product: { product_id: string; product_identification_helper?: object };
}
interface TestDocument {
  document: { tracking?: { id: string; version: string } };
  product_tree: {
    branches: TestBranch[];
    full_product_names?: object[];
    product_groups?: object[];
  };
  vulnerabilities: { product_status: Record<string, string[]>; remediations: object[] }[];
}

/** A fresh copy of a shared document, to change freely. */
function load(file: string): TestDocument {
  return JSON.parse(readFileSync(new URL(file, CSAF), 'utf8')) as TestDocument;
}

function productByRef(products: AffectedProduct[], ref: string, status = 'affected') {
  const found = products.filter((product) => product.ref === ref && product.status === status);
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe('CSAF validation and normalisation', () => {
  it('finds the shared documents', () => {
    expect(FILES).toHaveLength(7);
  });

  it.each(FILES)('%s validates and normalises', async (file) => {
    const document = load(file);
    expect(await validateCsaf(document)).toEqual({ valid: true, failures: [] });
    const advisory = normaliseCsaf(document);
    expect(advisory.source).toBe('csaf');
    expect(advisory.sourceId).toBe(document.document.tracking?.id);
    expect(advisory.revision).toBe(document.document.tracking?.version);
    expect(advisory.products.length).toBeGreaterThan(0);
    expect(advisory.cves.length).toBeGreaterThan(0);
    for (const product of advisory.products) expect(product.cves.length).toBeGreaterThan(0);
  });

  it('reads a CISA ICS advisory with a loose range (Rapid SCADA <=5.8.4)', () => {
    const advisory = normaliseCsaf(load('cisa-ics/icsa-24-011-03.json'));
    expect(advisory).toMatchObject({
      sourceId: 'ICSA-24-011-03',
      revision: '1',
      title: 'Rapid Software LLC Rapid SCADA',
      publisher: 'CISA',
      tlp: 'WHITE',
      cvss: 9.8,
      severity: 'critical',
      publishedAt: '2024-01-11T07:00:00.000000Z',
      updatedAt: '2024-01-11T07:00:00.000000Z',
      kev: null,
    });
    expect(advisory.summary).toMatch(/^Successful exploitation of these vulnerabilities/);
    expect(advisory.cves).toHaveLength(7);
    expect(advisory.products).toEqual([
      {
        ref: 'CSAFPID-0001',
        name: 'Rapid Software LLC Rapid SCADA: <=5.8.4',
        vendor: 'Rapid Software LLC',
        product: 'Rapid SCADA',
        cpe: null,
        purl: null,
        versions: {
          kind: 'vers',
          scheme: 'generic',
          constraints: [{ comparator: '<=', version: '5.8.4' }],
        },
        status: 'affected',
        cves: advisory.cves,
      },
    ]);
    // The same mitigation is given for all seven CVEs: it is listed once.
    expect(advisory.remediations).toEqual([
      {
        category: 'mitigation',
        text: expect.stringMatching(/^Rapid Software did not respond/) as unknown,
        url: null,
        products: ['CSAFPID-0001'],
      },
    ]);
    expect(advisory.references).toContainEqual({
      url: 'https://www.cisa.gov/news-events/ics-advisories/icsa-24-011-03',
      summary: 'ICSA Advisory ICSA-24-011-03 - Web Version',
    });
  });

  it('reads relationships: a component of a platform, fixed or not affected (RHSA-2021:5186)', () => {
    const advisory = normaliseCsaf(load('rhsa-2021_5186.json'));
    expect(advisory).toMatchObject({
      sourceId: 'RHSA-2021:5186',
      publisher: 'Red Hat Product Security',
      severity: 'critical',
      cvss: null,
      cves: ['CVE-2021-4104', 'CVE-2021-4125'],
    });
    const hive = 'openshift4/ose-metering-hive:v4.6.0-202112160147.p0.gf139e12.assembly.stream';
    expect(productByRef(advisory.products, `8Base-RHOSE-4.6:${hive}`, 'fixed')).toEqual({
      ref: `8Base-RHOSE-4.6:${hive}`,
      name: `${hive} as a component of Red Hat OpenShift Container Platform 4.6`,
      vendor: 'Red Hat',
      product: null,
      cpe: null,
      purl: null,
      versions: {
        kind: 'vers',
        scheme: 'generic',
        constraints: [{ comparator: '=', version: hive }],
      },
      status: 'fixed',
      cves: ['CVE-2021-4104', 'CVE-2021-4125'],
    });
    const notAffected = advisory.products.filter((product) => product.status === 'not_affected');
    expect(notAffected.map((product) => product.ref)).toEqual([
      '8Base-RHOSE-4.6:openshift4/ose-metering-ansible-operator-bundle:v4.6.0.202112161349.p0.gd74112d.assembly.art3595-1',
      '8Base-RHOSE-4.6:openshift4/ose-metering-ansible-operator:v4.6.0-202112161349.p0.gd74112d.assembly.art3595',
    ]);
    expect(advisory.products).toHaveLength(3);
    expect(advisory.remediations).toHaveLength(1);
    expect(advisory.remediations[0]).toMatchObject({
      category: 'vendor_fix',
      url: 'https://access.redhat.com/errata/RHSA-2021:5186',
    });
    expect(advisory.remediations[0]!.products).toHaveLength(3);
  });

  it('takes a related package identity, with its purl, from the product it refers to', () => {
    const document = load('rhsa-2022_0011.json');
    const src = document.product_tree.branches[0]!.branches[1]!.branches[0]!.product;
    expect(src.product_id).toBe('telnet-1:0.17-65.el7_6.src');
    src.product_identification_helper = {
      purl: 'pkg:rpm/redhat/telnet@0.17-65.el7_6?arch=src&epoch=1',
    };
    const advisory = normaliseCsaf(document);
    expect(advisory.severity).toBe('high'); // Red Hat's "Important"
    const product = productByRef(
      advisory.products,
      '7Server-7.6.AUS:telnet-1:0.17-65.el7_6.src',
      'fixed',
    );
    expect(product).toMatchObject({
      name: 'telnet-1:0.17-65.el7_6.src as a component of Red Hat Enterprise Linux Server AUS (v. 7.6)',
      vendor: 'Red Hat',
      purl: 'pkg:rpm/redhat/telnet@0.17-65.el7_6?arch=src&epoch=1',
      versions: {
        kind: 'vers',
        scheme: 'rpm',
        constraints: [{ comparator: '=', version: '0.17-65.el7_6' }],
      },
    });
  });

  it('reads CPE 2.2 URIs and folds first_fixed and fixed into one fixed product (BSI-2022-0001)', () => {
    const advisory = normaliseCsaf(load('bsi-2022-0001.json'));
    expect(advisory).toMatchObject({
      sourceId: 'BSI-2022-0001',
      title: 'CVRF-CSAF-Converter: XML External Entities Vulnerability',
      publisher: 'Bundesamt für Sicherheit in der Informationstechnik',
      summary: null,
      severity: 'medium', // "Moderate"
      cvss: 6.1,
      cves: ['CVE-2022-27193'],
      publishedAt: '2022-03-17T13:03:42.105Z',
    });
    expect(advisory.products.map((product) => [product.ref, product.status])).toEqual([
      ['CSAFPID-0001', 'affected'],
      ['CSAFPID-0002', 'affected'],
      ['CSAFPID-0003', 'affected'],
      ['CSAFPID-0004', 'affected'],
      ['CSAFPID-0005', 'affected'],
      ['CSAFPID-0006', 'fixed'],
    ]);
    expect(productByRef(advisory.products, 'CSAFPID-0001')).toEqual({
      ref: 'CSAFPID-0001',
      name: 'CSAF Tools CVRF-CSAF-Converter 1.0.0-alpha',
      vendor: 'CSAF Tools',
      product: 'CVRF-CSAF-Converter',
      cpe: 'cpe:2.3:a:csaf-tools:cvrf-csaf-converter:1.0.0-alpha:*:*:*:*:*:*:*',
      purl: null,
      versions: {
        kind: 'vers',
        scheme: 'generic',
        constraints: [{ comparator: '=', version: '1.0.0-alpha' }],
      },
      status: 'affected',
      cves: ['CVE-2022-27193'],
    });
    expect(advisory.remediations).toEqual([
      {
        category: 'vendor_fix',
        text: 'Update to the latest version of the product. At least version 1.0.0-rc2',
        url: 'https://github.com/csaf-tools/CVRF-CSAF-Converter/releases/tag/1.0.0-rc2',
        products: ['CSAFPID-0001', 'CSAFPID-0002', 'CSAFPID-0003', 'CSAFPID-0004', 'CSAFPID-0005'],
      },
    ]);
  });

  it('flattens a large tree (Cisco, 259 products under vendor, product, version, service pack)', () => {
    const advisory = normaliseCsaf(load('cisco-sa-20180328-smi2.json'));
    expect(advisory.products).toHaveLength(259);
    expect(new Set(advisory.products.map((product) => product.status))).toEqual(
      new Set(['affected']),
    );
    expect(advisory).toMatchObject({ cves: ['CVE-2018-0171'], cvss: 9.8, severity: 'critical' });
    expect(productByRef(advisory.products, 'CVRFPID-103763')).toEqual({
      ref: 'CVRFPID-103763',
      name: 'Cisco IOS 12.2SE 12.2(55)SE',
      vendor: 'Cisco',
      product: 'IOS',
      cpe: null,
      purl: null,
      // The version branch is the train 12.2SE; the service pack below it is not a version.
      versions: {
        kind: 'vers',
        scheme: 'generic',
        constraints: [{ comparator: '=', version: '12.2SE' }],
      },
      status: 'affected',
      cves: ['CVE-2018-0171'],
    });
  });

  it('reads vers ranges, vers:all/*, unreadable ranges, purls and groups', () => {
    const document = load('bsi-2022-0001.json');
    const versions = document.product_tree.branches[0]!.branches[0]!.branches;
    Object.assign(versions[0]!, {
      category: 'product_version_range',
      name: 'vers:npm/<2.0.0 | >=1.0.0', // not canonical, still readable
    });
    Object.assign(versions[1]!, { category: 'product_version_range', name: 'vers:all/*' });
    Object.assign(versions[2]!, { category: 'product_version_range', name: 'the older ones' });
    document.product_tree.full_product_names = [
      {
        product_id: 'NPM-1',
        name: 'converter on npm',
        product_identification_helper: { purl: 'pkg:npm/%40csaf/converter@1.2.3' },
      },
      { product_id: 'ANY-1', name: 'any converter' },
    ];
    document.product_tree.product_groups = [
      { group_id: 'GROUP-1', product_ids: ['NPM-1', 'ANY-1'] },
    ];
    const vulnerability = document.vulnerabilities[0]!;
    vulnerability.product_status.under_investigation = ['NPM-1', 'ANY-1'];
    vulnerability.remediations.push({
      category: 'workaround',
      details: 'Wait',
      group_ids: ['GROUP-1'],
    });

    const advisory = normaliseCsaf(document);
    const versionsOf = (ref: string, status = 'affected') =>
      productByRef(advisory.products, ref, status).versions;
    expect(versionsOf('CSAFPID-0001')).toEqual({
      kind: 'vers',
      scheme: 'npm',
      constraints: [
        { comparator: '>=', version: '1.0.0' },
        { comparator: '<', version: '2.0.0' },
      ],
    });
    expect(versionsOf('CSAFPID-0002')).toEqual({ kind: 'all' });
    expect(versionsOf('CSAFPID-0003')).toEqual({ kind: 'unparsed', text: 'the older ones' });
    expect(productByRef(advisory.products, 'NPM-1', 'under_investigation')).toMatchObject({
      vendor: null,
      product: null,
      purl: 'pkg:npm/%40csaf/converter@1.2.3',
      versions: {
        kind: 'vers',
        scheme: 'npm',
        constraints: [{ comparator: '=', version: '1.2.3' }],
      },
    });
    expect(versionsOf('ANY-1', 'under_investigation')).toEqual({ kind: 'all' });
    expect(advisory.remediations.at(-1)).toEqual({
      category: 'workaround',
      text: 'Wait',
      url: null,
      products: ['NPM-1', 'ANY-1'],
    });
  });

  it('names the failing tests of an invalid document', async () => {
    const undefinedProduct = load('bsi-2022-0001.json');
    undefinedProduct.vulnerabilities[0]!.product_status.known_affected!.push('CSAFPID-9999');
    expect(await validateCsaf(undefinedProduct)).toEqual({
      valid: false,
      failures: [
        {
          test: 'mandatoryTest_6_1_1',
          message: 'definition of product id missing',
          path: '/vulnerabilities/0/product_status/known_affected/5',
        },
      ],
    });

    const noTracking = load('bsi-2022-0001.json');
    delete noTracking.document.tracking;
    const result = await validateCsaf(noTracking);
    expect(result.valid).toBe(false);
    expect(result.failures).toContainEqual({
      test: 'csaf_2_0_strict',
      message: "must have required property 'tracking'",
      path: '/document',
    });
  });

  it('refuses what is not a CSAF document without running the mandatory tests on it', async () => {
    for (const document of [null, 42, 'csaf', {}]) {
      const result = await validateCsaf(document);
      expect(result.valid).toBe(false);
      expect(new Set(result.failures.map((failure) => failure.test))).toEqual(
        new Set(['csaf_2_0_strict']),
      );
    }
  });

  it('names a product_status id the tree does not define when asked to normalise anyway', () => {
    const document = load('bsi-2022-0001.json');
    document.vulnerabilities[0]!.product_status.known_affected!.push('CSAFPID-9999');
    let error: unknown;
    try {
      normaliseCsaf(document);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).fields).toEqual([
      {
        field: '/vulnerabilities/0/product_status/known_affected/5',
        reason: 'product_id CSAFPID-9999 is not defined in the product tree',
      },
    ]);
  });
});

describe('shared advisory helpers', () => {
  it.each([
    [[], null, null],
    [[0], 0, null],
    [[0.1], 0.1, 'low'],
    [[3.9, 4], 4, 'medium'],
    [[6.9, 7], 7, 'high'],
    [[8.9, 9], 9, 'critical'],
    [[10, 2], 10, 'critical'],
  ])('scores %j: highest %s, severity %s', (scores, cvss, severity) => {
    expect(highestCvss(scores)).toEqual({ cvss, severity });
  });

  it('converts CPE 2.2 URIs and keeps 2.3 names', () => {
    expect(toCpe23('cpe:/o:redhat:rhel_aus:7.6::server')).toBe(
      'cpe:2.3:o:redhat:rhel_aus:7.6:*:server:*:*:*:*:*',
    );
    expect(toCpe23('cpe:2.3:a:fortinet:fortiproxy:1.0.0:*:*:*:*:*:*:*')).toBe(
      'cpe:2.3:a:fortinet:fortiproxy:1.0.0:*:*:*:*:*:*:*',
    );
    expect(toCpe23('cpe:/a:bad name')).toBeNull();
  });
});
