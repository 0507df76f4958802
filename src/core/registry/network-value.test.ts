import { describe, it, expect } from 'vitest';
import { parseLookupQuery, parseNetworkValue } from './network-value.js';
import { seededRandom } from '../random.js';

function canonical(raw: string): string {
  const parsed = parseNetworkValue(raw);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed.canonical;
}

function errorOf(raw: string): string {
  const parsed = parseNetworkValue(raw);
  if (!('error' in parsed)) throw new Error(`${raw} parsed as ${parsed.canonical}`);
  return parsed.error;
}

function lookupError(raw: string): string {
  const query = parseLookupQuery(raw);
  if (!('error' in query)) throw new Error(`${raw} parsed as ${query.type} ${query.canonical}`);
  return query.error;
}

describe('parseNetworkValue: IPv4', () => {
  it.each([
    ['192.0.2.0/24', '192.0.2.0/24'],
    ['  192.0.2.0/24\t', '192.0.2.0/24'],
    ['192.0.2.1', '192.0.2.1/32'],
    ['0.0.0.0/0', '0.0.0.0/0'],
    ['0.0.0.0', '0.0.0.0/32'],
    ['255.255.255.255', '255.255.255.255/32'],
    ['10.0.0.0/8', '10.0.0.0/8'],
    ['192.0.2.0/024', '192.0.2.0/24'],
  ])('%s → %s', (raw, expected) => {
    expect(canonical(raw)).toBe(expected);
  });

  it('carries the numeric form the index needs', () => {
    expect(parseNetworkValue('10.1.0.0/16')).toEqual({
      type: 'cidr',
      canonical: '10.1.0.0/16',
      family: 4,
      prefixLength: 16,
      address: 0x0a010000,
    });
    expect(parseNetworkValue('255.255.255.255')).toMatchObject({
      family: 4,
      address: 0xffffffff,
      prefixLength: 32,
    });
  });

  it('names the host bits and suggests the network', () => {
    expect(errorOf('192.0.2.1/24')).toBe(
      '192.0.2.1/24 has host bits set; did you mean 192.0.2.0/24?',
    );
    expect(errorOf('10.1.0.0/8')).toBe('10.1.0.0/8 has host bits set; did you mean 10.0.0.0/8?');
    expect(errorOf('1.0.0.0/0')).toBe('1.0.0.0/0 has host bits set; did you mean 0.0.0.0/0?');
  });

  it.each([
    '192.0.2.0/33',
    '192.0.2.0/',
    '192.0.2.0/x',
    '192.0.2.0/-1',
    '192.0.2.0/1000',
    '1.2.3.4/24/1',
  ])('rejects the prefix length in %s', (raw) => {
    expect(errorOf(raw)).toMatch(/^\/.* is not a valid IPv4 prefix length; use 0 to 32\.$/);
  });

  it.each([
    '256.0.0.1',
    '1.2.3',
    '1.2.3.4.5',
    '01.2.3.4',
    '1.2.3.04',
    '1..2.3',
    '1234.1.1.1',
    '1.2.3.4 /24',
  ])('rejects the address in %s', (raw) => {
    expect(errorOf(raw)).toMatch(/ is not a valid IPv4 address; write four numbers from 0 to 255/);
  });
});

describe('parseNetworkValue: IPv6', () => {
  it.each([
    ['2001:db8::/32', '2001:db8::/32'],
    ['2001:DB8::/32', '2001:db8::/32'],
    ['2001:0db8:0000:0000:0000:0000:0000:0000/32', '2001:db8::/32'],
    ['2001:0db8:0000:0000:0000:0000:0000:0001', '2001:db8::1/128'],
    ['::', '::/128'],
    ['::/0', '::/0'],
    ['::1', '::1/128'],
    ['1::', '1::/128'],
    ['ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128'],
    ['fe80::/10', 'fe80::/10'],
    // RFC 5952 §4.2.2: a single zero group is not compressed.
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1/128'],
    ['1:2:3:4:5:6:7::', '1:2:3:4:5:6:7:0/128'],
    // §4.2.3: the longest run is compressed, and the first of equal runs.
    ['1:0:0:2:0:0:0:3', '1:0:0:2::3/128'],
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1/128'],
    ['0:0:1::', '0:0:1::/128'],
    // §5: IPv4-mapped addresses keep their dotted tail; other embedded forms become hex.
    ['::ffff:192.0.2.1', '::ffff:192.0.2.1/128'],
    ['::FFFF:c000:0201', '::ffff:192.0.2.1/128'],
    ['::ffff:192.0.2.0/120', '::ffff:192.0.2.0/120'],
    ['64:ff9b::192.0.2.1', '64:ff9b::c000:201/128'],
    ['1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:102:304/128'],
  ])('%s → %s', (raw, expected) => {
    expect(canonical(raw)).toBe(expected);
  });

  it('carries the address as four 32-bit words', () => {
    expect(parseNetworkValue('2001:db8:1:2::/64')).toEqual({
      type: 'cidr',
      canonical: '2001:db8:1:2::/64',
      family: 6,
      prefixLength: 64,
      words: [0x20010db8, 0x00010002, 0, 0],
    });
    expect(parseNetworkValue('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff')).toMatchObject({
      words: [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff],
    });
  });

  it('names the host bits and suggests the network', () => {
    expect(errorOf('2001:db8::1/32')).toBe(
      '2001:db8::1/32 has host bits set; did you mean 2001:db8::/32?',
    );
    expect(errorOf('::1/0')).toBe('::1/0 has host bits set; did you mean ::/0?');
    expect(errorOf('2001:db8:4000::/33')).toBe(
      '2001:db8:4000::/33 has host bits set; did you mean 2001:db8::/33?',
    );
    expect(canonical('2001:db8:8000::/33')).toBe('2001:db8:8000::/33');
  });

  it.each(['2001:db8::/129', '2001:db8::/', '::/x'])('rejects the prefix length in %s', (raw) => {
    expect(errorOf(raw)).toMatch(/ is not a valid IPv6 prefix length; use 0 to 128\.$/);
  });

  it.each([
    '2001:db8:::1',
    '1::2::3',
    '12345::',
    'g::1',
    ':1::',
    '1:2:3:4:5:6:7:8:9',
    '1:2:3:4:5:6:7',
    '1:2:3:4:5:6:7:8::',
    '1:2:3:4:5:6:7:8:',
    '::1.2.3.256',
    '::1.2.3.4:5',
    'fe80::1%eth0',
    '[2001:db8::1]',
  ])('rejects the address %s', (raw) => {
    expect(errorOf(raw)).toBe(`${raw} is not a valid IPv6 address.`);
  });

  it('round-trips random addresses and agrees with the WHATWG URL serialiser', () => {
    const random = seededRandom(5952);
    for (let n = 0; n < 2000; n++) {
      // Half the groups zero, so zero runs of every length and position occur.
      const groups = Array.from({ length: 8 }, () =>
        random() < 0.5 ? 0 : Math.floor(random() * 0x10000),
      );
      if (groups.slice(0, 6).join() === '0,0,0,0,0,65535') continue;
      const text = groups.map((group) => group.toString(16).padStart(4, '0')).join(':');
      const parsed = canonical(text);
      const expected = new URL(`http://[${text}]/`).hostname.slice(1, -1);
      expect(parsed).toBe(`${expected}/128`);
      expect(canonical(parsed)).toBe(parsed);
    }
  });
});

describe('parseNetworkValue: ASN', () => {
  it.each([
    ['AS4134', 4134],
    ['as4134', 4134],
    ['4134', 4134],
    ['AS004134', 4134],
    ['1', 1],
    ['AS4294967295', 4294967295],
  ])('%s is AS%d', (raw, asn) => {
    expect(parseNetworkValue(raw)).toEqual({ type: 'asn', canonical: `AS${asn}`, asn });
  });

  it.each(['AS0', '0', 'AS4294967296', '99999999999999999999999'])('rejects %s', (raw) => {
    expect(errorOf(raw)).toMatch(
      /^AS\d+ is out of range; an ASN is a number from 1 to 4294967295\.$/,
    );
  });
});

describe('parseNetworkValue: domain', () => {
  it.each([
    ['example.com', 'example.com'],
    ['Example.COM.', 'example.com'],
    ['WWW.Example.Com', 'www.example.com'],
    ['_dmarc.example.com', '_dmarc.example.com'],
    ['a-b.example.com', 'a-b.example.com'],
    ['xn--fsqu00a.xn--fiqs8s', 'xn--fsqu00a.xn--fiqs8s'],
    ['例子.中国', '例子.中国'],
    ['例子。中国', '例子.中国'],
    ['MÜNCHEN.de', 'münchen.de'],
    [`${'a'.repeat(63)}.com`, `${'a'.repeat(63)}.com`],
    ['1.example', '1.example'],
  ])('%s → %s', (raw, expected) => {
    expect(parseNetworkValue(raw)).toEqual({ type: 'domain', canonical: expected });
  });

  it('accepts 253 characters but not 254', () => {
    const name = `${'a'.repeat(61)}.`.repeat(4) + 'com'; // 4 × 62 + 3 = 251
    expect(canonical(`ab${name}`)).toHaveLength(253);
    expect(errorOf(`abc${name}`)).toMatch(/is longer than 253 characters\.$/);
  });

  it.each([
    ['localhost', 'it needs at least two labels, as in example.com'],
    ['example.', 'it needs at least two labels, as in example.com'],
    ['a..com', 'it has an empty label'],
    ['.example.com', 'it has an empty label'],
    ['example.com..', 'it has an empty label'],
    [`${'a'.repeat(64)}.com`, `the label ${'a'.repeat(64)} is longer than 63 characters`],
    ['ex ample.com', "the label ex ample may hold only letters, digits, '-' and '_'"],
    ['exa!mple.com', "the label exa!mple may hold only letters, digits, '-' and '_'"],
    ['-example.com', "the label -example starts or ends with '-'"],
    ['example-.com', "the label example- starts or ends with '-'"],
    ['example.123', 'the last label cannot be all digits'],
    ['AS12.5', 'the last label cannot be all digits'],
  ])('rejects %s', (raw, why) => {
    expect(errorOf(raw)).toBe(`${raw} is not a valid domain: ${why}.`);
  });

  it('asks for something when given nothing', () => {
    expect(errorOf('')).toBe('Enter a CIDR block, an ASN or a domain.');
    expect(errorOf('   ')).toBe('Enter a CIDR block, an ASN or a domain.');
  });
});

describe('parseLookupQuery', () => {
  it('recognises IPv4 and IPv6 addresses', () => {
    expect(parseLookupQuery(' 192.0.2.1 ')).toEqual({
      type: 'ip',
      canonical: '192.0.2.1',
      family: 4,
      address: 0xc0000201,
    });
    expect(parseLookupQuery('2001:DB8::0001')).toEqual({
      type: 'ip',
      canonical: '2001:db8::1',
      family: 6,
      words: [0x20010db8, 0, 0, 1],
    });
    expect(parseLookupQuery('::ffff:192.0.2.1')).toMatchObject({ type: 'ip', family: 6 });
  });

  it.each(['AS4134', 'as4134', '4134'])('%s is an ASN', (raw) => {
    expect(parseLookupQuery(raw)).toEqual({ type: 'asn', canonical: 'AS4134', asn: 4134 });
  });

  it.each([
    ['example.com', 'example.com'],
    ['WWW.Example.com.', 'www.example.com'],
    ['https://www.example.com/path?q=1#top', 'www.example.com'],
    ['HTTP://WWW.EXAMPLE.COM', 'www.example.com'],
    ['https://user:secret@www.example.com:8443/', 'www.example.com'],
    ['user@mail.example.com', 'mail.example.com'],
    ['mailto:abuse@example.com?subject=hi', 'example.com'],
    ['example.com:8080', 'example.com'],
    ['cafe.de/12', 'cafe.de'],
    ['例子。中国', '例子.中国'],
  ])('%s is the domain %s', (raw, expected) => {
    expect(parseLookupQuery(raw)).toEqual({ type: 'domain', canonical: expected });
  });

  it('takes the address out of a URL', () => {
    expect(parseLookupQuery('http://192.0.2.1:8080/x')).toMatchObject({
      type: 'ip',
      canonical: '192.0.2.1',
    });
    expect(parseLookupQuery('https://[2001:db8::1]:8443/')).toMatchObject({
      type: 'ip',
      canonical: '2001:db8::1',
    });
    expect(parseLookupQuery('ftp://[::1]/')).toMatchObject({ type: 'ip', canonical: '::1' });
  });

  it.each([
    ['', 'Enter an IP address, an ASN or a domain.'],
    ['192.0.2.0/24', '192.0.2.0/24 is a prefix; look up a single address such as 192.0.2.0.'],
    ['2001:db8::/32', '2001:db8::/32 is a prefix; look up a single address such as 2001:db8::.'],
    ['https:///path', 'https:///path has no host name.'],
    ['AS0', 'AS0 is out of range; an ASN is a number from 1 to 4294967295.'],
    [
      '300.1.1.1',
      '300.1.1.1 is not a valid IPv4 address; write four numbers from 0 to 255 without leading zeros.',
    ],
    [
      'http://1.2.3/',
      '1.2.3 is not a valid IPv4 address; write four numbers from 0 to 255 without leading zeros.',
    ],
    ['2001:db8::g', '2001:db8::g is not a valid IPv6 address.'],
    ['http://[fe80::1%25eth0]/', 'fe80::1%25eth0 is not a valid IPv6 address.'],
    [
      'localhost',
      'localhost is not a valid domain: it needs at least two labels, as in example.com.',
    ],
    [
      'http://bad_host!.com/',
      "bad_host!.com is not a valid domain: the label bad_host! may hold only letters, digits, '-' and '_'.",
    ],
  ])('rejects %j', (raw, error) => {
    expect(lookupError(raw)).toBe(error);
  });
});
