import { describe, expect, it } from 'vitest';
import {
  compareVersions,
  compareVersionsForSort,
  isValidVersion,
  isVersionScheme,
  VERSION_SCHEMES,
} from './versions.js';

/** Every pair of `ascending` compares in its order, both ways round. */
function expectAscending(scheme: string, ascending: string[]): void {
  for (let i = 0; i < ascending.length; i++) {
    for (let j = i + 1; j < ascending.length; j++) {
      const [low, high] = [ascending[i]!, ascending[j]!];
      expect(compareVersions(scheme, low, high), `${low} < ${high}`).toBeLessThan(0);
      expect(compareVersions(scheme, high, low), `${high} > ${low}`).toBeGreaterThan(0);
    }
  }
}

function expectEqual(scheme: string, pairs: [string, string][]): void {
  for (const [a, b] of pairs) {
    expect(compareVersions(scheme, a, b), `${a} = ${b}`).toBe(0);
    expect(compareVersions(scheme, b, a), `${b} = ${a}`).toBe(0);
  }
}

describe('version schemes', () => {
  it('lists the schemes it orders; others are ordered as generic', () => {
    expect(VERSION_SCHEMES).toEqual(
      expect.arrayContaining([
        'semver',
        'npm',
        'pypi',
        'maven',
        'deb',
        'rpm',
        'generic',
      ]) as unknown,
    );
    expect(isVersionScheme('maven')).toBe(true);
    expect(isVersionScheme('custom')).toBe(false);
    expect(isVersionScheme('constructor')).toBe(false);
    expect(compareVersions('custom', '1.10', '1.9')).toBe(
      compareVersions('generic', '1.10', '1.9'),
    );
  });

  it('sorts deterministically when the scheme holds versions equal', () => {
    const sorted = ['1.0.0', '1', '1.0'].sort((a, b) => compareVersionsForSort('maven', a, b));
    expect(sorted).toEqual(['1', '1.0', '1.0.0']);
    expect(compareVersionsForSort('maven', '1.0', '1.0')).toBe(0);
  });
});

describe('semver', () => {
  it('orders by SemVer 2.0 precedence (the example of §11)', () => {
    expectAscending('semver', [
      '1.0.0-alpha',
      '1.0.0-alpha.1',
      '1.0.0-alpha.beta',
      '1.0.0-beta',
      '1.0.0-beta.2',
      '1.0.0-beta.11',
      '1.0.0-rc.1',
      '1.0.0',
      '2.0.0',
      '2.1.0',
      '2.1.1',
      '10.0.0',
    ]);
  });

  it('ignores build metadata and tolerates a `v` and a missing minor or patch', () => {
    expectEqual('semver', [
      ['1.0.0+20130313144700', '1.0.0'],
      ['1.0.0-beta+exp.sha.5114f85', '1.0.0-beta'],
      ['v1.2.3', '1.2.3'],
      ['1.2', '1.2.0'],
      ['1', '1.0.0'],
    ]);
    expect(isValidVersion('semver', '1.2.3-rc.1+build.5')).toBe(true);
    expect(isValidVersion('semver', '1.2.3.4')).toBe(false);
    expect(isValidVersion('semver', 'latest')).toBe(false);
  });

  it('orders npm versions the same way, with npm’s leading `=`', () => {
    expectAscending('npm', ['0.0.9', '1.2.3-beta.1', '1.2.3', '=1.2.4', 'v1.10.0']);
    expectEqual('npm', [['=1.2.3', '1.2.3']]);
  });

  it('falls back to the generic order for versions it cannot read', () => {
    expectAscending('semver', ['1.2.3.4', '1.2.3.10']);
  });
});

describe('pypi (PEP 440)', () => {
  it('orders the example of the specification’s summary of suffixes', () => {
    expectAscending('pypi', [
      '1.dev0',
      '1.0.dev456',
      '1.0a1',
      '1.0a2.dev456',
      '1.0a12.dev456',
      '1.0a12',
      '1.0b1.dev456',
      '1.0b2',
      '1.0b2.post345.dev456',
      '1.0b2.post345',
      '1.0rc1.dev456',
      '1.0rc1',
      '1.0',
      '1.0+abc.5',
      '1.0+abc.7',
      '1.0+5',
      '1.0.post456.dev34',
      '1.0.post456',
      '1.0.15',
      '1.1.dev1',
    ]);
  });

  it('orders epochs before everything else', () => {
    expectAscending('pypi', ['2013.10', '2014.04', '1!1.0', '1!1.1', '2!0.1']);
  });

  it('applies the normalisations of the specification', () => {
    expectEqual('pypi', [
      ['1.0RC1', '1.0rc1'],
      ['1.0-rc1', '1.0rc1'],
      ['1.0.rc.1', '1.0rc1'],
      ['1.0c1', '1.0rc1'],
      ['1.0-preview2', '1.0rc2'],
      ['1.0alpha1', '1.0a1'],
      ['1.0_a_1', '1.0a1'],
      ['1.0beta', '1.0b0'],
      ['1.0-1', '1.0.post1'],
      ['1.0-r1', '1.0.post1'],
      ['1.0.rev1', '1.0.post1'],
      ['1.0.post', '1.0.post0'],
      ['1.0.dev', '1.0.dev0'],
      ['v1.0', '1.0'],
      ['1.0.0', '1.0'],
      ['00.01', '0.1'],
      ['1.0+ubuntu-1', '1.0+ubuntu.1'],
    ]);
    expect(isValidVersion('pypi', '1.0RC1')).toBe(true);
    expect(isValidVersion('pypi', '1.0-foo')).toBe(false);
  });
});

describe('maven (the version order specification)', () => {
  it('orders Maven’s own qualifier list', () => {
    expectAscending('maven', [
      '1-alpha2snapshot',
      '1-alpha2',
      '1-alpha-123',
      '1-beta-2',
      '1-beta123',
      '1-m2',
      '1-m11',
      '1-rc',
      '1-cr2',
      '1-rc123',
      '1-SNAPSHOT',
      '1',
      '1-sp',
      '1-sp2',
      '1-sp123',
      '1-abc',
      '1-def',
      '1-pom-1',
      '1-1-snapshot',
      '1-1',
      '1-2',
      '1-123',
    ]);
  });

  it('orders Maven’s own number list', () => {
    expectAscending('maven', [
      '2.0',
      '2.0.a',
      '2-1',
      '2.0.2',
      '2.0.123',
      '2.1.0',
      '2.1-a',
      '2.1b',
      '2.1-c',
      '2.1-1',
      '2.1.0.1',
      '2.2',
      '2.123',
      '11.a2',
      '11.a11',
      '11.b2',
      '11.b11',
      '11.m2',
      '11.m11',
      '11',
      '11.a',
      '11b',
      '11c',
      '11m',
    ]);
  });

  it('holds equal what the specification holds equal', () => {
    expectEqual('maven', [
      ['1', '1.0'],
      ['1', '1.0.0'],
      ['1', '1-0'],
      ['1.0', '1.0-0'],
      ['1.ga', '1'],
      ['1-ga', '1'],
      ['1.final', '1'],
      ['1.0.RELEASE', '1'],
      ['1.foo', '1-foo'],
      ['1a', '1-a'],
      ['1a', '1.0.0-a'],
      ['1.0a', '1-a'],
      ['1cr', '1rc'],
      ['1a1', '1-alpha-1'],
      ['1-a1', '1-alpha-1'],
      ['1b2', '1-beta-2'],
      ['1m3', '1-milestone-3'],
      ['1.0-alpha1', '1.0-ALPHA1'],
      ['1-abcdefghijklmnopqrstuvwxyz', '1-ABCDEFGHIJKLMNOPQRSTUVWXYZ'],
      // A dot before a qualifier reads as a hyphen (MNG-7644).
      ['2-rc', '2.0.RC'],
      ['2-beta', '2.0.0.beta'],
    ]);
  });

  it('orders the pairs of the specification and Maven’s tests', () => {
    const pairs: [string, string][] = [
      ['1', '1.1'],
      ['1-snapshot', '1'],
      ['1', '1-sp'],
      ['1-foo2', '1-foo10'],
      ['1-foo', '1-1'],
      ['1-1', '1.1'],
      ['1-ga', '1-sp'],
      ['1-ga.1', '1-sp.1'],
      ['1-sp-1', '1-ga-1'],
      ['1.K', '1.7'],
      ['5.aardvark', '5.zebra'],
      ['1.0-alpha-1', '1.0'],
      ['1.0-beta-1', '1.0-SNAPSHOT'],
      ['1.0-alpha-1-SNAPSHOT', '1.0-alpha-1'],
      ['1.0.0', '1.0-1'],
      ['2.0-1', '2.0.1'],
      ['2.0.1-xyz', '2.0.1-123'],
      ['1.0.0.a1', '1.0.0-a2'],
      ['6.1.0rc3', '6.1.0'],
      ['6.1.0', '6.1H.5-beta'],
      ['20190126.230843', '1234567890.12345'],
      ['1-0.alpha', '1'],
      ['1.0', '1.0-sp1'],
      ['2.426.3', '2.427'],
      ['2.0-beta9', '2.0-rc1'],
    ];
    for (const pair of pairs) expectAscending('maven', pair);
  });
});

describe('deb (Debian policy 5.6.12)', () => {
  it('sorts `~` before everything, even the end, and letters before other characters', () => {
    expectAscending('deb', ['1.0~~', '1.0~~a', '1.0~', '1.0', '1.0a', '1.0+', '1.0.1']);
    expectAscending('deb', ['1.2.3~rc1', '1.2.3', '1.2.3+dfsg', '1.2.4~beta']);
  });

  it('compares the epoch first, then the upstream version, then the revision', () => {
    expectAscending('deb', ['2.0-1', '2.30-1ubuntu1', '2.30-1ubuntu2', '2.30-2', '1:0.9', '2:0.1']);
    expectAscending('deb', ['1.0-1', '1.0-2', '1.0-10', '1.0-10+deb12u1']);
    expectEqual('deb', [
      ['0:1.0', '1.0'],
      ['1.0', '1.0-0'],
      ['1.01', '1.1'],
    ]);
  });

  it('reads hyphens in the upstream version when there is a revision', () => {
    expectAscending('deb', ['1.0-1', '1.0-rc-1', '1.0-rc-2']);
    expect(isValidVersion('deb', '1:2.30-1ubuntu1')).toBe(true);
    expect(isValidVersion('deb', 'a1.0')).toBe(false);
    expect(isValidVersion('deb', '1.0-')).toBe(false);
  });
});

describe('rpm (rpmvercmp)', () => {
  it('gives the results of rpm’s own comparison tests', () => {
    const cases: [string, string, number][] = [
      ['1.0', '2.0', -1],
      ['2.0.1a', '2.0.1', 1],
      ['5.5p1', '5.5p10', -1],
      ['10xyz', '10.1xyz', -1],
      ['xyz10', 'xyz10.1', -1],
      ['xyz.4', '8', -1],
      ['6.0.rc1', '6.0', 1],
      ['10b2', '10a1', 1],
      ['1.0a', '1.0aa', -1],
      ['10.0001', '10.1', 0],
      ['4.999.9', '5.0', -1],
      ['2.0', '2_0', 0],
      ['a+', 'a_', 0],
      ['1.0~rc1', '1.0', -1],
      ['1.0~rc1', '1.0~rc2', -1],
      ['1.0~rc1~git123', '1.0~rc1', -1],
      ['1.0^', '1.0', 1],
      ['1.0^git1', '1.0', 1],
      ['1.0^git1', '1.0^git2', -1],
      ['1.0^git1', '1.01', -1],
      ['1.0^20160101', '1.0.1', -1],
      ['1.0^20160102', '1.0^20160101^git1', 1],
      ['1.0~rc1^git1', '1.0~rc1', 1],
      ['1.0^git1', '1.0^git1~pre', 1],
    ];
    for (const [a, b, order] of cases) {
      expect(compareVersions('rpm', a, b), `${a} vs ${b}`).toBe(order);
      expect(compareVersions('rpm', b, a), `${b} vs ${a}`).toBe(-order || 0);
    }
  });

  it('orders 1.0~rc1 < 1.0 < 1.0^post, then by epoch and release', () => {
    expectAscending('rpm', ['1.0~rc1', '1.0', '1.0^post1', '1.0.1']);
    expectAscending('rpm', ['1.0-1.el9', '1.0-2.el9', '1.1-1.el9', '1:0.5-1']);
    expectEqual('rpm', [['0:1.0-1', '1.0-1']]);
  });
});

describe('gem (Gem::Version)', () => {
  it('sorts a version with letters before the release it precedes', () => {
    expectAscending('gem', [
      '1.0.a',
      '1.0.0.rc1',
      '1.0',
      '1.0.1',
      '1.8.2.a9',
      '1.8.2.a10',
      '1.8.2',
    ]);
    expectEqual('gem', [
      ['1.0', '1'],
      ['1.0.0.a', '1.0.a'],
    ]);
  });
});

describe('generic', () => {
  it('compares numbers as numbers and knows pre- and post-release words', () => {
    expectAscending('generic', ['1.9', '1.10', '1.10.1']);
    expectAscending('generic', ['2.0-beta9', '2.0-rc1', '2.0', '2.0.1']);
    expectAscending('generic', ['6.8-rc4', '6.8', '6.8.1']);
    // PAN-OS hotfixes and OpenSSL letter releases come after their release.
    expectAscending('generic', ['10.2.9', '10.2.9-h1', '10.2.9-h3', '10.2.10']);
    expectAscending('generic', ['1.0.2', '1.0.2k', '1.0.2za', '1.0.3']);
    expectEqual('generic', [
      ['v1.2', '1.2'],
      ['1.2.0', '1.2'],
      ['1.02', '1.2'],
    ]);
  });

  it('does not take a commit id or a word for a version', () => {
    expect(isValidVersion('generic', '6.1.78')).toBe(true);
    expect(isValidVersion('generic', '89a4d1a89751')).toBe(false);
    expect(isValidVersion('generic', '20240101')).toBe(true);
    expect(isValidVersion('generic', 'log4j-core')).toBe(false);
    expect(isValidVersion('custom', 'n/a')).toBe(false);
  });
});

describe('intdot, lexicographic and datetime', () => {
  it('reads intdot up to the first character that is neither a digit nor a dot', () => {
    expectAscending('intdot', ['1.2', '1.9', '1.10', '2']);
    expectEqual('intdot', [
      ['1.2beta', '1.2rc1'],
      ['1.2.0', '1.2'],
    ]);
  });

  it('orders lexicographic versions by UTF-8 bytes', () => {
    expectAscending('lexicographic', ['A', 'Z', 'a', 'aa', 'z', '\u00e9', '\uffff', '😀']);
  });

  it('orders datetimes by instant and refuses what RFC 3339 does not allow', () => {
    expectAscending('datetime', [
      '2023-12-31T23:59:60Z',
      '2024-01-01T00:00:00.5+00:00',
      '2024-01-01T01:00:00Z',
    ]);
    expect(isValidVersion('datetime', '2024-02-30T00:00:00Z')).toBe(false);
    expect(isValidVersion('datetime', '2024-01-01')).toBe(false);
    expect(isValidVersion('datetime', '0099-01-01T00:00:00Z')).toBe(true);
  });
});
