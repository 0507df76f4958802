import { DomainError } from '../errors.js';

/**
 * A finding's life: `open` until its digest goes out (`notified`); the recipient then
 * acknowledges it, claims it `fixed`, or closes it as a false positive or not theirs. A claimed
 * fix is `verified_fixed` when the next run of the same feed no longer sees it, and `reopened`
 * when a later sighting does.
 */
export const FINDING_STATES = [
  'open',
  'notified',
  'acknowledged',
  'fixed',
  'verified_fixed',
  'reopened',
  'false_positive',
  'not_ours',
] as const;
export type FindingState = (typeof FINDING_STATES)[number];

/** What a recipient may answer about a finding. */
export const FINDING_RESPONSES = ['acknowledged', 'fixed', 'false_positive', 'not_ours'] as const;
export type FindingResponse = (typeof FINDING_RESPONSES)[number];

/** States a recipient can still answer from. */
const ANSWERABLE: readonly FindingState[] = ['open', 'notified', 'reopened', 'acknowledged'];

/**
 * The state a response moves a finding to; a finding already closed cannot be answered again.
 * @example respondTo('notified', 'fixed') // 'fixed'
 */
export function respondTo(state: FindingState, response: FindingResponse): FindingState {
  if (!ANSWERABLE.includes(state) && !(state === 'fixed' && response !== 'fixed'))
    throw new DomainError(
      'conflict',
      `A finding that is ${state.replace('_', ' ')} cannot be marked ${response.replace('_', ' ')}`,
    );
  if (state === 'acknowledged' && response === 'acknowledged')
    throw new DomainError('conflict', 'The finding is already acknowledged');
  return response;
}

/**
 * What sightings of the same problem share: feed, owner, host, port and what was seen.
 * Unmatched events have no owner yet and share the empty one.
 */
export function identityKey(
  feedId: string,
  orgId: string | null,
  host: string,
  port: number | null,
  identifier: string,
): string {
  return `${feedId}|${orgId ?? ''}|${host}|${port ?? ''}|${identifier}`;
}

/**
 * The finding's slot in the dedup index: a 53-bit hash of its identity key (two 32-bit FNV-1a
 * variants), compact enough that the index stays small and fast at millions of findings. Two
 * identities can share a hash; the writer then checks the stored identity and moves to the next
 * `probe`, so a collision never merges two problems.
 */
export function dedupHash(key: string, probe = 0): number {
  let a = 0x811c9dc5 ^ probe;
  let b = 0x01000193 + probe;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return (a >>> 0) * 0x200000 + ((b >>> 0) & 0x1fffff);
}
