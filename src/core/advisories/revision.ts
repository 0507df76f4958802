import type { AffectedProduct, NormalisedAdvisory, VersionCriterion } from './model.js';

/**
 * Whether `incoming` is a newer revision than `current` of the same advisory. CSAF versions are
 * integers or semantic versions, CVE revisions timestamps, KEV revisions catalogue dates; each
 * compares by its own order, and equal revisions with different content count as newer (a
 * publisher that corrected a document without bumping its version still wants it applied).
 */
export function revisionOrder(incoming: string, current: string): number {
  const numeric = (v: string) =>
    v.split(/[.+-]/).map((part) => (/^\d+$/.test(part) ? Number(part) : NaN));
  const a = numeric(incoming);
  const b = numeric(current);
  if (![...a, ...b].some(Number.isNaN)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const d = (a[i] ?? 0) - (b[i] ?? 0);
      if (d !== 0) return Math.sign(d);
    }
    return 0;
  }
  return incoming < current ? -1 : incoming > current ? 1 : 0;
}

/** A person's reading of a version criterion, for lists and notices. */
export function describeVersions(criterion: VersionCriterion): string {
  switch (criterion.kind) {
    case 'all':
      return 'all versions';
    case 'vers':
      return criterion.constraints
        .map((c) => (c.comparator === '=' ? c.version : `${c.comparator}${c.version}`))
        .join(', ');
    case 'cve':
      return criterion.ranges
        .map((r) => {
          const upper = r.lessThan
            ? ` < ${r.lessThan}`
            : r.lessThanOrEqual
              ? ` <= ${r.lessThanOrEqual}`
              : '';
          return `${r.status}: ${upper ? `${r.version} ≤ v${upper}` : r.version}`;
        })
        .concat(
          criterion.defaultStatus === 'unknown' ? [] : [`otherwise ${criterion.defaultStatus}`],
        )
        .join('; ');
    case 'unparsed':
      return criterion.text;
  }
}

const productLine = (p: AffectedProduct) =>
  `${p.name} (${describeVersions(p.versions)}): ${p.status}`;

/** What changed between two revisions, one line each, for the history and the notices. */
export function describeChanges(before: NormalisedAdvisory, after: NormalisedAdvisory): string[] {
  const changes: string[] = [];
  if (before.revision !== after.revision)
    changes.push(`revision ${before.revision} → ${after.revision}`);
  if (before.title !== after.title) changes.push(`title: ${after.title}`);
  if (before.severity !== after.severity)
    changes.push(`severity: ${before.severity ?? '-'} → ${after.severity ?? '-'}`);
  const addedCves = after.cves.filter((c) => !before.cves.includes(c));
  if (addedCves.length) changes.push(`CVEs added: ${addedCves.join(', ')}`);
  const removedCves = before.cves.filter((c) => !after.cves.includes(c));
  if (removedCves.length) changes.push(`CVEs removed: ${removedCves.join(', ')}`);
  const lines = (a: NormalisedAdvisory) => new Set(a.products.map(productLine));
  const was = lines(before);
  const now = lines(after);
  for (const line of now) if (!was.has(line)) changes.push(`product: ${line}`);
  for (const line of was) if (!now.has(line)) changes.push(`product no longer listed: ${line}`);
  if (before.kev?.dueDate !== after.kev?.dueDate)
    changes.push(`due date: ${after.kev?.dueDate ?? '-'}`);
  if (JSON.stringify(before.remediations) !== JSON.stringify(after.remediations))
    changes.push('remediations changed');
  return changes;
}
