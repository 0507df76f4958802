import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normaliseCsaf } from './csaf.js';
import { normaliseCve } from './cve.js';
import {
  inventoryKeys,
  matchItem,
  normaliseName,
  prepareProduct,
  productKey,
  purlKey,
  type InventoryItem,
} from './match.js';
import type { AffectedProduct } from './model.js';

const DATA = new URL('../../../../shared/data/', import.meta.url);
const json = (path: string) => JSON.parse(readFileSync(new URL(path, DATA), 'utf8')) as unknown;

function item(fields: Partial<InventoryItem>): InventoryItem {
  const base = { vendor: null, product: null, version: null, cpe: null, purl: null, ...fields };
  return { ...base, ...inventoryKeys(base) };
}

function product(fields: Partial<AffectedProduct>): AffectedProduct {
  return {
    ref: 'P1',
    name: 'p',
    vendor: null,
    product: null,
    cpe: null,
    purl: null,
    versions: { kind: 'all' },
    status: 'affected',
    cves: [],
    ...fields,
  };
}

const match = (products: AffectedProduct[], i: InventoryItem) =>
  matchItem(products.map(prepareProduct), i);

describe('names and keys', () => {
  it('folds case, punctuation and company suffixes', () => {
    expect(normaliseName('  Rapid Software, LLC ')).toBe('rapid software');
    expect(normaliseName('rapid_software_llc')).toBe('rapid software');
    expect(normaliseName('Co')).toBe('co');
    expect(productKey('SimpleHelp ', 'SimpleHelp')).toBe('simplehelp|simplehelp');
    expect(productKey('n/a', null)).toBeNull();
  });

  it('keys packages without version or qualifiers', () => {
    expect(purlKey('pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar')).toBe(
      'maven/org.apache.logging.log4j/log4j-core',
    );
    expect(purlKey('pkg:npm/lodash@4.17.20')).toBe('npm/lodash');
    expect(purlKey('not a purl')).toBeNull();
  });

  it('keys an item by its names, else by its CPE', () => {
    expect(
      inventoryKeys({
        vendor: null,
        product: null,
        cpe: 'cpe:2.3:o:fortinet:fortios:7.4.0:*:*:*:*:*:*:*',
        purl: null,
      }),
    ).toEqual({
      productKey: 'fortinet|fortios',
      purlKey: null,
    });
  });
});

describe('matching an item against an advisory’s products', () => {
  it('identifier: a purl with the same version, or a CPE with the version in it', () => {
    const byPurl = match(
      [product({ purl: 'pkg:npm/lodash@4.17.20' })],
      item({ purl: 'pkg:npm/lodash@4.17.20' }),
    );
    expect(byPurl).toMatchObject({
      confidence: 'identifier',
      reason: 'purl pkg:npm/lodash; version 4.17.20',
    });
    expect(
      match(
        [product({ purl: 'pkg:npm/lodash@4.17.20' })],
        item({ purl: 'pkg:npm/lodash@4.17.21' }),
      ),
    ).toBeNull();
    const cpe = 'cpe:2.3:a:apache:http_server:2.4.49:*:*:*:*:*:*:*';
    expect(match([product({ cpe })], item({ cpe }))?.confidence).toBe('identifier');
    expect(match([product({ cpe })], item({ cpe: cpe.replace('2.4.49', '2.4.51') }))).toBeNull();
  });

  it('range: the item’s version inside a vers range', () => {
    const p = product({
      purl: 'pkg:maven/org.apache.logging.log4j/log4j-core',
      versions: {
        kind: 'vers',
        scheme: 'maven',
        constraints: [
          { comparator: '>=', version: '2.0-beta9' },
          { comparator: '<', version: '2.15.0' },
        ],
      },
    });
    expect(
      match([p], item({ purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1' })),
    ).toMatchObject({
      confidence: 'range',
      reason:
        'purl pkg:maven/org.apache.logging.log4j/log4j-core; version 2.14.1 within >=2.0-beta9 <2.15.0',
    });
    expect(
      match([p], item({ purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1' })),
    ).toBeNull();
  });

  it('name: vendor and product agree but no version can confirm it', () => {
    const p = product({ vendor: 'Microsoft', product: 'Windows' });
    expect(match([p], item({ vendor: 'microsoft', product: ' WINDOWS ' }))).toMatchObject({
      confidence: 'name',
      reason: 'vendor and product "microsoft / windows"; all versions',
    });
    const ranged = product({
      vendor: 'Rapid Software LLC',
      product: 'Rapid SCADA',
      versions: {
        kind: 'vers',
        scheme: 'generic',
        constraints: [{ comparator: '<=', version: '5.8.4' }],
      },
    });
    expect(
      match([ranged], item({ vendor: 'Rapid Software', product: 'Rapid SCADA' })),
    ).toMatchObject({ confidence: 'name', reason: expect.stringMatching(/no version known/) });
  });

  it('a fixed or not-affected product that identifies the item rules it out', () => {
    const affected = product({ ref: 'A', vendor: 'Example', product: 'PLC' });
    const fixed = product({
      ref: 'F',
      vendor: 'Example',
      product: 'PLC',
      status: 'fixed',
      versions: {
        kind: 'vers',
        scheme: 'generic',
        constraints: [{ comparator: '=', version: '2.1.0' }],
      },
    });
    expect(
      match([affected, fixed], item({ vendor: 'Example', product: 'PLC', version: '2.1.0' })),
    ).toBeNull();
    expect(
      match([affected, fixed], item({ vendor: 'Example', product: 'PLC', version: '2.0.0' }))?.ref,
    ).toBe('A');
  });

  it('keeps the best of several products', () => {
    const byName = product({ ref: 'N', vendor: 'Apache', product: 'Log4j' });
    const byRange = product({
      ref: 'R',
      vendor: 'Apache',
      product: 'Log4j',
      versions: {
        kind: 'vers',
        scheme: 'maven',
        constraints: [{ comparator: '<', version: '2.15.0' }],
      },
    });
    expect(
      match([byName, byRange], item({ vendor: 'Apache', product: 'Log4j', version: '2.14.1' })),
    ).toMatchObject({ ref: 'R', confidence: 'range' });
  });
});

describe('the forms real feeds use although the specs forbid them', () => {
  it('CISA’s `<=5.8.4` product_version_range (icsa-24-011-03)', () => {
    const advisory = normaliseCsaf(json('csaf/cisa-ics/icsa-24-011-03.json'));
    const products = advisory.products.map(prepareProduct);
    const scada = (version: string) =>
      item({ vendor: 'Rapid Software LLC', product: 'Rapid SCADA', version });
    expect(matchItem(products, scada('5.8.4'))?.confidence).toBe('range');
    expect(matchItem(products, scada('5.8.10'))).toBeNull();
  });

  it('GitHub’s `< 7.23.2` with no versionType (CVE-2023-45133)', () => {
    const advisory = normaliseCve(json('cve/CVE-2023-45133.json'));
    const products = advisory.products.map(prepareProduct);
    const babel = (version: string) => item({ vendor: 'babel', product: 'babel', version });
    expect(matchItem(products, babel('7.23.1'))?.confidence).toBe('range');
    expect(matchItem(products, babel('7.23.2'))).toBeNull();
  });

  it('Log4Shell’s `lessThan: "log4j-core*"`: names only, never a false certainty', () => {
    const advisory = normaliseCve(json('cve/CVE-2021-44228.json'));
    const products = advisory.products.map(prepareProduct);
    const log4j = item({
      vendor: 'Apache Software Foundation',
      product: 'Apache Log4j2',
      version: '2.14.1',
    });
    expect(matchItem(products, log4j)).toMatchObject({
      confidence: 'name',
      reason: expect.stringMatching(/not comparable/),
    });
  });
});
