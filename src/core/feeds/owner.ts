import type { NetworkEntry, NetworkIndex } from '../registry/network-index.js';
import { parseLookupQuery } from '../registry/network-value.js';
import type { FeedEvent } from './event.js';

/**
 * Who is responsible for an event: the innermost registered block holding its address, else the
 * longest registered suffix of its host name (or its URL's), else its ASN.
 */
export function ownerOf(index: NetworkIndex, event: FeedEvent): NetworkEntry | null {
  if (event.ip !== null) {
    const v4 = ipv4ToNumber(event.ip);
    const found = v4 >= 0 ? index.lookupIPv4(v4) : lookupText(index, event.ip);
    if (found) return found;
  }
  const host = event.hostname ?? event.url;
  if (host !== null) {
    const found = lookupText(index, host);
    if (found) return found;
  }
  return event.asn !== null ? lookupText(index, `AS${event.asn}`) : null;
}

function lookupText(index: NetworkIndex, text: string): NetworkEntry | null {
  const query = parseLookupQuery(text);
  return 'error' in query ? null : index.lookup(query);
}

/** A dotted quad as an unsigned 32-bit number, or -1: the hot path's parse, without a regex or a split. */
function ipv4ToNumber(text: string): number {
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || ++dots > 3) return -1;
      value = value * 256 + part;
      part = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      part = part * 10 + (c - 48);
      if (++digits > 3 || part > 255) return -1;
    } else return -1;
  }
  if (dots !== 3 || digits === 0) return -1;
  return value * 256 + part;
}
