import type { Finding } from '../../../contract/feeds.js';
import {
  FINDING_RESPONSES,
  FINDING_STATES,
  respondTo,
  type FindingResponse,
  type FindingState,
} from '../../../core/feeds/finding.js';

export { FINDING_RESPONSES, FINDING_STATES, type FindingResponse, type FindingState };

/** Whether the server takes this answer for a finding in this state: its own rule, asked. */
export function answerable(state: FindingState, response: FindingResponse): boolean {
  try {
    respondTo(state, response);
    return true;
  } catch {
    return false;
  }
}

/** What a finding is about: its address, else its host name or URL. */
export function findingHost(finding: Pick<Finding, 'ip' | 'hostname' | 'url'>): string {
  return finding.ip ?? finding.hostname ?? finding.url ?? '';
}
