import { describe, expect, it } from 'vitest';
import { fromNativeRange } from './native-range.js';
import { formatVers, versContains } from './vers.js';

/** The canonical VERS for a native range, or null. */
function vers(scheme: string, text: string): string | null {
  const constraints = fromNativeRange(scheme, text);
  return constraints && formatVers(scheme, constraints);
}

describe('fromNativeRange', () => {
  describe('npm (node-semver)', () => {
    it('desugars caret, tilde and x-ranges as node-semver documents them', () => {
      expect(vers('npm', '^1.2.3')).toBe('vers:npm/>=1.2.3|<2.0.0-0');
      expect(vers('npm', '^0.2.3')).toBe('vers:npm/>=0.2.3|<0.3.0-0');
      expect(vers('npm', '^0.0.3')).toBe('vers:npm/>=0.0.3|<0.0.4-0');
      expect(vers('npm', '^1.2.3-beta.2')).toBe('vers:npm/>=1.2.3-beta.2|<2.0.0-0');
      expect(vers('npm', '^0.0.x')).toBe('vers:npm/>=0.0.0|<0.1.0-0');
      expect(vers('npm', '^0.x')).toBe('vers:npm/>=0.0.0|<1.0.0-0');
      expect(vers('npm', '~1.2.3')).toBe('vers:npm/>=1.2.3|<1.3.0-0');
      expect(vers('npm', '~1.2')).toBe('vers:npm/>=1.2.0|<1.3.0-0');
      expect(vers('npm', '~1')).toBe('vers:npm/>=1.0.0|<2.0.0-0');
      expect(vers('npm', '1.x')).toBe('vers:npm/>=1.0.0|<2.0.0-0');
      expect(vers('npm', '1.2.*')).toBe('vers:npm/>=1.2.0|<1.3.0-0');
      expect(vers('npm', '1.2.3')).toBe('vers:npm/1.2.3');
      expect(vers('npm', '=v1.2.3')).toBe('vers:npm/1.2.3');
      expect(vers('npm', '*')).toBe('vers:npm/*');
      expect(vers('npm', 'x')).toBe('vers:npm/*');
    });

    it('reads partial versions in comparators', () => {
      expect(vers('npm', '>1.2')).toBe('vers:npm/>=1.3.0');
      expect(vers('npm', '>=1.2')).toBe('vers:npm/>=1.2.0');
      expect(vers('npm', '<1.2')).toBe('vers:npm/<1.2.0-0');
      expect(vers('npm', '<= 1.2')).toBe('vers:npm/<1.3.0-0');
      expect(vers('npm', '< 7.23.2')).toBe('vers:npm/<7.23.2');
    });

    it('intersects comparators and unites alternatives', () => {
      expect(vers('npm', '>=1.0.0 <2.0.0 || >=3')).toBe('vers:npm/>=1.0.0|<2.0.0|>=3.0.0');
      expect(vers('npm', '>= 15.0.0 <= 16.1.0')).toBe('vers:npm/>=15.0.0|<=16.1.0');
      expect(vers('npm', '>=1.5.2 || >=1.4.11 <1.5.0 || >=1.3.2 <1.4.0')).toBe(
        'vers:npm/>=1.3.2|<1.4.0|>=1.4.11|<1.5.0|>=1.5.2',
      );
      // Overlapping alternatives merge.
      expect(vers('npm', '^1.2.0 || ^1.5.0 || >=1.9.0 <3')).toBe('vers:npm/>=1.2.0|<3.0.0-0');
      expect(vers('npm', '>1.0.0 <1.0.0')).toBeNull();
    });

    it('reads hyphen ranges, a partial upper end covering its whole branch', () => {
      expect(vers('npm', '1.2.3 - 2.3.4')).toBe('vers:npm/>=1.2.3|<=2.3.4');
      expect(vers('npm', '1.2 - 2.3.4')).toBe('vers:npm/>=1.2.0|<=2.3.4');
      expect(vers('npm', '1.2.3 - 2.3')).toBe('vers:npm/>=1.2.3|<2.4.0-0');
      expect(vers('npm', '1.2.3 - 2')).toBe('vers:npm/>=1.2.3|<3.0.0-0');
    });

    it('falls back to the loose forms advisories write', () => {
      expect(vers('npm', '>= 8.0.0-alpha.0, < 8.0.0-alpha.4')).toBe(
        'vers:npm/>=8.0.0-alpha.0|<8.0.0-alpha.4',
      );
    });
  });

  describe('pypi (PEP 440 specifiers)', () => {
    it('intersects comma-separated specifiers', () => {
      expect(vers('pypi', '>= 1.0')).toBe('vers:pypi/>=1.0');
      expect(vers('pypi', '>=1.0,<2.0')).toBe('vers:pypi/>=1.0|<2.0');
      expect(vers('pypi', '!=5')).toBe('vers:pypi/!=5');
      expect(vers('pypi', '>=1.0, !=1.5, <2')).toBe('vers:pypi/>=1.0|!=1.5|<2');
      expect(vers('pypi', '==1.4.2')).toBe('vers:pypi/1.4.2');
    });

    it('expands prefix matches and compatible releases to the versions they cover', () => {
      expect(vers('pypi', '==1.4.*')).toBe('vers:pypi/>=1.4.dev0|<1.5.dev0');
      expect(vers('pypi', '>=1.0,!=1.3.*,<2')).toBe('vers:pypi/>=1.0|<1.3.dev0|>=1.4.dev0|<2');
      expect(vers('pypi', '~=2.2')).toBe('vers:pypi/>=2.2|<3.dev0');
      expect(vers('pypi', '~=1.4.5')).toBe('vers:pypi/>=1.4.5|<1.5.dev0');
      // An epoch's '!' is percent-encoded in a VERS.
      expect(vers('pypi', '~=1!2.2.0')).toBe('vers:pypi/>=1%212.2.0|<1%212.3.dev0');
    });

    it('keeps the versions excluded by `!=1.3.*` out', () => {
      const constraints = fromNativeRange('pypi', '>=1.0,!=1.3.*,<2')!;
      const contains = (v: string) => versContains('pypi', constraints, v);
      expect(['1.0', '1.2.9', '1.4', '1.9'].map(contains)).toEqual([true, true, true, true]);
      expect(['0.9', '1.3', '1.3.5', '1.3rc1', '1.3.post1', '2.0'].map(contains)).toEqual([
        false,
        false,
        false,
        false,
        false,
        false,
      ]);
    });

    it('refuses what vers cannot express or PEP 440 does not allow', () => {
      expect(vers('pypi', '===1.0')).toBeNull();
      expect(vers('pypi', '~=1')).toBeNull();
      expect(vers('pypi', '>=1.0-foo')).toBeNull();
    });
  });

  describe('gem, nginx and openssl', () => {
    it('reads RubyGems requirements, `~>` bumping the last kept part', () => {
      expect(vers('gem', '~>2.0.8')).toBe('vers:gem/>=2.0.8|<2.1');
      expect(vers('gem', '~> 2.2')).toBe('vers:gem/>=2.2|<3');
      expect(vers('gem', '~> 1.0.0.rc1')).toBe('vers:gem/>=1.0.0.rc1|<1.1');
      expect(vers('gem', '>= 2.2.0, != 2.2.1, < 2.3.0')).toBe('vers:gem/>=2.2.0|!=2.2.1|<2.3.0');
    });

    it('reads nginx advisories, a stable branch ending at its next minor', () => {
      expect(vers('nginx', '0.8.40+')).toBe('vers:nginx/>=0.8.40|<0.9.0');
      expect(vers('nginx', '1.21.0+')).toBe('vers:nginx/>=1.21.0');
      expect(vers('nginx', '0.7.52-0.8.39')).toBe('vers:nginx/>=0.7.52|<=0.8.39');
      expect(vers('nginx', '1.1.4-1.2.8, 1.3.9-1.4.0')).toBe(
        'vers:nginx/>=1.1.4|<=1.2.8|>=1.3.9|<=1.4.0',
      );
      expect(vers('nginx', 'all')).toBe('vers:nginx/*');
      expect(vers('nginx', 'none')).toBeNull();
    });

    it('reads OpenSSL lists of releases', () => {
      expect(vers('openssl', '3.0.1, 0.9.7a')).toBe('vers:openssl/0.9.7a|3.0.1');
      expect(vers('openssl', '1.0.2k, 1.0.2, 1.0.2za')).toBe('vers:openssl/1.0.2|1.0.2k|1.0.2za');
    });
  });

  describe('loose forms, in any scheme', () => {
    it('reads the ranges real advisories write', () => {
      expect(vers('generic', '<=5.8.4')).toBe('vers:generic/<=5.8.4');
      expect(vers('generic', '< 7.23.2')).toBe('vers:generic/<7.23.2');
      expect(vers('generic', '>= 2.0, < 2.5')).toBe('vers:generic/>=2.0|<2.5');
      expect(vers('generic', '>=2.0 <2.5')).toBe('vers:generic/>=2.0|<2.5');
      expect(vers('generic', '=1.2.3')).toBe('vers:generic/1.2.3');
      expect(vers('generic', '== 1.2.3')).toBe('vers:generic/1.2.3');
      expect(vers('generic', '1.2.3')).toBe('vers:generic/1.2.3');
      expect(vers('maven', '>= 2.13.0, < 2.16.0')).toBe('vers:maven/>=2.13.0|<2.16.0');
      expect(vers('deb', '< 1:2.30-1ubuntu1')).toBe('vers:deb/<1:2.30-1ubuntu1');
      expect(vers('generic', '<1.0 || >=2.0, <2.5 || 3.1')).toBe(
        'vers:generic/<1.0|>=2.0|<2.5|3.1',
      );
    });

    it('returns null for what is not a range', () => {
      for (const text of ['log4j-core*', 'all versions', '', '   ', 'n/a', '89a4d1a89751', '< ']) {
        expect(fromNativeRange('generic', text), text).toBeNull();
      }
      expect(fromNativeRange('npm', 'latest')).toBeNull();
    });

    it('returns the constraints sorted', () => {
      expect(fromNativeRange('generic', '< 2.5, >= 2.0')).toEqual([
        { comparator: '>=', version: '2.0' },
        { comparator: '<', version: '2.5' },
      ]);
    });
  });
});
