import {
  parseNetworkValue,
  type IPv6Words,
  type LookupQuery,
  type ParsedNetwork,
} from './network-value.js';

/** A registry network row as the index needs it; `value` must already be canonical. */
export interface NetworkEntry {
  id: string;
  orgId: string;
  type: ParsedNetwork['type'];
  value: string;
}

/** A CIDR block as the half-open range [start, end): exclusive ends need no ±1 at the top of the space. */
interface Block<T> {
  start: T;
  end: T;
  entry: NetworkEntry;
}

/**
 * Answers "who owns this address, ASN or domain?" from memory, fast enough to enrich every
 * incoming report (millions of IPv4 lookups per second on one core).
 *
 * CIDR blocks are either disjoint or nested, so each family is flattened into sorted, disjoint
 * ranges that each name the innermost block covering them, kept in typed arrays; a lookup is a
 * binary search over them (for IPv4, only over the ranges of the address's /16). Flattening
 * costs far more than a lookup (about 0.1 s for 100,000 blocks), so `add` and `remove` only mark
 * the family stale and the next lookup rebuilds it: load everything first, then look up. ASNs
 * are matched exactly; a domain matches its longest registered suffix on a label boundary.
 *
 * ```ts
 * const index = NetworkIndex.build([
 *   { id: 'n1', orgId: 'o1', type: 'cidr', value: '10.0.0.0/8' },
 *   { id: 'n2', orgId: 'o2', type: 'cidr', value: '10.1.0.0/16' },
 *   { id: 'n3', orgId: 'o2', type: 'domain', value: 'example.com' },
 * ]);
 * const query = parseLookupQuery('10.1.2.3');
 * if (!('error' in query)) index.lookup(query); // the n2 entry: the innermost block wins
 * index.lookupIPv4(0x0a000001);                 // n1 (10.0.0.1)
 * ```
 */
export class NetworkIndex {
  private readonly byId = new Map<string, NetworkEntry>();
  /** By canonical value: enforces uniqueness and serves ASN and domain lookups. */
  private readonly byValue = new Map<string, NetworkEntry>();
  private readonly ipv4Blocks = new Map<string, Block<number>>();
  private readonly ipv6Blocks = new Map<string, Block<bigint>>();

  private ipv4Dirty = true;
  /** Range i covers [ipv4Starts[i], ipv4Starts[i + 1]); ipv4Starts[0] is always 0. */
  private ipv4Starts = new Uint32Array(0);
  /** Per range, an index into ipv4Entries, or -1 where no block covers it. */
  private ipv4Owners = new Int32Array(0);
  private ipv4Entries: NetworkEntry[] = [];
  /**
   * Per /16, the range holding its first address (one more entry for the end of the space), so a
   * lookup binary-searches only the few ranges of its /16: measured 3.5× faster than searching all.
   */
  private ipv4Buckets = new Uint32Array(0);

  private ipv6Dirty = true;
  /** Like ipv4Starts, four big-endian 32-bit words per range so lookups compare numbers, not BigInts. */
  private ipv6Starts = new Uint32Array(0);
  private ipv6Owners = new Int32Array(0);
  private ipv6Entries: NetworkEntry[] = [];

  static build(entries: Iterable<NetworkEntry>): NetworkIndex {
    const index = new NetworkIndex();
    for (const entry of entries) index.add(entry);
    return index;
  }

  get size(): number {
    return this.byId.size;
  }

  /** Throws if the value is not canonical, or if the id or the value is already present. */
  add(entry: NetworkEntry): void {
    const parsed = parseNetworkValue(entry.value);
    if ('error' in parsed) throw new Error(`Network ${entry.id}: ${parsed.error}`);
    if (parsed.type !== entry.type || parsed.canonical !== entry.value) {
      throw new Error(
        `Network ${entry.id}: ${entry.type} ${entry.value} is not canonical; expected ${parsed.type} ${parsed.canonical}.`,
      );
    }
    if (this.byId.has(entry.id)) throw new Error(`Network ${entry.id} is already in the index.`);
    const holder = this.byValue.get(entry.value);
    if (holder) throw new Error(`${entry.value} is already registered as network ${holder.id}.`);

    this.byId.set(entry.id, entry);
    this.byValue.set(entry.value, entry);
    if (parsed.type !== 'cidr') return;
    if (parsed.family === 4) {
      const end = parsed.address + 2 ** (32 - parsed.prefixLength);
      this.ipv4Blocks.set(entry.id, { start: parsed.address, end, entry });
      this.ipv4Dirty = true;
    } else {
      const start = parsed.words.reduce((acc, word) => (acc << 32n) | BigInt(word), 0n);
      const end = start + (1n << BigInt(128 - parsed.prefixLength));
      this.ipv6Blocks.set(entry.id, { start, end, entry });
      this.ipv6Dirty = true;
    }
  }

  /** Returns whether the id was present. */
  remove(id: string): boolean {
    const entry = this.byId.get(id);
    if (!entry) return false;
    this.byId.delete(id);
    this.byValue.delete(entry.value);
    if (this.ipv4Blocks.delete(id)) this.ipv4Dirty = true;
    if (this.ipv6Blocks.delete(id)) this.ipv6Dirty = true;
    return true;
  }

  lookup(query: LookupQuery): NetworkEntry | null {
    switch (query.type) {
      case 'ip':
        return query.family === 4 ? this.lookupIPv4(query.address) : this.lookupIPv6(query.words);
      case 'asn': {
        const entry = this.byValue.get(`AS${query.asn}`);
        return entry?.type === 'asn' ? entry : null;
      }
      case 'domain':
        return this.lookupDomain(query.canonical);
    }
  }

  /** The innermost IPv4 block containing `address`, an unsigned 32-bit integer (int32 is coerced). */
  lookupIPv4(address: number): NetworkEntry | null {
    if (this.ipv4Dirty) this.rebuildIPv4();
    const value = address >>> 0;
    const starts = this.ipv4Starts;
    // The last range starting at or before the address, found among those of its /16.
    const bucket = value >>> 16;
    let lo = this.ipv4Buckets[bucket]!;
    let hi = this.ipv4Buckets[bucket + 1]!;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid]! <= value) lo = mid;
      else hi = mid - 1;
    }
    const owner = this.ipv4Owners[lo]!;
    return owner < 0 ? null : this.ipv4Entries[owner]!;
  }

  private lookupIPv6([a, b, c, d]: IPv6Words): NetworkEntry | null {
    if (this.ipv6Dirty) this.rebuildIPv6();
    const s = this.ipv6Starts;
    let lo = 0;
    let hi = this.ipv6Owners.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      const o = mid * 4;
      const startsAtOrBefore =
        s[o] !== a
          ? s[o]! < a
          : s[o + 1] !== b
            ? s[o + 1]! < b
            : s[o + 2] !== c
              ? s[o + 2]! < c
              : s[o + 3]! <= d;
      if (startsAtOrBefore) lo = mid;
      else hi = mid - 1;
    }
    const owner = this.ipv6Owners[lo]!;
    return owner < 0 ? null : this.ipv6Entries[owner]!;
  }

  /** Tries the name, then each parent: the first hit is the longest registered suffix. */
  private lookupDomain(name: string): NetworkEntry | null {
    for (let suffix = name; ;) {
      const entry = this.byValue.get(suffix);
      if (entry?.type === 'domain') return entry;
      const dot = suffix.indexOf('.');
      if (dot < 0) return null;
      suffix = suffix.slice(dot + 1);
    }
  }

  private rebuildIPv4(): void {
    const blocks = [...this.ipv4Blocks.values()];
    const { starts, owners } = flatten(blocks, 0, 2 ** 32);
    this.ipv4Starts = Uint32Array.from(starts);
    this.ipv4Owners = Int32Array.from(owners);
    this.ipv4Entries = blocks.map((block) => block.entry);
    this.ipv4Buckets = new Uint32Array(2 ** 16 + 1);
    for (let bucket = 0, range = 0; bucket <= 2 ** 16; bucket++) {
      while (range + 1 < starts.length && starts[range + 1]! <= bucket * 2 ** 16) range++;
      this.ipv4Buckets[bucket] = range;
    }
    this.ipv4Dirty = false;
  }

  private rebuildIPv6(): void {
    const blocks = [...this.ipv6Blocks.values()];
    const { starts, owners } = flatten(blocks, 0n, 1n << 128n);
    this.ipv6Starts = new Uint32Array(starts.length * 4);
    starts.forEach((start, i) => {
      for (let w = 0; w < 4; w++) {
        this.ipv6Starts[i * 4 + w] = Number(BigInt.asUintN(32, start >> BigInt(96 - 32 * w)));
      }
    });
    this.ipv6Owners = Int32Array.from(owners);
    this.ipv6Entries = blocks.map((block) => block.entry);
    this.ipv6Dirty = false;
  }
}

/**
 * Turns nested-or-disjoint blocks into disjoint ranges covering [zero, spaceEnd), each owned by
 * the innermost block covering it (an index into `blocks`, which this sorts) or -1. A sweep in
 * start order keeps a stack of the blocks that are open at the current position.
 */
function flatten<T extends number | bigint>(
  blocks: Block<T>[],
  zero: T,
  spaceEnd: T,
): { starts: T[]; owners: number[] } {
  // Outer before inner when two blocks start together, so the inner one ends up on top.
  blocks.sort((x, y) =>
    x.start !== y.start ? (x.start < y.start ? -1 : 1) : x.end > y.end ? -1 : 1,
  );
  const starts: T[] = [];
  const owners: number[] = [];
  // Every block is non-empty, so neighbouring ranges always have different owners.
  const emit = (start: T, owner: number): void => {
    starts.push(start);
    owners.push(owner);
  };
  const open: number[] = [];
  let pos = zero;
  /** Emits everything before `limit`, closing the blocks that end by then. */
  const advanceTo = (limit: T): void => {
    for (let top = open.at(-1); top !== undefined && blocks[top]!.end <= limit; top = open.at(-1)) {
      const end = blocks[top]!.end;
      if (pos < end) {
        emit(pos, top);
        pos = end;
      }
      open.pop();
    }
    if (pos < limit) {
      emit(pos, open.at(-1) ?? -1);
      pos = limit;
    }
  };
  blocks.forEach((block, i) => {
    advanceTo(block.start);
    open.push(i);
  });
  advanceTo(spaceEnd);
  return { starts, owners };
}
