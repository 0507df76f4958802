import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.js';
import {
  compareCpe,
  cpeMatches,
  cpeVendorProduct,
  formatCpe,
  parseCpe,
  type Relation,
  type Wfn,
  type WfnValue,
} from './cpe.js';

const DATA = new URL('../../../../shared/data/', import.meta.url);

/** A WFN as NIST IR 7695 writes one: unspecified attributes are ANY. */
function wfn(values: Partial<Wfn>): Wfn {
  return {
    part: 'ANY',
    vendor: 'ANY',
    product: 'ANY',
    version: 'ANY',
    update: 'ANY',
    edition: 'ANY',
    language: 'ANY',
    sw_edition: 'ANY',
    target_sw: 'ANY',
    target_hw: 'ANY',
    other: 'ANY',
    ...values,
  };
}

/** The reason parseCpe gives for refusing a name. */
function refusal(text: string): string {
  try {
    parseCpe(text);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    const { code, fields } = error as DomainError;
    expect(code).toBe('validation_failed');
    expect(fields).toHaveLength(1);
    expect(fields[0]?.field).toBe('cpe');
    return fields[0]?.reason ?? '';
  }
  throw new Error(`${text} was accepted`);
}

describe('parseCpe: formatted strings (NIST IR 7695, 6.2.3.3)', () => {
  it('unbinds example 1: periods are quoted, lone asterisks are ANY', () => {
    expect(parseCpe('cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:*:*')).toEqual(
      wfn({
        part: 'a',
        vendor: 'microsoft',
        product: 'internet_explorer',
        version: '8\\.0\\.6001',
        update: 'beta',
      }),
    );
  });

  it('unbinds example 2: the wildcards stay unquoted', () => {
    expect(parseCpe('cpe:2.3:a:microsoft:internet_explorer:8.*:sp?:*:*:*:*:*:*')).toEqual(
      wfn({
        part: 'a',
        vendor: 'microsoft',
        product: 'internet_explorer',
        version: '8\\.*',
        update: 'sp?',
      }),
    );
  });

  it('unbinds example 3: a lone hyphen is NA, extended attributes have their own fields', () => {
    expect(
      parseCpe('cpe:2.3:a:hp:insight_diagnostics:7.4.0.1570:-:*:*:online:win2003:x64:*'),
    ).toEqual(
      wfn({
        part: 'a',
        vendor: 'hp',
        product: 'insight_diagnostics',
        version: '7\\.4\\.0\\.1570',
        update: 'NA',
        sw_edition: 'online',
        target_sw: 'win2003',
        target_hw: 'x64',
      }),
    );
  });

  it('refuses example 3 modified: an asterisk embedded in the version', () => {
    expect(refusal('cpe:2.3:a:hp:insight_diagnostics:7.4.*.1570:*:*:*:*:*:*')).toBe(
      'version "7\\.4\\.*\\.1570": an unquoted "*" (once) or a run of unquoted "?" may stand only at the start or the end of a value',
    );
  });

  it('unbinds example 4 and the binding example 5: quoted characters keep their quoting', () => {
    expect(
      parseCpe('cpe:2.3:a:foo\\\\bar:big\\$money:2010:*:*:*:special:ipod_touch:80gb:*'),
    ).toEqual(
      wfn({
        part: 'a',
        vendor: 'foo\\\\bar',
        product: 'big\\$money',
        version: '2010',
        sw_edition: 'special',
        target_sw: 'ipod_touch',
        target_hw: '80gb',
      }),
    );
    expect(
      parseCpe('cpe:2.3:a:foo\\\\bar:big\\$money_2010:*:*:*:*:special:ipod_touch:80gb:*'),
    ).toEqual(
      wfn({
        part: 'a',
        vendor: 'foo\\\\bar',
        product: 'big\\$money_2010',
        sw_edition: 'special',
        target_sw: 'ipod_touch',
        target_hw: '80gb',
      }),
    );
  });

  it('keeps a quoted colon inside its value', () => {
    expect(parseCpe('cpe:2.3:a:foo:bar\\:mumble:1.0:*:*:*:*:*:*:*').product).toBe('bar\\:mumble');
  });

  it('reads missing trailing attributes as ANY', () => {
    expect(parseCpe('cpe:2.3:o:fortinet:fortios:7.4.0')).toEqual(
      wfn({ part: 'o', vendor: 'fortinet', product: 'fortios', version: '7\\.4\\.0' }),
    );
  });

  it('keeps a value spelt NA or ANY apart from the logical values', () => {
    const name = parseCpe('cpe:2.3:a:NA:ANY:1.0:*:*:*:*:*:*:*');
    expect(name).toMatchObject({ vendor: 'na', product: 'any' });
    expect(formatCpe(name)).toBe('cpe:2.3:a:na:any:1.0:*:*:*:*:*:*:*');
  });
});

describe('formatCpe (NIST IR 7695, 6.2.2.3)', () => {
  it.each([
    [
      wfn({
        part: 'a',
        vendor: 'microsoft',
        product: 'internet_explorer',
        version: '8\\.0\\.6001',
        update: 'beta',
      }),
      'cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:*:*',
    ],
    [
      wfn({
        part: 'a',
        vendor: 'microsoft',
        product: 'internet_explorer',
        version: '8\\.*',
        update: 'sp?',
      }),
      'cpe:2.3:a:microsoft:internet_explorer:8.*:sp?:*:*:*:*:*:*',
    ],
    [
      wfn({
        part: 'a',
        vendor: 'microsoft',
        product: 'internet_explorer',
        version: '8\\.\\*',
        update: 'sp?',
      }),
      'cpe:2.3:a:microsoft:internet_explorer:8.\\*:sp?:*:*:*:*:*:*',
    ],
    [
      wfn({
        part: 'a',
        vendor: 'hp',
        product: 'insight',
        version: '7\\.4\\.0\\.1570',
        update: 'NA',
        sw_edition: 'online',
        target_sw: 'win2003',
        target_hw: 'x64',
      }),
      'cpe:2.3:a:hp:insight:7.4.0.1570:-:*:*:online:win2003:x64:*',
    ],
    [
      wfn({
        part: 'a',
        vendor: 'hp',
        product: 'openview_network_manager',
        version: '7\\.51',
        target_sw: 'linux',
      }),
      'cpe:2.3:a:hp:openview_network_manager:7.51:*:*:*:*:linux:*:*',
    ],
    [
      wfn({
        part: 'a',
        vendor: 'foo\\\\bar',
        product: 'big\\$money_2010',
        sw_edition: 'special',
        target_sw: 'ipod_touch',
        target_hw: '80gb',
      }),
      'cpe:2.3:a:foo\\\\bar:big\\$money_2010:*:*:*:*:special:ipod_touch:80gb:*',
    ],
  ])('binds example %# to its formatted string, and back', (name, text) => {
    expect(formatCpe(name)).toBe(text);
    expect(parseCpe(text)).toEqual(name);
  });

  it('does not take a quoted backslash for the start of a quoted underscore', () => {
    expect(formatCpe(wfn({ part: 'a', vendor: 'a\\\\_b' }))).toBe(
      'cpe:2.3:a:a\\\\_b:*:*:*:*:*:*:*:*:*',
    );
  });
});

describe('parseCpe: CPE 2.2 URIs (NIST IR 7695, 6.1.3.3)', () => {
  it('unbinds example 1', () => {
    expect(parseCpe('cpe:/a:microsoft:internet_explorer:8.0.6001:beta')).toEqual(
      wfn({
        part: 'a',
        vendor: 'microsoft',
        product: 'internet_explorer',
        version: '8\\.0\\.6001',
        update: 'beta',
      }),
    );
  });

  it('unbinds example 2: percent-encoded * and ? are quoted, not wildcards', () => {
    expect(parseCpe('cpe:/a:microsoft:internet_explorer:8.%2a:sp%3f')).toMatchObject({
      version: '8\\.\\*',
      update: 'sp\\?',
    });
  });

  it('unbinds example 3: %02 and %01 are the wildcards', () => {
    expect(parseCpe('cpe:/a:microsoft:internet_explorer:8.%02:sp%01')).toMatchObject({
      version: '8\\.*',
      update: 'sp?',
    });
  });

  it('unbinds example 4: a packed edition', () => {
    expect(parseCpe('cpe:/a:hp:insight_diagnostics:7.4.0.1570::~~online~win2003~x64~')).toEqual(
      wfn({
        part: 'a',
        vendor: 'hp',
        product: 'insight_diagnostics',
        version: '7\\.4\\.0\\.1570',
        sw_edition: 'online',
        target_sw: 'win2003',
        target_hw: 'x64',
      }),
    );
  });

  it('unbinds example 5: a lone hyphen is NA, blanks in the packed edition are ANY', () => {
    expect(parseCpe('cpe:/a:hp:openview_network_manager:7.51:-:~~~linux~~')).toEqual(
      wfn({
        part: 'a',
        vendor: 'hp',
        product: 'openview_network_manager',
        version: '7\\.51',
        update: 'NA',
        target_sw: 'linux',
      }),
    );
  });

  it('refuses example 6: the percent-encoding %07', () => {
    expect(refusal('cpe:/a:foo%5cbar:big%24money_2010%07:::~~special~ipod_touch~80gb~')).toBe(
      'product: "%07" is not a percent-encoding a CPE 2.2 URI allows',
    );
  });

  it('unbinds example 7: tildes, bare or encoded, are quoted', () => {
    expect(parseCpe('cpe:/a:foo~bar:big%7emoney_2010')).toEqual(
      wfn({ part: 'a', vendor: 'foo\\~bar', product: 'big\\~money_2010' }),
    );
  });

  it('refuses example 8: %02 embedded in a value', () => {
    expect(refusal('cpe:/a:foo:bar:12.%02.1234')).toMatch(
      /^version "12\\\.\*\\\.1234": an unquoted/,
    );
  });

  it('unbinds the bound examples of 6.1.2.4, lowercasing and decoding', () => {
    expect(
      parseCpe('cpe:/a:foo%5cbar:big%24money_manager_2010:::~~special~ipod_touch~80gb~'),
    ).toEqual(
      wfn({
        part: 'a',
        vendor: 'foo\\\\bar',
        product: 'big\\$money_manager_2010',
        sw_edition: 'special',
        target_sw: 'ipod_touch',
        target_hw: '80gb',
      }),
    );
    expect(parseCpe('CPE:/O:RedHat:RHEL_AUS:7.6::Server:EN-us')).toEqual(
      wfn({
        part: 'o',
        vendor: 'redhat',
        product: 'rhel_aus',
        version: '7\\.6',
        edition: 'server',
        language: 'en\\-us',
      }),
    );
  });

  it('converts to a formatted string (NIST IR 7695, 7.1)', () => {
    expect(formatCpe(parseCpe('cpe:/a:redhat:openshift:4.6::el8'))).toBe(
      'cpe:2.3:a:redhat:openshift:4.6:*:el8:*:*:*:*:*',
    );
    expect(
      formatCpe(parseCpe('cpe:/a:hp:insight_diagnostics:7.4.0.1570:-:~~online~win2003~x64~')),
    ).toBe('cpe:2.3:a:hp:insight_diagnostics:7.4.0.1570:-:*:*:online:win2003:x64:*');
  });
});

describe('parseCpe refusals', () => {
  it.each([
    [
      'cpe:2.2:a:foo:bar',
      'must start with "cpe:2.3:" (CPE 2.3 formatted string) or "cpe:/" (CPE 2.2 URI)',
    ],
    ['a:foo:bar', 'must start with "cpe:2.3:" (CPE 2.3 formatted string) or "cpe:/" (CPE 2.2 URI)'],
    ['cpe:2.3:a:foo bar:baz', 'may hold only printable ASCII characters, without spaces'],
    ['cpe:2.3:a:café:x', 'may hold only printable ASCII characters, without spaces'],
    [
      'cpe:2.3:a:foo:bar:1:*:*:*:*:*:*:*:extra',
      'has 12 attributes after "cpe:2.3:"; CPE 2.3 has 11',
    ],
    ['cpe:2.3:a:foo::1.0', 'product is empty; "*" stands for ANY and "-" for NA'],
    ['cpe:2.3:a:foo:bar\\', 'ends with a lone escape character "\\"'],
    ['cpe:2.3:x:foo:bar', 'part must be "a", "o" or "h", not "x"'],
    [
      'cpe:2.3:a:foo:bar:1:*:*:english',
      'language must be a language tag such as "en-us", not "english"',
    ],
    ['cpe:2.3:a:fo\\o:bar', 'vendor: "\\o" quotes a letter or digit'],
    ['cpe:2.3:a:foo:\\-', 'product: a quoted hyphen alone is not a value'],
    [
      'cpe:2.3:a:foo:bar:1.0**',
      'version "1\\.0**": an unquoted "*" (once) or a run of unquoted "?" may stand only at the start or the end of a value',
    ],
    [
      'cpe:2.3:a:foo:*?foobar',
      'product "*?foobar": an unquoted "*" (once) or a run of unquoted "?" may stand only at the start or the end of a value',
    ],
    [
      'cpe:2.3:a:foo:foo?bar',
      'product "foo?bar": an unquoted "*" (once) or a run of unquoted "?" may stand only at the start or the end of a value',
    ],
    [
      'cpe:/a:foo:bar:1:2:3:en:extra',
      'has 8 components after "cpe:/"; a CPE 2.2 URI has at most 7',
    ],
    ['cpe:/a:foo:bar:1::~a~b', 'the packed edition "~a~b" must hold five values, each after a "~"'],
    ['cpe:/a:foo!:bar', 'vendor: "!" must be percent-encoded in a CPE 2.2 URI'],
    ['cpe:/a:foo:bar%2', 'product: "%2" is not a percent-encoding a CPE 2.2 URI allows'],
    ['cpe:/a:foo:bar%2e', 'product: "%2e" is not a percent-encoding a CPE 2.2 URI allows'],
    [
      'cpe:/a:foo:bar:%02',
      'version "*": an unquoted "*" (once) or a run of unquoted "?" may stand only at the start or the end of a value',
    ],
  ])('refuses %s', (text, reason) => {
    expect(refusal(text)).toBe(reason);
  });

  it('accepts the wildcard forms NIST IR 7696 allows', () => {
    for (const value of [
      '?foo',
      'bar?',
      '?baz?',
      '??foo',
      'bar???',
      '??baz???',
      '*foo',
      'bar*',
      '*baz*',
      '?foo*',
      '*bar??',
      '?',
      '??',
    ]) {
      expect(parseCpe(`cpe:2.3:a:acme:${value}`).product).toBe(value);
    }
  });
});

describe('compareCpe (NIST IR 7696, Table 6-2)', () => {
  /** The relation of two versions, every other attribute being equal. */
  function relation(source: WfnValue, target: WfnValue): Relation | undefined {
    return compareCpe(wfn({ version: source }), wfn({ version: target }))[3];
  }

  it.each<[number, WfnValue, WfnValue, Relation]>([
    [1, 'ANY', 'ANY', 'EQUAL'],
    [2, 'ANY', 'NA', 'SUPERSET'],
    [3, 'ANY', 'foo', 'SUPERSET'],
    [4, 'ANY', '*b??', 'UNDEFINED'],
    [5, 'NA', 'ANY', 'SUBSET'],
    [6, 'NA', 'NA', 'EQUAL'],
    [7, 'NA', 'foo', 'DISJOINT'],
    [8, 'NA', '*b??', 'UNDEFINED'],
    [9, 'foo', 'foo', 'EQUAL'],
    [10, 'foo', 'bar', 'DISJOINT'],
    [11, 'foo', '*b??', 'UNDEFINED'],
    [12, 'foo', 'NA', 'DISJOINT'],
    [13, 'foo', 'ANY', 'SUBSET'],
    [14, '9\\.*', '9\\.3', 'SUPERSET'],
    [14, '9\\.*', '8\\.3', 'DISJOINT'],
    [15, '*b??', 'ANY', 'SUBSET'],
    [16, '*b??', 'NA', 'DISJOINT'],
    [17, '*b??', '*b??', 'UNDEFINED'],
    [17, '9\\.*', '9\\.?', 'UNDEFINED'],
  ])('line %i: %s against %s is %s', (_line, source, target, expected) => {
    expect(relation(source, target)).toBe(expected);
  });

  it('gives the relations of Table 6-3, ignoring case', () => {
    const source = parseCpe('cpe:2.3:a:Adobe:*:9.*:*:PalmOS:*:*:*:*:*');
    const target = parseCpe('cpe:2.3:a:*:Reader:9.3.2:-:-:*:*:*:*:*');
    expect(compareCpe(source, target)).toEqual([
      'EQUAL',
      'SUBSET',
      'SUPERSET',
      'SUPERSET',
      'SUPERSET',
      'DISJOINT',
      'EQUAL',
      'EQUAL',
      'EQUAL',
      'EQUAL',
      'EQUAL',
    ]);
  });

  it('lets n question marks stand for zero to n characters (6.3)', () => {
    expect(relation('sp?', 'sp1')).toBe('SUPERSET');
    expect(relation('sp?', 'sp')).toBe('SUPERSET');
    expect(relation('sp?', 'sp12')).toBe('DISJOINT');
    expect(relation('??1', '1')).toBe('SUPERSET');
    expect(relation('??1', '221')).toBe('SUPERSET');
    expect(relation('??1', '3221')).toBe('DISJOINT');
    expect(relation('?', 'x')).toBe('SUPERSET');
    expect(relation('?', 'xy')).toBe('DISJOINT');
  });

  it('counts a quoted character as one character', () => {
    expect(relation('?1', '\\-1')).toBe('SUPERSET');
    expect(relation('1?', '1\\-')).toBe('SUPERSET');
    expect(relation('1?', '1\\-\\-')).toBe('DISJOINT');
  });

  it('lets an asterisk stand for any number of characters, at either end', () => {
    expect(relation('*soft*', 'microsoft_office')).toBe('SUPERSET');
    expect(relation('*soft', 'microsoft')).toBe('SUPERSET');
    expect(relation('*soft', 'microsoft_office')).toBe('DISJOINT');
    expect(relation('*8\\.??', '7\\.8\\.1')).toBe('SUPERSET');
    expect(relation('*8\\.??', '8\\.')).toBe('SUPERSET');
    expect(relation('*8\\.??', '8\\.123')).toBe('DISJOINT');
  });

  it('reads a quoted asterisk or question mark as the character itself', () => {
    expect(relation('8\\.\\*', '8\\.1')).toBe('DISJOINT');
    expect(relation('8\\.\\*', '8\\.\\*')).toBe('EQUAL');
    expect(relation('sp\\?', 'sp1')).toBe('DISJOINT');
  });
});

describe('cpeMatches (NIST IR 7696, CPE_SUPERSET)', () => {
  it('matches the introduction: any Internet Explorer 8 covers 8.0.6001 in US English', () => {
    const source = 'cpe:2.3:a:microsoft:internet_explorer:8.*:*:*:*:*:*:*:*';
    const target = 'cpe:2.3:a:microsoft:internet_explorer:8.0.6001:-:-:en-us:*:*:*:*';
    expect(cpeMatches(source, target)).toBe(true);
    expect(cpeMatches(target, source)).toBe(false);
  });

  it('follows Appendix B: the CPE 2.2 known-instance example', () => {
    const x = parseCpe('cpe:/o:microsoft:windows_2000');
    expect(cpeMatches(x, parseCpe('cpe:/o:microsoft:windows_2000::sp3:pro'))).toBe(true);
    expect(cpeMatches(x, parseCpe('cpe:/a:microsoft:ie:5.5'))).toBe(false);
  });

  it('is false when a relation is SUBSET, DISJOINT or UNDEFINED', () => {
    const log4j = 'cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*';
    expect(cpeMatches(log4j, log4j)).toBe(true);
    expect(cpeMatches('cpe:2.3:a:apache:log4j:*:*:*:*:*:*:*:*', log4j)).toBe(true);
    expect(cpeMatches(log4j, 'cpe:2.3:a:apache:log4j:*:*:*:*:*:*:*:*')).toBe(false);
    expect(cpeMatches(log4j, 'cpe:2.3:a:apache:log4j:2.15.0:*:*:*:*:*:*:*')).toBe(false);
    expect(cpeMatches('cpe:2.3:a:apache:log4j:2.*', 'cpe:2.3:a:apache:log4j:2.1?')).toBe(false);
  });

  it('compares a URI with a formatted string', () => {
    expect(cpeMatches('cpe:/a:apache:log4j', 'cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*')).toBe(
      true,
    );
  });
});

describe('cpeVendorProduct', () => {
  it('removes the quoting and keeps underscores', () => {
    expect(
      cpeVendorProduct('cpe:2.3:a:foo\\\\bar:big\\$money_2010:*:*:*:*:special:ipod_touch:80gb:*'),
    ).toEqual({
      vendor: 'foo\\bar',
      product: 'big$money_2010',
      version: null,
    });
    expect(cpeVendorProduct('cpe:/a:csaf-tools:cvrf-csaf-converter:1.0.0-alpha')).toEqual({
      vendor: 'csaf-tools',
      product: 'cvrf-csaf-converter',
      version: '1.0.0-alpha',
    });
  });

  it('gives null for ANY, NA and values with wildcards', () => {
    expect(cpeVendorProduct(parseCpe('cpe:2.3:a:*:log4j?:-'))).toEqual({
      vendor: null,
      product: null,
      version: null,
    });
  });
});

/** Every string under a key named `key` anywhere in a JSON document. */
function valuesOf(node: unknown, key: string): string[] {
  if (Array.isArray(node)) return node.flatMap((item) => valuesOf(item, key));
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node).flatMap(([k, v]) => {
    if (k !== key) return valuesOf(v, key);
    return typeof v === 'string'
      ? [v]
      : Array.isArray(v)
        ? v.filter((s) => typeof s === 'string')
        : [];
  });
}

function readJson(url: URL): unknown {
  return JSON.parse(readFileSync(url, 'utf8'));
}

describe('the CPEs of the shared CSAF and CVE files', () => {
  const jsonFiles = (folder: string) =>
    readdirSync(new URL(folder, DATA), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.json'))
      .map((file) => readJson(new URL(`${folder}${file}`, DATA)));
  // In CSAF 2.0, `cpe` is only ever product_identification_helper.cpe.
  const csaf = jsonFiles('csaf/').flatMap((document) => valuesOf(document, 'cpe'));
  const cve = jsonFiles('cve/').flatMap((record) => valuesOf(record, 'cpes'));

  it('finds them', () => {
    expect(csaf.length).toBeGreaterThanOrEqual(10);
    expect(cve.length).toBeGreaterThanOrEqual(12);
  });

  it('parses and round-trips every one', () => {
    for (const text of [...csaf, ...cve]) {
      const name = parseCpe(text);
      const formatted = formatCpe(name);
      expect(parseCpe(formatted), text).toEqual(name);
      if (text.startsWith('cpe:2.3:')) expect(formatted).toBe(text);
    }
  });
});
