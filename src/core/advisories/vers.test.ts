import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.js';
import type { Constraint } from './model.js';
import { fromNativeRange } from './native-range.js';
import { formatVers, parseVers, parseVersLenient, sortConstraints, versContains } from './vers.js';
import { compareVersions, compareVersionsForSort, isVersionScheme } from './versions.js';

const VECTORS = new URL('../../../../shared/data/vers/tests/', import.meta.url);
/** Reserved vers types: their vectors test the reserved-type rules, not an ordering. */
const RESERVED_TYPES = ['example', 'invalid', 'test'];

/** One test of the vers test suite (vers-test schema 0.1 and 0.2). */
interface Vector {
  description: string;
  test_type: string;
  input: unknown;
  expected_output?: unknown;
  expected_failure?: boolean;
  /** 0.2 name; 0.1 called it expected_failure_reason. */
  expected_message?: string;
  expected_failure_reason?: string;
}
interface VersionsInput {
  input_scheme?: string;
  input_type?: string;
  versions: string[];
}

function load(file: string): Vector[] {
  return (JSON.parse(readFileSync(new URL(file, VECTORS), 'utf8')) as { tests: Vector[] }).tests;
}

/** The scheme a vector is about, from whichever field its test type carries it in. */
function schemeOf(vector: Vector): string {
  const input = vector.input;
  const vers = typeof input === 'string' ? input : (input as { vers?: string }).vers;
  if (vers) return /^vers:([^/]*)\//i.exec(vers)?.[1]?.toLowerCase() ?? '';
  const { input_scheme, input_type, scheme } = input as VersionsInput & { scheme?: string };
  return input_scheme ?? input_type ?? scheme ?? '';
}

/** The vers reason of the validation error `run` throws. */
function versFailure(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('validation_failed');
    expect((error as DomainError).fields).toHaveLength(1);
    expect((error as DomainError).fields[0]!.field).toBe('vers');
    return (error as DomainError).fields[0]!.reason;
  }
  throw new Error('expected a validation error');
}

function contains(input: { vers: string; version: string }): boolean {
  const { scheme, constraints } = parseVersLenient(input.vers);
  return versContains(scheme, constraints, input.version);
}

/** What a vector's test type computes from its input. */
function run(vector: Vector, scheme: string): unknown {
  switch (vector.test_type) {
    case 'parse': {
      const parsed = parseVers(vector.input as string);
      return {
        type: parsed.scheme,
        constraints: parsed.constraints.map((c) => [c.comparator, c.version]),
      };
    }
    case 'validate':
    case 'roundtrip': {
      const parsed = parseVersLenient(vector.input as string);
      return formatVers(parsed.scheme, parsed.constraints);
    }
    case 'containment':
      return contains(vector.input as { vers: string; version: string });
    case 'comparison':
      return [...(vector.input as VersionsInput).versions].sort((a, b) =>
        compareVersionsForSort(scheme, a, b),
      );
    case 'equality': {
      const [a, b] = (vector.input as VersionsInput).versions as [string, string];
      return compareVersions(scheme, a, b) === 0;
    }
    case 'from_native': {
      const constraints = fromNativeRange(
        scheme,
        (vector.input as { native_range: string }).native_range,
      );
      return constraints && formatVers(scheme, constraints);
    }
    default:
      throw new Error(`unknown test type ${vector.test_type}`);
  }
}

/** Parse vectors write the equality comparator as "" or "="; the model always uses "=". */
function expected(vector: Vector): unknown {
  if (vector.test_type !== 'parse') return vector.expected_output;
  const output = vector.expected_output as { type: string; constraints: [string, string][] };
  return {
    type: output.type,
    constraints: output.constraints.map(([comparator, version]) => [comparator || '=', version]),
  };
}

const FILES = readdirSync(VECTORS)
  .filter((file) => file.endsWith('.json'))
  .sort();

describe('the vers test suite', () => {
  it('has vector files to run', () => {
    expect(FILES.length).toBeGreaterThan(0);
  });

  for (const file of FILES) {
    describe(file, () => {
      load(file).forEach((vector, index) => {
        const scheme = schemeOf(vector);
        const name = `#${index + 1} ${vector.test_type}: ${vector.description}`;
        if (!isVersionScheme(scheme) && !RESERVED_TYPES.includes(scheme)) {
          it.skip(`${name} (scheme ${scheme || '?'} is not supported)`, () => {});
          return;
        }
        it(name, () => {
          if (vector.expected_failure) {
            const reason = versFailure(() => run(vector, scheme));
            const message = vector.expected_message ?? vector.expected_failure_reason;
            if (message) expect(reason).toBe(message);
          } else {
            expect(run(vector, scheme)).toEqual(expected(vector));
          }
        });
      });
    });
  }
});

describe('parseVers', () => {
  const reason = (text: string) => versFailure(() => parseVers(text));

  it('reads a canonical VERS, `*` as the empty list', () => {
    expect(parseVers('vers:pypi/>=1.0|!=1.3|<2.0')).toEqual({
      scheme: 'pypi',
      constraints: [
        { comparator: '>=', version: '1.0' },
        { comparator: '!=', version: '1.3' },
        { comparator: '<', version: '2.0' },
      ],
    });
    expect(parseVers('vers:deb/*')).toEqual({ scheme: 'deb', constraints: [] });
    expect(parseVers('vers:gem/%3E1.0%7C2')).toEqual({
      scheme: 'gem',
      constraints: [{ comparator: '=', version: '>1.0|2' }],
    });
  });

  it('refuses what is not a VERS, saying why', () => {
    expect(reason('npm/>=1.0.0')).toBe("a VERS starts with 'vers:'");
    expect(reason('VERS:npm/1.0.0')).toBe("a VERS starts with 'vers:'");
    expect(reason('vers:npm')).toBe("a VERS has a '/' between its type and its constraints");
    expect(reason('vers:npm/')).toBe('a VERS has at least one constraint');
    expect(reason('vers:NPM/1.0.0')).toMatch(/^'NPM' is not a VERS type/);
    expect(reason('vers:npm/*|1.0.0')).toBe("'*' is only valid as the sole constraint");
    expect(reason('vers:npm/=1.0.0')).toBe(
      "'=1.0.0': equality is a bare version, without a leading '='",
    );
    expect(reason('vers:npm/=>1.0.0')).toMatch(/equality is a bare version/);
    expect(reason('vers:npm/<<1.0.0')).toBe("'<<1.0.0': '<' in a version must be percent-encoded");
    expect(reason('vers:npm/>=')).toBe("'>=' has no version");
    expect(reason('vers:npm/1.0.0|1.0.0')).toBe(
      "duplicate version '1.0.0': each version occurs once",
    );
    // Versions equal in the scheme are the same version.
    expect(reason('vers:pypi/1.0|1.0.0')).toBe(
      "duplicate version '1.0.0': each version occurs once",
    );
    expect(reason('vers:npm/2.0.0|1.0.0')).toBe(
      'non-canonical VERS: constraints are not sorted by version',
    );
  });

  it('refuses comparator sequences the spec forbids', () => {
    expect(reason('vers:npm/>=1.0.0|>=2.0.0')).toBe(
      "invalid VERS: '>=2.0.0' cannot follow '>=1.0.0'",
    );
    expect(reason('vers:npm/<1.0.0|<2.0.0')).toBe("invalid VERS: '<2.0.0' cannot follow '<1.0.0'");
    expect(reason('vers:npm/1.0.0|<2.0.0')).toBe("invalid VERS: '<2.0.0' cannot follow '1.0.0'");
    // `!=` may stand anywhere; equalities may precede a lower bound.
    expect(parseVers('vers:npm/1.0.0|!=1.5.0|>=2.0.0|!=2.5.0|<3.0.0').constraints).toHaveLength(5);
  });
});

describe('formatVers', () => {
  it('sorts, encodes and writes equality bare', () => {
    const constraints: Constraint[] = [
      { comparator: '<', version: '2.0.0' },
      { comparator: '=', version: '1.0 beta|1' },
      { comparator: '>=', version: '1.5.0' },
    ];
    expect(formatVers('npm', constraints)).toBe('vers:npm/1.0%20beta%7C1|>=1.5.0|<2.0.0');
    expect(formatVers('npm', [])).toBe('vers:npm/*');
  });

  it('round-trips what parseVers reads', () => {
    for (const text of ['vers:maven/>=1.0-beta|<1.0|>=2.0.0', 'vers:npm/1.0%252F0', 'vers:deb/*']) {
      const { scheme, constraints } = parseVers(text);
      expect(formatVers(scheme, constraints)).toBe(text);
    }
  });

  it('orders constraints on one version from the lowest reach to the highest', () => {
    const constraints: Constraint[] = [
      { comparator: '>', version: '1.0' },
      { comparator: '<', version: '1.0' },
      { comparator: '>=', version: '1.0' },
      { comparator: '<=', version: '1.0' },
    ];
    expect(sortConstraints('generic', constraints).map((c) => c.comparator)).toEqual([
      '<',
      '<=',
      '>=',
      '>',
    ]);
  });
});

describe('versContains', () => {
  const inRange = (vers: string, version: string) => contains({ vers, version });

  it('follows the containment algorithm of the spec', () => {
    expect(inRange('vers:npm/*', '0.0.1')).toBe(true);
    expect(inRange('vers:npm/1.2.3', '1.2.3')).toBe(true);
    expect(inRange('vers:npm/1.2.3', '1.2.4')).toBe(false);
    expect(inRange('vers:npm/>=1.0.0|<2.0.0', '1.5.0')).toBe(true);
    expect(inRange('vers:npm/>=1.0.0|<2.0.0', '2.0.0')).toBe(false);
    expect(inRange('vers:npm/>=1.0.0|<2.0.0', '2.0.0-rc.1')).toBe(true);
    expect(inRange('vers:npm/<1.0.0|>=2.0.0', '0.9.0')).toBe(true);
    expect(inRange('vers:npm/<1.0.0|>=2.0.0', '1.5.0')).toBe(false);
    expect(inRange('vers:npm/<1.0.0|>=2.0.0', '3.0.0')).toBe(true);
    expect(inRange('vers:npm/0.5.0|>=1.0.0|<2.0.0|>3.0.0', '0.5.0')).toBe(true);
    expect(inRange('vers:npm/0.5.0|>=1.0.0|<2.0.0|>3.0.0', '2.5.0')).toBe(false);
    expect(inRange('vers:npm/0.5.0|>=1.0.0|<2.0.0|>3.0.0', '3.0.1')).toBe(true);
    expect(inRange('vers:maven/>=1.0|<2.0', '2.0-SNAPSHOT')).toBe(true);
    expect(inRange('vers:maven/>=1.0|<2.0', '2.0.RELEASE')).toBe(false);
  });

  it('excludes `!=` versions, and reads a list of them alone as every other version', () => {
    expect(inRange('vers:gem/>=2.2.0|!=2.2.1|<2.3.0', '2.2.1')).toBe(false);
    expect(inRange('vers:gem/>=2.2.0|!=2.2.1|<2.3.0', '2.2.2')).toBe(true);
    expect(inRange('vers:pypi/!=5', '5.0')).toBe(false);
    expect(inRange('vers:pypi/!=5', '6')).toBe(true);
  });

  it('compares in the scheme of the range', () => {
    expect(inRange('vers:deb/<1.0', '1.0~rc1')).toBe(true);
    expect(inRange('vers:rpm/>1.0', '1.0^git1')).toBe(true);
    expect(inRange('vers:pypi/<1.0', '1.0rc1')).toBe(true);
    expect(inRange('vers:semver/<1.0.0', '1.0.0-rc.1')).toBe(true);
  });
});
