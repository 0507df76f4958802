import { NetworkIndex, type NetworkEntry } from '../src/core/registry/network-index.js';
import {
  parseLookupQuery,
  parseNetworkValue,
  type LookupQuery,
} from '../src/core/registry/network-value.js';
import { measure } from './harness.js';
import type { BenchRow } from './harness.js';
import { seededRandom } from '../src/core/random.js';

/**
 * Ownership lookups at registry scale: 100,000 IPv4 and 10,000 IPv6 blocks over 20,000
 * organisations, generated from a fixed seed so runs compare. The baseline is the obvious
 * implementation, a linear longest-prefix scan, on the same blocks and addresses.
 */
const IPV4_BLOCKS = 100_000;
const IPV6_BLOCKS = 10_000;
const ORGANISATIONS = 20_000;
const IPV4_ADDRESSES = 1_000_000;
const OTHER_QUERIES = 100_000;
const NAIVE_BATCH = 100;

function dotted(address: number): string {
  return `${address >>> 24}.${(address >>> 16) & 255}.${(address >>> 8) & 255}.${address & 255}`;
}

function hex(words: number[]): string {
  return words
    .flatMap((word) => [word >>> 16, word & 0xffff].map((group) => group.toString(16)))
    .join(':');
}

interface Block {
  start: number;
  end: number; // exclusive
  length: number;
}

function generate(random: () => number) {
  const entries: NetworkEntry[] = [];
  const organisation = () => `org-${Math.floor(random() * ORGANISATIONS)}`;
  const ipv4: Block[] = [];
  const seen = new Set<string>();
  while (ipv4.length < IPV4_BLOCKS) {
    // Nearly a third nest inside an earlier block, as customer assignments sit inside allocations.
    const parent =
      ipv4.length > 0 && random() < 0.3 ? ipv4[Math.floor(random() * ipv4.length)]! : null;
    const minLength = parent ? parent.length + 1 : 16;
    if (minLength > 28) continue;
    const length = minLength + Math.floor(random() * (29 - minLength));
    const size = 2 ** (32 - length);
    const base = parent
      ? parent.start + Math.floor(random() * (parent.end - parent.start))
      : Math.floor(random() * 2 ** 32);
    const start = base - (base % size);
    const value = `${dotted(start)}/${length}`;
    if (seen.has(value)) continue;
    seen.add(value);
    ipv4.push({ start, end: start + size, length });
    entries.push({ id: `n${entries.length}`, orgId: organisation(), type: 'cidr', value });
  }

  // IPv6 allocations of /32 to /64 inside 2400::/8; each keeps its first 64 bits for queries.
  const ipv6: { high: [number, number]; length: number }[] = [];
  while (ipv6.length < IPV6_BLOCKS) {
    const length = 32 + Math.floor(random() * 33);
    const w0 = 0x24000000 + Math.floor(random() * 2 ** 24);
    const w1 = Math.floor(random() * 2 ** 32);
    const high: [number, number] = [w0, w1 - (w1 % 2 ** (64 - length))];
    const parsed = parseNetworkValue(`${hex([...high, 0, 0])}/${length}`);
    if ('error' in parsed) throw new Error(parsed.error);
    if (seen.has(parsed.canonical)) continue;
    seen.add(parsed.canonical);
    ipv6.push({ high, length });
    entries.push({
      id: `n${entries.length}`,
      orgId: organisation(),
      type: 'cidr',
      value: parsed.canonical,
    });
  }

  const ipv4Addresses = new Uint32Array(IPV4_ADDRESSES);
  for (let i = 0; i < ipv4Addresses.length; i++) ipv4Addresses[i] = Math.floor(random() * 2 ** 32);
  const query = (text: string): LookupQuery => {
    const parsed = parseLookupQuery(text);
    if ('error' in parsed) throw new Error(parsed.error);
    return parsed;
  };
  const random32 = () => Math.floor(random() * 2 ** 32);
  // Half inside a registered block, half anywhere in 2400::/8 (which mostly misses).
  const ipv6Queries = Array.from({ length: OTHER_QUERIES }, (_, i) => {
    const block = ipv6[Math.floor(random() * ipv6.length)]!;
    const high =
      i % 2 === 0
        ? [block.high[0], block.high[1] + Math.floor(random() * 2 ** (64 - block.length))]
        : [0x24000000 + Math.floor(random() * 2 ** 24), random32()];
    return query(hex([...high, random32(), random32()]));
  });
  const ipv4Strings = Array.from(ipv4Addresses.subarray(0, OTHER_QUERIES), dotted);
  return { entries, ipv4, ipv4Addresses, ipv6Queries, ipv4Strings };
}

/** The baseline: every block checked, the longest containing one kept. Returns its index or -1. */
function naiveLookup(blocks: Block[], address: number): number {
  let best = -1;
  let bestLength = -1;
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i]!;
    if (address >= block.start && address < block.end && block.length > bestLength) {
      best = i;
      bestLength = block.length;
    }
  }
  return best;
}

export async function run(): Promise<BenchRow[]> {
  const { entries, ipv4, ipv4Addresses, ipv6Queries, ipv4Strings } = generate(seededRandom(2024));

  const buildStarted = performance.now();
  const index = NetworkIndex.build(entries);
  const added = performance.now();
  // The first lookup of each family flattens it; count that as part of building.
  index.lookupIPv4(0);
  index.lookup(ipv6Queries[0]!);
  const built = performance.now();

  // The index must give the baseline's answers, or the comparison means nothing.
  for (const address of ipv4Addresses.subarray(0, 1000)) {
    const expected = naiveLookup(ipv4, address);
    if ((index.lookupIPv4(address)?.id ?? null) !== (expected < 0 ? null : `n${expected}`)) {
      throw new Error(`index and linear scan disagree on ${dotted(address)}`);
    }
  }

  let ipv4Hits = 0;
  const fast = measure(() => {
    for (let i = 0; i < ipv4Addresses.length; i++)
      if (index.lookupIPv4(ipv4Addresses[i]!)) ipv4Hits++;
    return ipv4Addresses.length;
  });
  let ipv6Hits = 0;
  const ipv6 = measure(() => {
    for (const query of ipv6Queries) if (index.lookup(query)) ipv6Hits++;
    return ipv6Queries.length;
  });
  const fromText = measure(() => {
    for (const text of ipv4Strings) {
      const query = parseLookupQuery(text);
      if (!('error' in query)) index.lookup(query);
    }
    return ipv4Strings.length;
  });
  let offset = 0;
  const naive = measure(() => {
    for (let i = 0; i < NAIVE_BATCH; i++)
      naiveLookup(ipv4, ipv4Addresses[offset++ % ipv4Addresses.length]!);
    return NAIVE_BATCH;
  });

  const perSecond = (m: { ops: number; ms: number }) => Math.round((m.ops / m.ms) * 1000);
  const percent = (hits: number, m: { ops: number }) =>
    `${((hits / m.ops) * 100).toFixed(1)}% hits`;
  const naiveRow = { name: 'naive linear scan, IPv4', value: perSecond(naive) };
  return [
    {
      name: `NetworkIndex build (${IPV4_BLOCKS} IPv4 + ${IPV6_BLOCKS} IPv6 blocks)`,
      value: Math.round(built - buildStarted),
      unit: 'ms',
      note: `add ${Math.round(added - buildStarted)} ms, flatten ${Math.round(built - added)} ms`,
    },
    {
      name: 'lookupIPv4, random addresses',
      value: perSecond(fast),
      unit: 'lookups/s',
      baseline: naiveRow,
      note: percent(ipv4Hits, fast),
    },
    {
      name: 'lookup(), parsed IPv6 queries',
      value: perSecond(ipv6),
      unit: 'lookups/s',
      note: percent(ipv6Hits, ipv6),
    },
    {
      name: 'parseLookupQuery + lookup(), IPv4 text',
      value: perSecond(fromText),
      unit: 'lookups/s',
    },
    { ...naiveRow, unit: 'lookups/s' },
  ];
}
