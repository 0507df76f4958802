import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DomainError, type FieldError } from '../errors.js';
import { normaliseKev } from './kev.js';

const CATALOGUE = new URL(
  '../../../../shared/data/kev/known_exploited_vulnerabilities.json',
  import.meta.url,
);

interface TestCatalogue {
  catalogVersion?: string;
  count?: unknown;
  vulnerabilities: Record<string, unknown>[];
}

/** A fresh copy of the shared catalogue, to change freely. */
function load(): TestCatalogue {
  return JSON.parse(readFileSync(CATALOGUE, 'utf8')) as TestCatalogue;
}

/** The fields a refused catalogue is refused for. */
function refusal(catalogue: unknown): FieldError[] {
  try {
    normaliseKev(catalogue);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('validation_failed');
    return (error as DomainError).fields;
  }
  throw new Error('the catalogue was accepted');
}

describe('the KEV catalogue', () => {
  const { catalogVersion, dateReleased, advisories } = normaliseKev(load());
  const byCve = new Map(advisories.map((advisory) => [advisory.sourceId, advisory]));

  it('normalises every entry of the shared catalogue', () => {
    expect(catalogVersion).toBe('2025.08.25');
    expect(dateReleased).toBe('2025-08-25T17:04:19.9796Z');
    expect(advisories).toHaveLength(1404);
    expect(byCve.size).toBe(1404);
    for (const advisory of advisories) {
      expect(advisory.revision).toBe('2025.08.25');
      expect(advisory.products).toHaveLength(1);
      for (const reference of advisory.references)
        expect(reference.url).toMatch(/^https?:\/\/\S+$/);
    }
  });

  it('reads an entry (CVE-2025-48384, Git)', () => {
    expect(byCve.get('CVE-2025-48384')).toEqual({
      source: 'kev',
      sourceId: 'CVE-2025-48384',
      revision: '2025.08.25',
      title: 'Git Link Following Vulnerability',
      summary:
        'Git contains a link following vulnerability that stems from Git’s inconsistent handling of carriage return characters in configuration files.',
      publisher: 'CISA',
      severity: null,
      cvss: null,
      cves: ['CVE-2025-48384'],
      publishedAt: '2025-08-25',
      updatedAt: null,
      tlp: null,
      products: [
        {
          ref: 'CVE-2025-48384',
          name: 'Git Git',
          vendor: 'Git',
          product: 'Git',
          cpe: null,
          purl: null,
          versions: { kind: 'all' },
          status: 'affected',
          cves: ['CVE-2025-48384'],
        },
      ],
      remediations: [],
      // The first note is a sentence ending in a link: the link is kept.
      references: [
        'https://github.com/git/git/security/advisories/GHSA-vwqx-4fm8-6qc9',
        'https://access.redhat.com/errata/RHSA-2025:13933',
        'https://alas.aws.amazon.com/AL2/ALAS2-2025-2941.html',
        'https://linux.oracle.com/errata/ELSA-2025-11534.html',
        'https://msrc.microsoft.com/update-guide/vulnerability/CVE-2025-48384',
        'https://nvd.nist.gov/vuln/detail/CVE-2025-48384',
      ].map((url) => ({ url, summary: null })),
      kev: {
        dateAdded: '2025-08-25',
        dueDate: '2025-09-15',
        requiredAction:
          'Apply mitigations per vendor instructions, follow applicable BOD 22-01 guidance for cloud services, or discontinue use of the product if mitigations are unavailable.',
        knownRansomware: false,
        vulnerabilityName: 'Git Link Following Vulnerability',
      },
    });
  });

  it('trims the trailing spaces CISA leaves in names', () => {
    // "vendorProject": "SimpleHelp " in the file.
    const simpleHelp = byCve.get('CVE-2024-57727')!;
    expect(simpleHelp.products[0]).toMatchObject({
      vendor: 'SimpleHelp',
      product: 'SimpleHelp',
      name: 'SimpleHelp SimpleHelp',
    });
    expect(simpleHelp.kev?.knownRansomware).toBe(true);
    // " CrushFTP Unprotected Alternate Channel Vulnerability" in the file.
    expect(byCve.get('CVE-2025-54309')?.title).toBe(
      'CrushFTP Unprotected Alternate Channel Vulnerability',
    );
  });

  it('keeps the links of notes, without the punctuation around them', () => {
    const urls = (cve: string) => byCve.get(cve)?.references.map((reference) => reference.url);
    // "…-vulnerability) for further guidance and requirements."
    expect(urls('CVE-2021-34527')).toEqual([
      'https://www.cisa.gov/news-events/directives/ed-21-04-mitigate-windows-print-spooler-service-vulnerability',
      'https://nvd.nist.gov/vuln/detail/CVE-2021-34527',
    ]);
  });

  it('refuses the whole file for any bad entry, naming every field at fault', () => {
    const catalogue = load();
    catalogue.vulnerabilities[12]!.dueDate = '15/09/2025';
    delete catalogue.vulnerabilities[3]!.cveID;
    catalogue.vulnerabilities[40]!.vendorProject = '   ';
    catalogue.vulnerabilities[41]!.notes = 7;
    expect(refusal(catalogue)).toEqual([
      { field: '/vulnerabilities/3/cveID', reason: 'must be a CVE id such as CVE-2024-3400' },
      { field: '/vulnerabilities/12/dueDate', reason: 'must be a date as YYYY-MM-DD' },
      { field: '/vulnerabilities/40/vendorProject', reason: 'is required' },
      { field: '/vulnerabilities/41/notes', reason: 'must be a string' },
    ]);
  });

  it('refuses a catalogue without its top-level fields', () => {
    expect(refusal([])).toEqual([{ field: '', reason: 'must be a JSON object' }]);
    expect(refusal({ vulnerabilities: [null] })).toEqual([
      { field: '/catalogVersion', reason: 'is required' },
      { field: '/dateReleased', reason: 'is required' },
      { field: '/count', reason: 'must be an integer' },
      { field: '/vulnerabilities/0', reason: 'must be an object' },
    ]);
    const catalogue = load();
    delete (catalogue as { vulnerabilities?: unknown }).vulnerabilities;
    expect(refusal(catalogue)).toEqual([{ field: '/vulnerabilities', reason: 'must be an array' }]);
  });
});
