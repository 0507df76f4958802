import { describe, expect, it } from 'vitest';
import { dedupHash, identityKey, respondTo } from './finding.js';

describe('answers to a finding', () => {
  it('moves an open, notified, reopened or acknowledged finding to the answer', () => {
    for (const state of ['open', 'notified', 'reopened', 'acknowledged'] as const)
      expect(respondTo(state, 'fixed')).toBe('fixed');
    expect(respondTo('notified', 'not_ours')).toBe('not_ours');
    expect(respondTo('fixed', 'false_positive')).toBe('false_positive');
  });

  it('refuses answers to closed findings and repeated acknowledgements, as conflicts', () => {
    expect(() => respondTo('verified_fixed', 'fixed')).toThrow(
      /verified fixed cannot be marked fixed/,
    );
    expect(() => respondTo('not_ours', 'acknowledged')).toThrow(
      /not ours cannot be marked acknowledged/,
    );
    expect(() => respondTo('fixed', 'fixed')).toThrow(/cannot be marked fixed/);
    expect(() => respondTo('acknowledged', 'acknowledged')).toThrow(
      'The finding is already acknowledged',
    );
  });
});

describe('the dedup hash', () => {
  const key = identityKey('feed', 'org', '198.51.100.8', 53, 'open-resolver');

  it('is a safe integer of 53 bits, the same for the same identity, different per probe', () => {
    const hash = dedupHash(key);
    expect(Number.isSafeInteger(hash) && hash >= 0).toBe(true);
    expect(dedupHash(key)).toBe(hash);
    expect(dedupHash(key, 1)).not.toBe(hash);
    expect(dedupHash(key, 2)).not.toBe(dedupHash(key, 1));
  });

  it('tells apart identities that differ in any part, including an unmatched owner', () => {
    const hashes = new Set(
      [
        key,
        identityKey('feed', null, '198.51.100.8', 53, 'open-resolver'),
        identityKey('feed', 'org', '198.51.100.9', 53, 'open-resolver'),
        identityKey('feed', 'org', '198.51.100.8', 5353, 'open-resolver'),
        identityKey('feed', 'org', '198.51.100.8', 53, 'accessible-dns'),
        identityKey('other', 'org', '198.51.100.8', 53, 'open-resolver'),
      ].map((k) => dedupHash(k)),
    );
    expect(hashes.size).toBe(6);
  });
});
