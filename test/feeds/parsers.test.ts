import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CsvReader, type CsvRecord } from '../../src/core/feeds/csv.js';
import type { FeedEvent, FeedParser, ParsedRecord } from '../../src/core/feeds/event.js';
import { parseCsvMapping, type CsvMapping } from '../../src/core/feeds/generic-csv.js';
import { createFeedParser, FEED_FORMATS } from '../../src/core/feeds/parsers.js';
import { detectShadowserverReport } from '../../src/core/feeds/shadowserver.js';
import { findRsitClass } from '../../src/core/reporting/taxonomy.js';

const DATA = new URL('../../../shared/data/', import.meta.url);

function read(relative: string): string {
  return readFileSync(new URL(relative, DATA), 'utf8');
}

/** Data files under a folder of the shared data, relative to DATA, sorted. */
function dataFiles(folder: string, extension: string): string[] {
  return readdirSync(new URL(folder, DATA), { recursive: true })
    .map(String)
    .filter((name) => name.endsWith(extension))
    .map((name) => `${folder}${name}`)
    .sort();
}

/** A small deterministic generator, so random chunkings are the same on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Chunking = 'whole' | 'chars' | number;

/** `text` cut as asked: in one piece, one character at a time, or random sizes from a seed. */
function chunks(text: string, chunking: Chunking): string[] {
  if (chunking === 'whole') return [text];
  if (chunking === 'chars') return [...text].flatMap((c) => c.split(''));
  const next = random(chunking);
  const out: string[] = [];
  for (let i = 0; i < text.length;) {
    const size = 1 + Math.floor(next() * 40);
    out.push(text.slice(i, i + size));
    i += size;
  }
  return out;
}

function run(parser: FeedParser, text: string, chunking: Chunking = 'whole'): ParsedRecord[] {
  const out: ParsedRecord[] = [];
  for (const chunk of chunks(text, chunking)) out.push(...parser.push(chunk));
  out.push(...parser.end());
  return out;
}

function readCsv(text: string, chunking: Chunking = 'whole'): CsvRecord[] {
  const reader = new CsvReader();
  const out: CsvRecord[] = [];
  for (const chunk of chunks(text, chunking)) out.push(...reader.push(chunk));
  out.push(...reader.end());
  return out;
}

function events(records: ParsedRecord[]): FeedEvent[] {
  return records.flatMap((r) => ('event' in r ? [r.event] : []));
}

/** The refused records without their text, which the tests of raw text check separately. */
function errors(records: ParsedRecord[]): { line: number; error: string }[] {
  return records.flatMap((r) => ('error' in r ? [{ line: r.line, error: r.error }] : []));
}

function shadowserver(fileName: string, text: string, chunking: Chunking = 'whole') {
  return run(createFeedParser('shadowserver', { fileName }), text, chunking);
}

const withoutRaw = ({ raw: _raw, ...rest }: FeedEvent) => rest;

// ---------------------------------------------------------------------------------------------

describe('CSV reader', () => {
  it('reads quoted fields with commas, line breaks and doubled quotes, keeping the raw text', () => {
    const text = 'a,"b,c","say ""hi""",d\n"multi\nline",x\n';
    expect(readCsv(text)).toEqual([
      { line: 1, raw: 'a,"b,c","say ""hi""",d', fields: ['a', 'b,c', 'say "hi"', 'd'] },
      { line: 2, raw: '"multi\nline",x', fields: ['multi\nline', 'x'] },
    ]);
  });

  it('counts physical lines across multi-line records and skipped blank lines', () => {
    const records = readCsv('h1,h2\n\n"a\n\nb",c\nd,e\r\n\r\nf,"g"');
    expect(records.map((r) => [r.line, r.raw])).toEqual([
      [1, 'h1,h2'],
      [3, '"a\n\nb",c'],
      [6, 'd,e'],
      [8, 'f,"g"'],
    ]);
  });

  it('strips CRLF line ends but keeps a CR inside quotes', () => {
    expect(readCsv('a,b\r\n"c\r\nd",e\r\n')).toEqual([
      { line: 1, raw: 'a,b', fields: ['a', 'b'] },
      { line: 2, raw: '"c\r\nd",e', fields: ['c\r\nd', 'e'] },
    ]);
  });

  it('drops a byte order mark at the start only', () => {
    expect(readCsv('\uFEFFa,b\n\uFEFFc,d\n')).toEqual([
      { line: 1, raw: 'a,b', fields: ['a', 'b'] },
      { line: 2, raw: '\uFEFFc,d', fields: ['\uFEFFc', 'd'] },
    ]);
    expect(readCsv('\uFEFF"a",b', 'chars')[0]).toEqual({
      line: 1,
      raw: '"a",b',
      fields: ['a', 'b'],
    });
  });

  it('keeps a quote inside an unquoted field, empty fields and a last line without line end', () => {
    expect(readCsv('5" disk,,"",x\n,\n"q"')).toEqual([
      { line: 1, raw: '5" disk,,"",x', fields: ['5" disk', '', '', 'x'] },
      { line: 2, raw: ',', fields: ['', ''] },
      { line: 3, raw: '"q"', fields: ['q'] },
    ]);
  });

  it('reports malformed quoting as error records and carries on', () => {
    expect(readCsv('"a"b,c\nd,e\n"open,f\ng\n')).toEqual([
      { line: 1, raw: '"a"b,c', error: 'text follows a closing quote in field 1' },
      { line: 2, raw: 'd,e', fields: ['d', 'e'] },
      { line: 3, raw: '"open,f\ng\n', error: 'a quoted field is not closed' },
    ]);
  });

  it('refuses a record that never ends instead of re-reading it forever', () => {
    const reader = new CsvReader();
    const block = 'x'.repeat(64 * 1024);
    expect(() => {
      for (let i = 0; i < 20; i++) reader.push(`${block}\r`);
    }).toThrow(/^CSV: the record starting on line 1 is longer than 1048576 characters/);
  });

  it('gives the same records however the input is cut (random CSV, known answer)', () => {
    const next = random(7);
    const alphabet = ['a', 'b', ' ', ',', '"', '\n', '\r\n', 'é', '中', '""'];
    const expected: CsvRecord[] = [];
    let text = '';
    let line = 1;
    for (let r = 0; r < 300; r++) {
      const fields = Array.from({ length: 1 + Math.floor(next() * 5) }, () =>
        Array.from(
          { length: Math.floor(next() * 6) },
          () => alphabet[Math.floor(next() * 10)],
        ).join(''),
      );
      const cells = fields.map((f, i) =>
        /[",\r\n]/.test(f) || f.startsWith('"') || (fields.length === 1 && i === 0 && f === '')
          ? `"${f.replace(/"/g, '""')}"`
          : f,
      );
      const raw = cells.join(',');
      expected.push({ line, raw, fields });
      const blank = next() < 0.1 ? '\n' : '';
      const end = next() < 0.5 ? '\n' : '\r\n';
      text += raw + end + blank;
      line += raw.split('\n').length + (blank ? 1 : 0);
    }
    expect(readCsv(text)).toEqual(expected);
    expect(readCsv(text, 'chars')).toEqual(expected);
    for (const seed of [1, 2, 3]) expect(readCsv(text, seed)).toEqual(expected);
  });
});

// ---------------------------------------------------------------------------------------------

const SHADOWSERVER_FILES = dataFiles('shadowserver/', '.csv');

/** The first event of each shared report, read by hand from the files. */
const FIRST_EVENTS: Record<string, Partial<FeedEvent>> = {
  'scan_dns.csv': {
    ip: '198.51.100.179',
    port: 53,
    identifier: 'open-resolver',
    rsit: 'vulnerable/ddos-amplifier',
    observedAt: '2018-04-14T00:14:34.000Z',
    asn: 25255,
    hostname: '198-51-100-189.example.net',
    protocol: 'udp',
    detail: 'dnsmasq-2.66',
  },
  'scan_http.csv': {
    ip: '75.74.78.113',
    port: 8080,
    identifier: 'accessible-http',
    rsit: 'vulnerable/potentially-unwanted-accessible',
    observedAt: '2018-04-19T00:02:26.000Z',
    asn: 7922,
    hostname: 'c-75-74-78-113.hsd1.fl.comcast.net',
    protocol: 'tcp',
    detail: 'lighttpd',
  },
  'scan_rdp.csv': {
    ip: '198.123.245.178',
    port: 5678,
    identifier: 'accessible-rdp',
    rsit: 'vulnerable/potentially-unwanted-accessible',
    severity: 'high',
    observedAt: '2019-09-04T15:45:51.000Z',
    asn: 5678,
    hostname: null,
  },
  'scan_smb.csv': {
    ip: '192.168.0.1',
    port: 445,
    identifier: 'accessible-smb',
    rsit: 'vulnerable/potentially-unwanted-accessible',
    observedAt: '2010-02-10T00:00:00.000Z',
    asn: 64512,
    hostname: 'node01.example.com',
    detail: 'SMB 2.1',
  },
  'compromised_website.csv': {
    ip: '203.0.113.1',
    port: 80,
    identifier: 'compromised-website',
    rsit: 'intrusions/system-compromise',
    observedAt: '2017-01-16T00:43:48.000Z',
    asn: 64496,
    hostname: 'example.com',
    url: 'http://example.com/header.php',
    detail: 'hacked-webserver-stealrat-t1',
  },
  'event4_sinkhole.csv': {
    ip: '190.113.1.2',
    port: 17409,
    identifier: 'botnet-drone',
    rsit: 'malicious-code/infected-system',
    observedAt: '2021-03-04T00:00:00.000Z',
    asn: 12252,
    hostname: null,
    protocol: 'tcp',
    dstIp: '178.162.1.2',
    dstPort: 4455,
    detail: 'victorygate.b',
  },
  'event4_sinkhole_http.csv': {
    ip: '103.196.1.2',
    port: 60902,
    identifier: 'botnet-drone',
    observedAt: '2021-03-04T00:00:00.000Z',
    asn: 134707,
    hostname: null,
    dstIp: '184.105.1.2',
    dstPort: 80,
    url: 'http://differentia.ru',
    detail: 'andromeda',
  },
  'blocklist.csv': {
    ip: '198.123.245.134',
    port: null,
    identifier: 'blocklisted',
    rsit: 'other/other',
    observedAt: '2019-09-04T07:00:19.000Z',
    asn: 5678,
    hostname: 'host.local',
    detail: 'Malicious Host AA (Alien Vault)',
  },
};

describe('Shadowserver reports', () => {
  it('has a first-event expectation for every shared report', () => {
    expect(SHADOWSERVER_FILES.map((f) => f.slice('shadowserver/'.length))).toEqual(
      Object.keys(FIRST_EVENTS).sort(),
    );
  });

  for (const file of SHADOWSERVER_FILES) {
    const name = file.slice('shadowserver/'.length);
    it(`${name}: parses, first event as in the file, same records however cut`, () => {
      const text = read(file);
      const records = shadowserver(name, text);
      expect(records.length).toBe(text.trimEnd().split('\n').length - 1);
      const first = records[0]!;
      expect(first.line).toBe(2);
      expect('event' in first && first.event).toMatchObject(FIRST_EVENTS[name]!);
      expect('event' in first && first.event.raw).toBe(text.split('\n')[1]);
      for (const event of events(records)) expect(event.rsit.split('/')).toSatisfy(isRsit);
      expect(shadowserver(name, text, 'chars')).toEqual(records);
      expect(shadowserver(name, text, 42)).toEqual(records);
    });
  }

  it('scan_dns: 100 events, no errors', () => {
    const records = shadowserver('scan_dns.csv', read('shadowserver/scan_dns.csv'));
    expect(events(records)).toHaveLength(100);
    expect(errors(records)).toEqual([]);
  });

  it('reads short rows (scan_rdp has 31 cells under a 32-column header) as missing trailing cells', () => {
    const records = shadowserver('scan_rdp.csv', read('shadowserver/scan_rdp.csv'));
    expect(errors(records)).toEqual([]);
    expect(events(records).map((e) => e.ip)).toEqual(['198.123.245.178', '198.123.245.233']);
  });

  it('compromised_website: a row without port, URL or HTTP host is still an event', () => {
    const records = shadowserver(
      'compromised_website.csv',
      read('shadowserver/compromised_website.csv'),
    );
    expect(errors(records)).toEqual([]);
    expect(events(records)[1]).toMatchObject({ url: 'http://example.com/', hostname: null });
    expect(events(records)[2]).toMatchObject({
      ip: '66.249.0.0',
      port: null,
      url: null,
      asn: 1234,
      hostname: '66-249-0-0.example.com',
      detail: 'magecart',
    });
  });

  it('event4_sinkhole: a bad destination address is an error record naming dst_ip', () => {
    const records = shadowserver('event4_sinkhole.csv', read('shadowserver/event4_sinkhole.csv'));
    expect(errors(records)).toEqual([
      { line: 4, error: 'dst_ip: "148.81.111.11.12" is not an IP address' },
    ]);
    expect(events(records)[1]).toMatchObject({
      ip: '35.205.9.10',
      hostname: 'x.x.205.35.bc.googleusercontent.com',
      dstIp: '148.81.9.10',
      dstPort: 80,
      detail: 'virut',
    });
  });

  it('blocklist: single addresses are events, a wider network is refused with the reason', () => {
    const records = shadowserver('blocklist.csv', read('shadowserver/blocklist.csv'));
    expect(events(records).map((e) => e.ip)).toEqual(['198.123.245.134', '198.123.245.171']);
    expect(errors(records)).toEqual([
      { line: 4, error: 'ip: "198.123.245.0/24" is a network, not a single IP address' },
    ]);
    const single = shadowserver(
      'blocklist.csv',
      '"timestamp","ip","reason"\n"2019-09-04 07:00:19","198.123.245.9/32","x"\n',
    );
    expect(events(single)[0]).toMatchObject({ ip: '198.123.245.9', detail: 'x' });
  });

  it('maps columns by header name: reordered columns give the same events', () => {
    const text = read('shadowserver/scan_dns.csv');
    const rows = readCsv(text).map((r) => ('fields' in r ? r.fields : []));
    const order = rows[0]!.map((_, i) => i).reverse();
    const quoteCell = (cell: string) => `"${cell.replace(/"/g, '""')}"`;
    const moved = rows
      .map((row) => order.map((i) => quoteCell(row[i] ?? '')).join(','))
      .join('\r\n');
    const original = events(shadowserver('scan_dns.csv', text)).map(withoutRaw);
    expect(events(shadowserver('scan_dns.csv', moved)).map(withoutRaw)).toEqual(original);
  });

  it('a header without a column the report needs is a thrown error naming it', () => {
    const parser = createFeedParser('shadowserver', { report: 'scan_dns' });
    expect(() =>
      parser.push('"timestamp","address","port"\n"2018-04-14 00:14:34","1.2.3.4",53\n'),
    ).toThrow('Shadowserver scan_dns: the header has no "ip" column.');
    expect(() =>
      run(createFeedParser('shadowserver', { report: 'event4_sinkhole' }), '"timestamp","ip"\n'),
    ).toThrow(/event4_sinkhole: the header has no "src_ip" column/);
    expect(() =>
      run(createFeedParser('shadowserver', { report: 'scan_smb' }), 'ip,time\n'),
    ).toThrow(/scan_smb: the header has no "timestamp" column/);
  });

  it('bad cells are error records naming the column; other rows are unaffected', () => {
    const text = [
      'timestamp,ip,port,asn,hostname,severity',
      '2018-04-14 00:14:34,999.1.1.1,53,1,,',
      ',1.2.3.4,53,1,,',
      '2018-02-30 00:00:00,1.2.3.4,53,1,,',
      '2018-04-14 00:14:34,1.2.3.4,70000,1,,',
      '2018-04-14 00:14:34,1.2.3.4,53,AS-x,,',
      '2018-04-14 00:14:34,1.2.3.4,53,1,,urgent',
      '2018-04-14 00:14:34,1.2.3.4,53,1,,,extra',
      '2018-04-14T00:14:34Z,2001:DB8:0:0::1,53,AS4134,h.example,HIGH',
    ].join('\n');
    const records = shadowserver('scan_ntp.csv', text);
    expect(errors(records)).toEqual([
      { line: 2, error: 'ip: "999.1.1.1" is not an IP address' },
      { line: 3, error: 'timestamp: missing' },
      { line: 4, error: 'timestamp: "2018-02-30 00:00:00" is not a timestamp' },
      { line: 5, error: 'port: "70000" is not a port number (0-65535)' },
      { line: 6, error: 'asn: "AS-x" is not an AS number' },
      {
        line: 7,
        error: 'severity: "urgent" is not a severity (critical, high, medium, low, info)',
      },
      { line: 8, error: 'the row has 7 fields; the header has 6' },
    ]);
    expect(events(records)).toEqual([
      {
        observedAt: '2018-04-14T00:14:34.000Z',
        identifier: 'accessible-ntp',
        rsit: 'vulnerable/ddos-amplifier',
        severity: 'high',
        ip: '2001:db8::1',
        port: 53,
        asn: 4134,
        hostname: 'h.example',
        url: null,
        protocol: null,
        dstIp: null,
        dstPort: null,
        detail: null,
        raw: '2018-04-14T00:14:34Z,2001:DB8:0:0::1,53,AS4134,h.example,HIGH',
      },
    ]);
  });

  it('other scan_* reports get a generic accessible-<service> shape', () => {
    const records = shadowserver(
      '2022-01-01-scan_telnet-asn-china.csv',
      '"timestamp","ip","protocol","port","hostname","tag","asn"\n"2022-01-01 01:02:03","203.0.113.9","tcp",23,,"telnet",4134\n',
    );
    expect(events(records)[0]).toMatchObject({
      identifier: 'accessible-telnet',
      rsit: 'vulnerable/potentially-unwanted-accessible',
      severity: 'medium',
      ip: '203.0.113.9',
      port: 23,
      protocol: 'tcp',
      asn: 4134,
      hostname: null,
      detail: 'telnet',
    });
  });

  it('detects the report from real-looking file names, and refuses an unknown one', () => {
    expect(detectShadowserverReport('2019-09-04-scan_rdp-asn-china.csv')).toBe('scan_rdp');
    expect(detectShadowserverReport('/tmp/in/scan_dns.csv')).toBe('scan_dns');
    expect(detectShadowserverReport('2021-03-04-event4_sinkhole_http-cn.csv')).toBe(
      'event4_sinkhole_http',
    );
    expect(detectShadowserverReport('2021-03-04-event4_sinkhole-cn.csv')).toBe('event4_sinkhole');
    expect(detectShadowserverReport('2023-01-01-scan6_dns-geo.csv')).toBe('scan_dns');
    expect(detectShadowserverReport('2023-01-01-scan_ssl_freak.csv')).toBe('scan_ssl_freak');
    expect(detectShadowserverReport('2023-01-01-device_id.csv')).toBeNull();
    expect(() => createFeedParser('shadowserver', { fileName: 'device_id.csv' })).toThrow(
      /cannot tell the report type from file name "device_id.csv"/,
    );
    expect(() => createFeedParser('shadowserver', {})).toThrow(/no report name or file name/);
    // An explicit report wins over the file name.
    const parser = createFeedParser('shadowserver', {
      report: 'scan-smb',
      fileName: 'scan_dns.csv',
    });
    expect(
      events(run(parser, 'timestamp,ip\n2010-02-10 00:00:00,192.0.2.1\n'))[0]!.identifier,
    ).toBe('accessible-smb');
  });
});

function isRsit([classification, type]: string[]): boolean {
  return findRsitClass(classification ?? '', type ?? '') !== undefined;
}

// ---------------------------------------------------------------------------------------------

describe('generic CSV with a mapping', () => {
  const mapping: CsvMapping = {
    columns: {
      observedAt: 'Time',
      ip: 'src',
      port: 'sport',
      asn: 'as',
      hostname: 'host',
      url: 'link',
      dstIp: 'dst',
      dstPort: 'dport',
      detail: 'note',
    },
    identifier: { column: 'kind' },
    rsit: 'malicious-code/malware-dga-domain',
    severity: { column: 'level' },
    timeFormat: 'epoch-seconds',
  };
  const text = [
    'time,src,sport,as,host,link,dst,dport,note,kind,level',
    '1523664874,192.0.2.10,4444,AS64500,Bad.Example.,,198.51.100.1,443,"family ""x"", v2",C2 Beacon,Critical',
    '1523664874.5,,,,,http://x.example/a,,,,phish kit,',
    'soon,192.0.2.11,,,,,,,,c2,low',
    '1523664874,,,,,,,,,c2,low',
    '1523664874,192.0.2.12,,,,,,,,,low',
  ].join('\r\n');

  it('maps columns by header name (any case) and reads every row', () => {
    const records = run(createFeedParser('csv', { mapping }), text);
    expect(events(records)).toEqual([
      {
        observedAt: '2018-04-14T00:14:34.000Z',
        identifier: 'c2-beacon',
        rsit: 'malicious-code/c2-server',
        severity: 'critical',
        ip: '192.0.2.10',
        port: 4444,
        asn: 64500,
        hostname: 'bad.example',
        url: null,
        protocol: null,
        dstIp: '198.51.100.1',
        dstPort: 443,
        detail: 'family "x", v2',
        raw: '1523664874,192.0.2.10,4444,AS64500,Bad.Example.,,198.51.100.1,443,"family ""x"", v2",C2 Beacon,Critical',
      },
      expect.objectContaining({
        observedAt: '2018-04-14T00:14:34.500Z',
        identifier: 'phish-kit',
        severity: 'medium',
        ip: null,
        url: 'http://x.example/a',
      }),
    ]);
    expect(errors(records)).toEqual([
      { line: 4, error: 'Time: "soon" is not a number of seconds since 1970' },
      {
        line: 5,
        error: 'src, host, link: missing; a row needs an IP address, a host name or a URL',
      },
      { line: 6, error: 'kind: missing' },
    ]);
    expect(run(createFeedParser('csv', { mapping }), text, 'chars')).toEqual(records);
  });

  it('uses fixed values and ISO times when so mapped', () => {
    const parser = createFeedParser('csv', {
      mapping: parseCsvMapping({
        columns: { observedAt: 'seen', ip: 'addr' },
        identifier: 'accessible-vnc',
        rsit: 'vulnerable/potentially-unwanted-accessible',
        severity: 'low',
      }),
    });
    const records = run(parser, 'seen,addr\n2024-05-01T08:00:00+08:00,192.0.2.1\n');
    expect(events(records)[0]).toMatchObject({
      observedAt: '2024-05-01T00:00:00.000Z',
      identifier: 'accessible-vnc',
      severity: 'low',
      ip: '192.0.2.1',
    });
  });

  it('a mapped column missing from the header is a thrown error naming it', () => {
    const parser = createFeedParser('csv', { mapping });
    expect(() => parser.push('time,src\n')).toThrow(
      'CSV: the header has no "sport" column (mapped to port).',
    );
  });

  it('parseCsvMapping returns a checked mapping with the current RSIT spelling', () => {
    expect(parseCsvMapping(mapping).rsit).toBe('malicious-code/c2-server');
  });

  it.each([
    [null, 'CSV mapping: expected a JSON object'],
    [{ identifier: 'x', rsit: 'other/other' }, 'CSV mapping: columns: expected an object'],
    [
      { columns: { ip: 'a' }, identifier: 'x', rsit: 'other/other' },
      'columns.observedAt: expected a column name',
    ],
    [
      { columns: { observedAt: 't' }, identifier: 'x', rsit: 'other/other' },
      'columns: map at least one of ip, hostname and url',
    ],
    [
      { columns: { observedAt: 't', ip: 'a', colour: 'c' }, identifier: 'x', rsit: 'other/other' },
      'columns.colour: unknown field',
    ],
    [
      { columns: { observedAt: 't', ip: 'a' }, identifier: 'Not A Slug', rsit: 'other/other' },
      'identifier: expected a slug',
    ],
    [
      { columns: { observedAt: 't', ip: 'a' }, identifier: { col: 'k' }, rsit: 'other/other' },
      'identifier.col: unknown field',
    ],
    [
      { columns: { observedAt: 't', ip: 'a' }, identifier: 'x', rsit: 'bad/pair' },
      'rsit: "bad/pair" is not an RSIT classification/type pair',
    ],
    [
      {
        columns: { observedAt: 't', ip: 'a' },
        identifier: 'x',
        rsit: 'other/other',
        severity: 'severe',
      },
      'severity: expected one of critical',
    ],
    [
      {
        columns: { observedAt: 't', ip: 'a' },
        identifier: 'x',
        rsit: 'other/other',
        timeFormat: 'unix',
      },
      'timeFormat: expected one of iso, epoch-seconds',
    ],
    [
      { columns: { observedAt: 't', ip: 'a' }, identifier: 'x', rsit: 'other/other', extra: 1 },
      'extra: unknown field',
    ],
  ])('parseCsvMapping refuses %j', (json, message) => {
    expect(() => parseCsvMapping(json)).toThrow(message);
  });

  it('the csv format needs a mapping', () => {
    expect(() => createFeedParser('csv', {})).toThrow(/needs a mapping/);
  });
});

// ---------------------------------------------------------------------------------------------

describe('JSON Lines', () => {
  const good = {
    observedAt: '2024-01-02T03:04:05Z',
    identifier: 'open-resolver',
    rsit: 'vulnerable/ddos-amplifier',
    severity: 'high',
    ip: '192.0.2.1',
    port: 53,
    asn: '4134',
    protocol: 'udp',
  };
  const lines = [
    JSON.stringify(good),
    '',
    '{"observedAt": "2024-01-02", "identifier": "Phishing Site", "rsit": "fraud/phishing", "url": "https://p.example/login"}',
    '{not json',
    '[1, 2]',
    JSON.stringify({ ...good, observedAt: undefined }),
    JSON.stringify({ ...good, ip: '300.1.1.1' }),
    JSON.stringify({ ...good, port: 'eighty' }),
    JSON.stringify({ ...good, rsit: 'nonsense' }),
    JSON.stringify({ ...good, ip: undefined }),
    JSON.stringify({ ...good, hostname: 7 }),
    '   ',
  ];
  const text = `\uFEFF${lines.join('\r\n')}\n`;

  it('reads one event per line, raw being the line, and refuses bad lines naming the field', () => {
    const records = run(createFeedParser('jsonl'), text);
    expect(records.slice(0, 2)).toEqual([
      {
        line: 1,
        event: {
          ...good,
          observedAt: '2024-01-02T03:04:05.000Z',
          asn: 4134,
          hostname: null,
          url: null,
          dstIp: null,
          dstPort: null,
          detail: null,
          raw: lines[0],
        },
      },
      {
        line: 3,
        event: expect.objectContaining({
          observedAt: '2024-01-02T00:00:00.000Z',
          identifier: 'phishing-site',
          severity: 'medium',
          ip: null,
          url: 'https://p.example/login',
        }),
      },
    ]);
    expect(errors(records).map((r) => [r.line, r.error.replace(/ \(.*/, '')])).toEqual([
      [4, 'json: not valid JSON'],
      [5, 'json: the line is not a JSON object'],
      [6, 'observedAt: missing'],
      [7, 'ip: "300.1.1.1" is not an IP address'],
      [8, 'port: "eighty" is not a port number'],
      [9, 'rsit: "nonsense" is not an RSIT classification/type pair'],
      [10, 'ip: missing; a line needs an ip, a hostname or a url'],
      [11, 'hostname: expected a string'],
    ]);
    expect(run(createFeedParser('jsonl'), text, 'chars')).toEqual(records);
    expect(run(createFeedParser('jsonl'), text, 5)).toEqual(records);
  });
});

// ---------------------------------------------------------------------------------------------

function stix(document: unknown): ParsedRecord[] {
  return run(
    createFeedParser('stix'),
    typeof document === 'string' ? document : JSON.stringify(document),
  );
}

describe('STIX 2.1', () => {
  for (const file of dataFiles('stix/', '.json')) {
    it(`${file} parses without throwing`, () => {
      const text = read(file);
      const records = stix(text);
      expect(run(createFeedParser('stix'), text, 97)).toEqual(records);
      for (const event of events(records)) expect(event.rsit.split('/')).toSatisfy(isRsit);
    });
  }

  it('the C2 indicator gives its IP address', () => {
    const records = stix(read('stix/examples/indicator-for-c2-ip-address.json'));
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      line: 1,
      event: {
        observedAt: '2014-05-08T09:00:00.000Z',
        identifier: 'malicious-activity',
        rsit: 'malicious-code/c2-server',
        severity: 'medium',
        ip: '10.0.0.0',
        detail: 'IP Address for known C2 channel',
      },
    });
    const raw = 'event' in records[0]! ? records[0].event.raw : '';
    expect(JSON.parse(raw)).toMatchObject({
      id: 'indicator--33fe3b22-0201-47cf-85d0-97c02164528d',
    });
  });

  it('indicators-for-C2-with-COA: the IP indicator (third object) gives one event, the hash none', () => {
    const records = stix(read('stix/examples/indicators-for-C2-with-COA.json'));
    expect(records.map((r) => r.line)).toEqual([3]);
    expect(events(records)[0]!.ip).toBe('10.0.0.0');
  });

  it('poisonivy: one event per value of OR patterns, a bad domain is an error record', () => {
    const records = stix(read('stix/examples/threat-reports/poisonivy.json'));
    expect(events(records)).toHaveLength(64);
    const second = records.filter((r) => r.line === 35);
    expect(events(second).map((e) => e.hostname ?? e.ip)).toEqual([
      'www.webserver.dynssl.com',
      '113.10.246.30',
      '219.90.112.203',
      '75.126.95.138',
      '219.90.112.197',
      '202.65.222.45',
    ]);
    expect(errors(records)).toEqual([
      {
        line: 43,
        error: expect.stringMatching(
          /^domain-name:value: domain autuo\.xicp\.net is not a valid domain/,
        ),
      },
    ]);
  });

  it('objects naming no address give no records', () => {
    for (const file of [
      'stix/common-objects/tlp-2.0/marking-definition.json',
      'stix/common-objects/incident-core/examples/incident_ransom.json',
      'stix/examples/infrastructure.json',
      'stix/examples/malicious-email-indicator-with-attachment.json',
      'stix/common-objects/tlp-2.0/examples/using-tlp2.0-green.json',
    ]) {
      expect(stix(read(file))).toEqual([]);
    }
  });

  const indicator = {
    type: 'indicator',
    id: 'indicator--1',
    created: '2024-01-01T00:00:00Z',
    name: 'Phishing landing pages',
    labels: ['rsit:fraud="phishing"'],
    pattern_type: 'stix',
    pattern:
      "[url:value = 'http://p.example/it\\'s'] OR [domain-name:value = 'P.Example' AND ipv6-addr:value = '2001:DB8::0:1'] OR [ipv4-addr:value != '192.0.2.9']",
    valid_from: '2024-01-01T00:00:00.123456Z',
  };

  it('sightings resolve their indicator; observed-data resolves refs and embedded objects', () => {
    const records = stix({
      type: 'bundle',
      id: 'bundle--1',
      objects: [
        { type: 'identity', id: 'identity--1', name: 'x' },
        indicator,
        {
          type: 'sighting',
          id: 'sighting--1',
          sighting_of_ref: 'indicator--1',
          last_seen: '2024-02-03T04:05:06Z',
        },
        {
          type: 'sighting',
          id: 'sighting--2',
          sighting_of_ref: 'attack-pattern--1',
          created: '2024-02-03T04:05:06Z',
        },
        { type: 'ipv4-addr', id: 'ipv4-addr--1', value: '192.0.2.77' },
        {
          type: 'observed-data',
          id: 'observed-data--1',
          first_observed: '2024-03-01T00:00:00Z',
          last_observed: '2024-03-02T00:00:00Z',
          object_refs: ['ipv4-addr--1', 'file--1'],
        },
        {
          type: 'observed-data',
          id: 'observed-data--2',
          created: '2024-03-05T00:00:00Z',
          objects: { '0': { type: 'domain-name', value: 'seen.example' } },
        },
        { ...indicator, id: 'indicator--2', valid_from: 'yesterday' },
      ],
    });
    expect(records.map((r) => r.line)).toEqual([2, 2, 2, 3, 3, 3, 6, 7, 8]);
    const [url, domain, ipv6, sighted] = events(records);
    expect(url).toMatchObject({
      observedAt: '2024-01-01T00:00:00.123Z',
      identifier: 'phishing-landing-pages',
      rsit: 'fraud/phishing',
      url: "http://p.example/it's",
    });
    expect(domain!.hostname).toBe('p.example');
    expect(ipv6!.ip).toBe('2001:db8::1');
    expect(sighted).toMatchObject({
      observedAt: '2024-02-03T04:05:06.000Z',
      rsit: 'fraud/phishing',
    });
    expect(JSON.parse(sighted!.raw)).toMatchObject({ id: 'sighting--1' });
    expect(events(records).slice(6)).toMatchObject([
      {
        observedAt: '2024-03-02T00:00:00.000Z',
        ip: '192.0.2.77',
        identifier: 'observed-data',
        rsit: 'other/undetermined',
      },
      { observedAt: '2024-03-05T00:00:00.000Z', hostname: 'seen.example' },
    ]);
    expect(errors(records)).toEqual([
      { line: 8, error: 'valid_from: "yesterday" is not a timestamp' },
    ]);
  });

  it('a single object is read as a one-object bundle; a network value is refused', () => {
    const records = stix({ ...indicator, pattern: "[ipv4-addr:value = '198.51.100.0/24']" });
    expect(records).toEqual([
      {
        line: 1,
        error: 'ipv4-addr:value: "198.51.100.0/24" is a network, not a single IP address',
        raw: JSON.stringify({ ...indicator, pattern: "[ipv4-addr:value = '198.51.100.0/24']" }),
      },
    ]);
  });

  it('invalid JSON or a non-STIX document is a thrown error', () => {
    expect(() => stix('{"type": "bundle", ')).toThrow(/^STIX: the document is not valid JSON/);
    expect(() => stix({ hello: 'world' })).toThrow(/STIX: expected a bundle/);
  });
});

// ---------------------------------------------------------------------------------------------

function misp(document: unknown): ParsedRecord[] {
  return run(
    createFeedParser('misp'),
    typeof document === 'string' ? document : JSON.stringify(document),
  );
}

describe('MISP', () => {
  const eventFiles = dataFiles('misp/', '.json').filter((f) => !f.startsWith('misp/taxonomies/'));

  for (const file of eventFiles) {
    it(`${file} parses without throwing`, () => {
      const text = read(file);
      expect(run(createFeedParser('misp'), text, 'chars')).toEqual(misp(text));
    });
  }

  it('the IntelMQ event: two attributes, the URL one becomes an event, the text one does not', () => {
    const document = JSON.parse(read('misp/intelmq/misp_event.json')) as { Attribute: unknown[] };
    expect(document.Attribute).toHaveLength(2);
    const records = misp(document);
    expect(records).toEqual([
      {
        line: 1,
        event: {
          observedAt: '2016-06-11T21:41:44.000Z',
          identifier: 'a-random-event',
          // The legacy tag ecsirt:malicious-code="ransomware".
          rsit: 'malicious-code/infected-system',
          severity: 'high',
          ip: null,
          port: null,
          asn: null,
          hostname: null,
          url: 'http://fake.example.com/malware/is/here',
          protocol: null,
          dstIp: null,
          dstPort: null,
          detail: 'A Random Event',
          raw: JSON.stringify(document.Attribute[0]),
        },
      },
    ]);
  });

  it('a bare attribute is read without an event around it', () => {
    expect(events(misp(read('misp/intelmq/misp_attribute.json')))).toMatchObject([
      {
        identifier: 'misp-url',
        rsit: 'other/other',
        url: 'http://fake.example.com/malware/is/here',
      },
    ]);
  });

  it('an attribute with no timestamp anywhere is an error record; a sighting gives nothing', () => {
    expect(misp(read('misp/pymisp/mispevent_testfiles/event_obj_attr_tag.json'))).toEqual([
      {
        line: 2,
        error: 'timestamp: missing',
        raw: expect.stringContaining('https://www.circl.lu'),
      },
    ]);
    expect(misp(read('misp/pymisp/mispevent_testfiles/sighting.json'))).toEqual([]);
    expect(misp({ Sighting: { attribute_id: '7', date_sighting: '1465681304' } })).toEqual([]);
  });

  it('a taxonomy is not a feed: a thrown error says so', () => {
    expect(() => misp(read('misp/taxonomies/tlp/machinetag.json'))).toThrow(
      /MISP: not an event, attribute or sighting .*taxonomy/,
    );
  });

  it('reads responses, objects, composite types, galaxies and rsit tags', () => {
    const records = misp({
      response: [
        {
          Event: {
            info: 'Emotet C2 servers',
            date: '2024-04-01',
            threat_level_id: '3',
            Tag: [{ name: 'tlp:green' }, { name: 'rsit:malicious-code="c2-server"' }],
            Galaxy: [{ GalaxyCluster: [{ value: 'Emotet' }] }],
            Attribute: [
              {
                type: 'ip-dst|port',
                value: '192.0.2.5|8080',
                timestamp: 1712000000,
                to_ids: false,
              },
              { type: 'domain|ip', value: 'C2.Example|2001:db8::5', comment: 'primary' },
              { type: 'link', value: 'https://blog.example/emotet' },
              { type: 'ip-src', value: '192.0.2.0/24', timestamp: '1712000000' },
              { type: 'ip-src', value: '192.0.2.6', deleted: true },
            ],
            Object: [
              {
                name: 'domain-ip',
                Attribute: [
                  {
                    type: 'hostname',
                    value: 'Sub.C2.Example.',
                    Tag: [
                      { name: 'misp-galaxy:malpedia="TrickBot"' },
                      { name: 'ecsirt:malicious-code="c&c"' },
                    ],
                  },
                ],
              },
            ],
          },
        },
      ],
    });
    expect(records.map((r) => r.line)).toEqual([1, 2, 4, 6]);
    expect(events(records)).toMatchObject([
      {
        observedAt: '2024-04-01T19:33:20.000Z',
        identifier: 'emotet',
        rsit: 'malicious-code/c2-server',
        severity: 'low',
        ip: '192.0.2.5',
        port: 8080,
        detail: 'Emotet C2 servers',
      },
      {
        observedAt: '2024-04-01T00:00:00.000Z',
        hostname: 'c2.example',
        ip: '2001:db8::5',
        detail: 'primary',
      },
      { identifier: 'trickbot', hostname: 'sub.c2.example', rsit: 'malicious-code/c2-server' },
    ]);
    expect(errors(records)).toEqual([
      { line: 4, error: 'value: "192.0.2.0/24" is a network, not a single IP address' },
    ]);
  });

  it('reads a list of attributes, and refuses invalid JSON with a thrown error', () => {
    const records = misp([
      { type: 'domain', value: 'a.example', timestamp: '1465681304' },
      { type: 'ip-dst', value: '10.1.1.1', timestamp: 'noon' },
    ]);
    expect(records).toEqual([
      {
        line: 1,
        event: expect.objectContaining({ hostname: 'a.example', identifier: 'misp-domain' }),
      },
      {
        line: 2,
        error: 'timestamp: "noon" is not a timestamp',
        raw: expect.stringContaining('noon'),
      },
    ]);
    expect(() => misp('{"Event": ')).toThrow(/^MISP: the document is not valid JSON/);
  });
});

// ---------------------------------------------------------------------------------------------

describe('createFeedParser', () => {
  it('knows every format and refuses others', () => {
    expect(FEED_FORMATS).toEqual(['shadowserver', 'csv', 'jsonl', 'stix', 'misp']);
    expect(() => createFeedParser('xml')).toThrow(
      'Unknown feed format "xml"; expected one of shadowserver, csv, jsonl, stix, misp.',
    );
  });
});
