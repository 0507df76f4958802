import { describe, it, expect } from 'vitest';
import { NetworkIndex, type NetworkEntry } from './network-index.js';
import { parseLookupQuery, parseNetworkValue } from './network-value.js';
import { seededRandom } from '../random.js';

/** An entry whose type and canonical value come from the parser, as the database would hold them. */
function entry(id: string, raw: string): NetworkEntry {
  const parsed = parseNetworkValue(raw);
  if ('error' in parsed) throw new Error(parsed.error);
  return { id, orgId: `org-${id}`, type: parsed.type, value: parsed.canonical };
}

/** The id of the entry a lookup of `raw` finds, or null. */
function owner(index: NetworkIndex, raw: string): string | null {
  const query = parseLookupQuery(raw);
  if ('error' in query) throw new Error(query.error);
  return index.lookup(query)?.id ?? null;
}

describe('NetworkIndex: IPv4', () => {
  const nested = [entry('a', '10.0.0.0/8'), entry('b', '10.1.0.0/16'), entry('c', '10.1.2.0/24')];
  const expectations: [string, string | null][] = [
    ['9.255.255.255', null],
    ['10.0.0.0', 'a'],
    ['10.0.255.255', 'a'],
    ['10.1.0.0', 'b'],
    ['10.1.1.255', 'b'],
    ['10.1.2.0', 'c'],
    ['10.1.2.128', 'c'],
    ['10.1.2.255', 'c'],
    ['10.1.3.0', 'b'],
    ['10.1.255.255', 'b'],
    ['10.2.0.0', 'a'],
    ['10.255.255.255', 'a'],
    ['11.0.0.0', null],
  ];

  it('resolves each address to the innermost of nested blocks, in any insertion order', () => {
    for (const order of [nested, [...nested].reverse(), [nested[1]!, nested[2]!, nested[0]!]]) {
      const index = NetworkIndex.build(order);
      for (const [address, expected] of expectations)
        expect(owner(index, address), address).toBe(expected);
    }
  });

  it('handles blocks that share their first address', () => {
    const index = NetworkIndex.build([
      entry('outer', '10.0.0.0/8'),
      entry('middle', '10.0.0.0/16'),
      entry('host', '10.0.0.0/32'),
    ]);
    expect(owner(index, '10.0.0.0')).toBe('host');
    expect(owner(index, '10.0.0.1')).toBe('middle');
    expect(owner(index, '10.0.255.255')).toBe('middle');
    expect(owner(index, '10.1.0.0')).toBe('outer');
  });

  it('handles blocks that share their last address', () => {
    const index = NetworkIndex.build([
      entry('outer', '10.0.0.0/8'),
      entry('tail', '10.255.255.0/24'),
    ]);
    expect(owner(index, '10.255.254.255')).toBe('outer');
    expect(owner(index, '10.255.255.0')).toBe('tail');
    expect(owner(index, '10.255.255.255')).toBe('tail');
    expect(owner(index, '11.0.0.0')).toBeNull();
  });

  it('separates adjacent blocks at their boundary', () => {
    const index = NetworkIndex.build([
      entry('low', '192.0.2.0/25'),
      entry('high', '192.0.2.128/25'),
    ]);
    expect(owner(index, '192.0.1.255')).toBeNull();
    expect(owner(index, '192.0.2.0')).toBe('low');
    expect(owner(index, '192.0.2.127')).toBe('low');
    expect(owner(index, '192.0.2.128')).toBe('high');
    expect(owner(index, '192.0.2.255')).toBe('high');
    expect(owner(index, '192.0.3.0')).toBeNull();
  });

  it('finds blocks on either side of a /16 boundary and one spanning many', () => {
    const index = NetworkIndex.build([
      entry('before', '10.0.255.255/32'),
      entry('after', '10.1.0.0/32'),
      entry('wide', '10.0.0.0/15'),
      entry('span', '172.16.0.0/12'),
    ]);
    expect(owner(index, '10.0.255.254')).toBe('wide');
    expect(owner(index, '10.0.255.255')).toBe('before');
    expect(owner(index, '10.1.0.0')).toBe('after');
    expect(owner(index, '10.1.0.1')).toBe('wide');
    expect(owner(index, '172.20.128.1')).toBe('span');
    expect(owner(index, '172.31.255.255')).toBe('span');
    expect(owner(index, '172.32.0.0')).toBeNull();
  });

  it('covers the whole space with 0.0.0.0/0 and the ends with single addresses', () => {
    const index = NetworkIndex.build([
      entry('all', '0.0.0.0/0'),
      entry('first', '0.0.0.0/32'),
      entry('last', '255.255.255.255/32'),
    ]);
    expect(index.lookupIPv4(0)?.id).toBe('first');
    expect(index.lookupIPv4(1)?.id).toBe('all');
    expect(index.lookupIPv4(0xfffffffe)?.id).toBe('all');
    expect(index.lookupIPv4(0xffffffff)?.id).toBe('last');
    expect(owner(index, '127.0.0.1')).toBe('all');
  });

  it('finds single-address blocks at the ends of the space without a default route', () => {
    const index = NetworkIndex.build([entry('first', '0.0.0.0'), entry('last', '255.255.255.255')]);
    expect(index.lookupIPv4(0)?.id).toBe('first');
    expect(index.lookupIPv4(1)).toBeNull();
    expect(index.lookupIPv4(0xfffffffe)).toBeNull();
    expect(index.lookupIPv4(0xffffffff)?.id).toBe('last');
  });

  it('reads a signed 32-bit address as unsigned', () => {
    const index = NetworkIndex.build([entry('top', '128.0.0.0/1')]);
    expect(index.lookupIPv4(-1)?.id).toBe('top');
    expect(index.lookupIPv4(0x7fffffff)).toBeNull();
  });

  it('finds nothing in an empty index', () => {
    const index = new NetworkIndex();
    expect(index.size).toBe(0);
    expect(index.lookupIPv4(0)).toBeNull();
    expect(index.lookupIPv4(0xffffffff)).toBeNull();
    expect(owner(index, '::1')).toBeNull();
    expect(owner(index, 'AS1')).toBeNull();
    expect(owner(index, 'example.com')).toBeNull();
  });

  it('returns the entry object it was given', () => {
    const block = entry('a', '192.0.2.0/24');
    expect(NetworkIndex.build([block]).lookupIPv4(0xc0000201)).toBe(block);
  });
});

describe('NetworkIndex: IPv6', () => {
  it('resolves nested blocks to the innermost, at their boundaries', () => {
    const index = NetworkIndex.build([
      entry('a', '2001:db8::/32'),
      entry('b', '2001:db8:1::/48'),
      entry('c', '2001:db8:1:2::/64'),
    ]);
    const expectations: [string, string | null][] = [
      ['2001:db7:ffff:ffff:ffff:ffff:ffff:ffff', null],
      ['2001:db8::', 'a'],
      ['2001:db8:0:ffff:ffff:ffff:ffff:ffff', 'a'],
      ['2001:db8:1::', 'b'],
      ['2001:db8:1:1:ffff:ffff:ffff:ffff', 'b'],
      ['2001:db8:1:2::', 'c'],
      ['2001:db8:1:2:ffff:ffff:ffff:ffff', 'c'],
      ['2001:db8:1:3::', 'b'],
      ['2001:db8:1:ffff:ffff:ffff:ffff:ffff', 'b'],
      ['2001:db8:2::', 'a'],
      ['2001:db8:ffff:ffff:ffff:ffff:ffff:ffff', 'a'],
      ['2001:db9::', null],
    ];
    for (const [address, expected] of expectations)
      expect(owner(index, address), address).toBe(expected);
  });

  it('covers the whole space with ::/0 and the ends with single addresses', () => {
    const index = NetworkIndex.build([
      entry('all', '::/0'),
      entry('zero', '::/128'),
      entry('loopback', '::1/128'),
      entry('last', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128'),
    ]);
    expect(owner(index, '::')).toBe('zero');
    expect(owner(index, '::1')).toBe('loopback');
    expect(owner(index, '::2')).toBe('all');
    expect(owner(index, '2001:db8::1')).toBe('all');
    expect(owner(index, 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe')).toBe('all');
    expect(owner(index, 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff')).toBe('last');
  });

  it('compares every word: blocks differing only in the lowest bits', () => {
    const index = NetworkIndex.build([
      entry('even', '2001:db8::/127'),
      entry('odd', '2001:db8::3/128'),
    ]);
    expect(owner(index, '2001:db8::')).toBe('even');
    expect(owner(index, '2001:db8::1')).toBe('even');
    expect(owner(index, '2001:db8::2')).toBeNull();
    expect(owner(index, '2001:db8::3')).toBe('odd');
    expect(owner(index, '2001:db8::4')).toBeNull();
    expect(owner(index, '2001:db8:0:0:1::')).toBeNull();
  });

  it('keeps the families apart', () => {
    const index = NetworkIndex.build([entry('v4', '0.0.0.0/0')]);
    expect(owner(index, '::')).toBeNull();
    expect(owner(index, '::ffff:192.0.2.1')).toBeNull();
    const v6 = NetworkIndex.build([entry('v6', '::/0')]);
    expect(owner(v6, '0.0.0.0')).toBeNull();
  });
});

describe('NetworkIndex: ASN and domains', () => {
  const index = NetworkIndex.build([
    entry('telecom', 'AS4134'),
    entry('example', 'example.com'),
    entry('mail', 'mail.example.com'),
    entry('idn', '例子.中国'),
  ]);

  it('matches ASNs exactly', () => {
    expect(owner(index, 'AS4134')).toBe('telecom');
    expect(owner(index, '4134')).toBe('telecom');
    expect(owner(index, 'AS41340')).toBeNull();
    expect(owner(index, 'AS413')).toBeNull();
  });

  it('matches the longest registered suffix on label boundaries', () => {
    expect(owner(index, 'example.com')).toBe('example');
    expect(owner(index, 'WWW.Example.COM')).toBe('example');
    expect(owner(index, 'a.b.example.com')).toBe('example');
    expect(owner(index, 'mail.example.com')).toBe('mail');
    expect(owner(index, 'x.mail.example.com')).toBe('mail');
    expect(owner(index, 'https://user@smtp.mail.example.com/x')).toBe('mail');
    expect(owner(index, 'badexample.com')).toBeNull();
    expect(owner(index, 'example.com.cn')).toBeNull();
    expect(owner(index, 'com.example')).toBeNull();
    expect(owner(index, 'www.例子.中国')).toBe('idn');
  });
});

describe('NetworkIndex: changes', () => {
  it('sees adds and removes made after lookups', () => {
    const index = NetworkIndex.build([entry('outer', '10.0.0.0/8'), entry('v6', '2001:db8::/32')]);
    expect(owner(index, '10.1.2.3')).toBe('outer');
    expect(owner(index, '2001:db8:1::1')).toBe('v6');

    index.add(entry('inner', '10.1.0.0/16'));
    index.add(entry('v6inner', '2001:db8:1::/48'));
    index.add(entry('asn', 'AS64500'));
    index.add(entry('domain', 'example.org'));
    expect(index.size).toBe(6);
    expect(owner(index, '10.1.2.3')).toBe('inner');
    expect(owner(index, '10.2.0.0')).toBe('outer');
    expect(owner(index, '2001:db8:1::1')).toBe('v6inner');
    expect(owner(index, 'AS64500')).toBe('asn');
    expect(owner(index, 'www.example.org')).toBe('domain');

    expect(index.remove('inner')).toBe(true);
    expect(index.remove('v6inner')).toBe(true);
    expect(index.remove('asn')).toBe(true);
    expect(index.remove('domain')).toBe(true);
    expect(index.remove('inner')).toBe(false);
    expect(index.remove('never')).toBe(false);
    expect(index.size).toBe(2);
    expect(owner(index, '10.1.2.3')).toBe('outer');
    expect(owner(index, '2001:db8:1::1')).toBe('v6');
    expect(owner(index, 'AS64500')).toBeNull();
    expect(owner(index, 'www.example.org')).toBeNull();

    index.remove('outer');
    expect(owner(index, '10.1.2.3')).toBeNull();
  });

  it('accepts a value again once its holder is removed', () => {
    const index = NetworkIndex.build([entry('old', '192.0.2.0/24')]);
    index.remove('old');
    index.add(entry('new', '192.0.2.0/24'));
    expect(owner(index, '192.0.2.1')).toBe('new');
  });

  it('refuses a value that is already registered, naming it', () => {
    const index = NetworkIndex.build([entry('a', '192.0.2.0/24'), entry('b', 'example.com')]);
    expect(() => index.add(entry('c', '192.0.2.0/24'))).toThrow(
      '192.0.2.0/24 is already registered as network a.',
    );
    expect(() => index.add(entry('d', 'Example.COM'))).toThrow(
      'example.com is already registered as network b.',
    );
    expect(() => NetworkIndex.build([entry('x', 'AS1'), entry('y', '1')])).toThrow(
      'AS1 is already registered as network x.',
    );
    expect(index.size).toBe(2);
  });

  it('refuses an id that is already present', () => {
    const index = NetworkIndex.build([entry('a', '192.0.2.0/24')]);
    expect(() => index.add(entry('a', '198.51.100.0/24'))).toThrow(
      'Network a is already in the index.',
    );
  });

  it('refuses values that are invalid, not canonical or of another type', () => {
    const index = new NetworkIndex();
    expect(() => index.add({ id: 'a', orgId: 'o', type: 'cidr', value: '192.0.2.1/24' })).toThrow(
      'Network a: 192.0.2.1/24 has host bits set; did you mean 192.0.2.0/24?',
    );
    expect(() => index.add({ id: 'b', orgId: 'o', type: 'cidr', value: '2001:DB8::/32' })).toThrow(
      'Network b: cidr 2001:DB8::/32 is not canonical; expected cidr 2001:db8::/32.',
    );
    expect(() => index.add({ id: 'c', orgId: 'o', type: 'cidr', value: '192.0.2.1' })).toThrow(
      'Network c: cidr 192.0.2.1 is not canonical; expected cidr 192.0.2.1/32.',
    );
    expect(() => index.add({ id: 'd', orgId: 'o', type: 'domain', value: 'AS4134' })).toThrow(
      'Network d: domain AS4134 is not canonical; expected asn AS4134.',
    );
    expect(index.size).toBe(0);
  });
});

describe('NetworkIndex: against a linear longest-prefix scan', () => {
  interface Block {
    id: string;
    start: bigint;
    end: bigint; // exclusive
    length: number;
  }

  /** The obviously correct answer: scan every block, keep the longest that contains the address. */
  function naive(blocks: Block[], address: bigint): string | null {
    let best: Block | null = null;
    for (const block of blocks) {
      if (address >= block.start && address < block.end && (!best || block.length > best.length))
        best = block;
    }
    return best?.id ?? null;
  }

  function removeAThird(index: NetworkIndex, blocks: Block[], random: () => number): Block[] {
    return blocks.filter((block) => {
      if (random() < 0.66) return true;
      index.remove(block.id);
      return false;
    });
  }

  function text(value: bigint, bits: 32 | 128): string {
    if (bits === 32)
      return [24, 16, 8, 0].map((shift) => Number((value >> BigInt(shift)) & 255n)).join('.');
    return Array.from({ length: 8 }, (_, i) =>
      ((value >> BigInt(112 - 16 * i)) & 0xffffn).toString(16),
    ).join(':');
  }

  /**
   * Random blocks, half of them carved out of an earlier block so nesting is deep and common, and
   * addresses drawn from block edges, block interiors and the whole space.
   */
  function scenario(seed: number, bits: 32 | 128, blockCount: number, addressCount: number) {
    const random = seededRandom(seed);
    const randomBits = (n: number): bigint => {
      let value = 0n;
      for (let left = n; left > 0; left -= 16) {
        const take = Math.min(16, left);
        value = (value << BigInt(take)) | BigInt(Math.floor(random() * 2 ** take));
      }
      return value;
    };
    const blocks: Block[] = [];
    const seen = new Set<string>();
    while (blocks.length < blockCount) {
      const parent =
        blocks.length > 0 && random() < 0.5 ? blocks[Math.floor(random() * blocks.length)]! : null;
      const minLength = parent ? parent.length + 1 : 1;
      if (minLength > bits) continue;
      const length = minLength + Math.floor(random() * (bits + 1 - minLength) * (parent ? 0.5 : 1));
      const size = 1n << BigInt(bits - length);
      const base = parent ? parent.start + randomBits(bits - parent.length) : randomBits(bits);
      const start = base - (base % size);
      const value = `${text(start, bits)}/${length}`;
      if (seen.has(value)) continue;
      seen.add(value);
      blocks.push({ id: `n${blocks.length}`, start, end: start + size, length });
    }
    const addresses: bigint[] = [];
    for (let i = 0; i < addressCount; i++) {
      const block = blocks[Math.floor(random() * blocks.length)]!;
      const pick = random();
      if (pick < 0.2) addresses.push(block.start);
      else if (pick < 0.4) addresses.push(block.end - 1n);
      else if (pick < 0.5) addresses.push(block.end % (1n << BigInt(bits)));
      else if (pick < 0.8) addresses.push(block.start + randomBits(bits - block.length));
      else addresses.push(randomBits(bits));
    }
    const entries = blocks.map((block) =>
      entry(block.id, `${text(block.start, bits)}/${block.length}`),
    );
    return { blocks, addresses, entries, random };
  }

  it('agrees on IPv4, before and after removing a third of the blocks', () => {
    const { blocks, addresses, entries, random } = scenario(1, 32, 3000, 5000);
    const index = NetworkIndex.build(entries);
    const check = (live: Block[]) => {
      let hits = 0;
      for (const address of addresses) {
        const expected = naive(live, address);
        if (expected) hits++;
        expect(index.lookupIPv4(Number(address))?.id ?? null, text(address, 32)).toBe(expected);
      }
      return hits;
    };
    expect(check(blocks)).toBeGreaterThan(addresses.length / 2);
    const live = removeAThird(index, blocks, random);
    expect(index.size).toBe(live.length);
    check(live);
  });

  it('agrees on IPv6, before and after removing a third of the blocks', () => {
    const { blocks, addresses, entries, random } = scenario(2, 128, 2000, 4000);
    const index = NetworkIndex.build(entries);
    const check = (live: Block[]) => {
      for (const address of addresses) {
        expect(owner(index, text(address, 128)), text(address, 128)).toBe(naive(live, address));
      }
    };
    check(blocks);
    const live = removeAThird(index, blocks, random);
    check(live);
  });
});
