import { parseLookupQuery, type IPv6Words } from '../registry/network-value.js';

/**
 * Where an outbound delivery may go. Webhook URLs are typed by the organisations Fenghuo
 * notifies, so without a check a URL (or a DNS name that later changes its answer) could make
 * the server call its own loopback services, the internal network or a cloud metadata
 * endpoint (server-side request forgery). The channels classify every resolved address and
 * refuse the classes that are not the public Internet.
 */
export type AddressClass =
  'public' | 'loopback' | 'private' | 'link-local' | 'unspecified' | 'multicast' | 'reserved';

/** The delivery was not attempted and retrying will not help: a bad URL, a forbidden address, an unusable key. */
export class DeliveryRefused extends Error {
  constructor(
    message: string,
    readonly addressClass?: AddressClass,
  ) {
    super(message);
    this.name = 'DeliveryRefused';
  }
}

/**
 * The delivery was attempted and did not succeed: connection error, timeout, a non-2xx HTTP
 * status or an SMTP error reply (`status` holds the HTTP status or SMTP reply code). The
 * outbox retries these.
 */
export class DeliveryFailed extends Error {
  constructor(
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DeliveryFailed';
  }
}

/** IPv4 special-purpose blocks (RFC 6890 and successors), most specific where they overlap. */
const IPV4_BLOCKS: [network: string, prefix: number, addressClass: AddressClass][] = [
  ['0.0.0.0', 8, 'unspecified'], // "this network"; Linux connects 0.0.0.0 to the local host
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'private'], // carrier-grade NAT (RFC 6598): someone's internal network
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'], // includes the 169.254.169.254 cloud metadata service
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'], // IETF protocol assignments
  ['192.0.2.0', 24, 'reserved'], // TEST-NET-1 (documentation)
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved'], // benchmarking
  ['198.51.100.0', 24, 'reserved'], // TEST-NET-2
  ['203.0.113.0', 24, 'reserved'], // TEST-NET-3
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'], // future use, and 255.255.255.255 broadcast
];

/**
 * The class of an IPv4 or IPv6 address (a zone suffix such as `%eth0` is ignored). IPv6
 * forms that carry an IPv4 address (IPv4-mapped `::ffff:a.b.c.d`, NAT64 `64:ff9b::/96`, 6to4
 * `2002::/16`) take the class of that IPv4 address, since that is where packets end up.
 * Only global unicast `2000::/3` can be public in IPv6. Throws on text that is not an address.
 *
 * ```ts
 * classifyAddress('203.0.113.7');      // 'reserved' (documentation)
 * classifyAddress('::ffff:127.0.0.1'); // 'loopback'
 * classifyAddress('2400:3200::1');     // 'public'
 * ```
 */
export function classifyAddress(ip: string): AddressClass {
  const text = ip.trim().replace(/%[^%]*$/, '');
  // parseLookupQuery also accepts host names and URLs; only a bare address may pass here.
  const parsed = /^[\da-f:.]+$/i.test(text) ? parseLookupQuery(text) : null;
  if (!parsed || !('type' in parsed) || parsed.type !== 'ip') {
    throw new TypeError(`${ip} is not an IP address.`);
  }
  return parsed.family === 4 ? classifyIPv4(parsed.address) : classifyIPv6(parsed.words);
}

function classifyIPv4(address: number): AddressClass {
  for (const [network, prefix, addressClass] of IPV4_BLOCKS) {
    const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
    if ((address & mask) >>> 0 === ipv4Number(network)) return addressClass;
  }
  return 'public';
}

function ipv4Number(text: string): number {
  return text.split('.').reduce((value, part) => value * 256 + Number(part), 0);
}

function classifyIPv6(words: IPv6Words): AddressClass {
  const [w0, w1, w2, w3] = words;
  const high16 = w0 >>> 16;
  if (w0 === 0 && w1 === 0 && w2 === 0) {
    if (w3 === 0) return 'unspecified';
    if (w3 === 1) return 'loopback';
    return 'reserved'; // deprecated IPv4-compatible addresses
  }
  if (w0 === 0 && w1 === 0 && w2 === 0xffff) return classifyIPv4(w3); // IPv4-mapped
  if (w0 === 0x0064ff9b && w1 === 0 && w2 === 0) return classifyIPv4(w3); // NAT64 well-known prefix
  if (w0 === 0x0064ff9b && w1 >>> 16 === 0x0001) return 'private'; // local-use NAT64 (RFC 8215)
  if (high16 === 0x2002) return classifyIPv4(((w0 & 0xffff) * 0x10000 + (w1 >>> 16)) >>> 0); // 6to4
  if ((high16 & 0xff00) === 0xff00) return 'multicast'; // ff00::/8
  if ((high16 & 0xffc0) === 0xfe80) return 'link-local'; // fe80::/10
  if ((high16 & 0xffc0) === 0xfec0) return 'private'; // deprecated site-local fec0::/10
  if ((high16 & 0xfe00) === 0xfc00) return 'private'; // unique local fc00::/7
  if (w0 === 0x20010db8) return 'reserved'; // documentation 2001:db8::/32
  if (high16 === 0x3fff && (w0 & 0xf000) === 0) return 'reserved'; // documentation 3fff::/20
  // IETF protocol assignments 2001::/23: Teredo, benchmarking, ORCHID; not webhook receivers.
  if (high16 === 0x2001 && (w0 & 0xfe00) === 0) return 'reserved';
  if ((high16 & 0xe000) !== 0x2000) return 'reserved'; // outside global unicast 2000::/3
  return 'public';
}
