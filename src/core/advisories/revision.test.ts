import { describe, expect, it } from 'vitest';
import type { NormalisedAdvisory } from './model.js';
import { describeChanges, describeVersions, revisionOrder } from './revision.js';

const advisory = (fields: Partial<NormalisedAdvisory>): NormalisedAdvisory => ({
  source: 'csaf',
  sourceId: 'X-1',
  revision: '1',
  title: 'T',
  summary: null,
  publisher: null,
  severity: 'high',
  cvss: null,
  cves: ['CVE-2024-0001'],
  publishedAt: null,
  updatedAt: null,
  tlp: null,
  products: [],
  remediations: [],
  references: [],
  kev: null,
  ...fields,
});

describe('revisions', () => {
  it('orders CSAF versions numerically and timestamps or dates as text', () => {
    expect(revisionOrder('10', '9')).toBe(1);
    expect(revisionOrder('1.2.0', '1.10.0')).toBe(-1);
    expect(revisionOrder('2', '2.0.0')).toBe(0);
    expect(revisionOrder('2024-06-01T00:00:00.000Z', '2024-05-31T23:00:00.000Z')).toBe(1);
    expect(revisionOrder('2025.08.25', '2025.08.26')).toBe(-1);
  });

  it('says what changed, a line each', () => {
    const before = advisory({
      products: [
        {
          ref: 'P',
          name: 'PLC',
          vendor: 'E',
          product: 'PLC',
          cpe: null,
          purl: null,
          versions: { kind: 'all' },
          status: 'under_investigation',
          cves: [],
        },
      ],
    });
    const after = advisory({
      revision: '2',
      severity: 'critical',
      cves: ['CVE-2024-0001', 'CVE-2024-0002'],
      products: [
        {
          ...before.products[0]!,
          status: 'affected',
          versions: {
            kind: 'vers',
            scheme: 'generic',
            constraints: [{ comparator: '<', version: '2.1' }],
          },
        },
      ],
    });
    expect(describeChanges(before, after)).toEqual([
      'revision 1 → 2',
      'severity: high → critical',
      'CVEs added: CVE-2024-0002',
      'product: PLC (<2.1): affected',
      'product no longer listed: PLC (all versions): under_investigation',
    ]);
  });

  it('reads version criteria as a person would', () => {
    expect(
      describeVersions({
        kind: 'vers',
        scheme: 'generic',
        constraints: [{ comparator: '=', version: '5.8.4' }],
      }),
    ).toBe('5.8.4');
    expect(
      describeVersions({
        kind: 'cve',
        scheme: 'semver',
        defaultStatus: 'unaffected',
        ranges: [{ version: '7.0', status: 'affected', lessThan: '7.4.3' }],
      }),
    ).toBe('affected: 7.0 ≤ v < 7.4.3; otherwise unaffected');
  });
});
