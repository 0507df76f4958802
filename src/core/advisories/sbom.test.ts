import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DomainError, type FieldError } from '../errors.js';
import { parseSbom } from './sbom.js';

const FIXTURES = new URL('../../../test/fixtures/sbom/', import.meta.url);

/** A fixture, parsed afresh so that each test may change it. */
function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as Record<string, unknown>;
}

/** The field errors parseSbom refuses a document with. */
function refusal(document: unknown): FieldError[] {
  try {
    parseSbom(document);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('validation_failed');
    return (error as DomainError).fields;
  }
  throw new Error('the document was accepted');
}

/** Sets a value deep inside a fixture: `at(doc, ['components', 0, 'purl'], 'x')`. */
function at(document: unknown, path: (string | number)[], value: unknown): void {
  const parent = path
    .slice(0, -1)
    .reduce<Record<string | number, unknown>>(
      (node, key) => node[key] as Record<string | number, unknown>,
      document as Record<string | number, unknown>,
    );
  const last = path.at(-1)!;
  if (value === undefined) delete parent[last];
  else parent[last] = value;
}

describe('parseSbom: CycloneDX', () => {
  it('reads a 1.4 Maven BOM: vendor from the publisher; a group beside a purl is no vendor', () => {
    expect(parseSbom(fixture('cyclonedx-1.4.json'))).toEqual({
      format: 'cyclonedx',
      specVersion: '1.4',
      name: 'portal-web',
      components: [
        {
          ref: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar',
          name: 'log4j-core',
          version: '2.14.1',
          vendor: 'The Apache Software Foundation',
          purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar',
          cpe: 'cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*',
        },
        {
          ref: 'pkg:maven/org.apache.logging.log4j/log4j-api@2.14.1?type=jar',
          name: 'log4j-api',
          version: '2.14.1',
          vendor: 'The Apache Software Foundation',
          purl: 'pkg:maven/org.apache.logging.log4j/log4j-api@2.14.1?type=jar',
          cpe: null,
        },
        {
          ref: 'pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.10.1?type=jar',
          name: 'jackson-databind',
          version: '2.9.10.1',
          vendor: null,
          purl: 'pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.10.1?type=jar',
          cpe: null,
        },
      ],
    });
  });

  it('reads a 1.5 BOM: nested components flattened, a repeated component once, a CPE 2.2 URI kept', () => {
    expect(parseSbom(fixture('cyclonedx-1.5.json'))).toEqual({
      format: 'cyclonedx',
      specVersion: '1.5',
      name: 'ops-gateway',
      components: [
        {
          ref: 'nginx@1.24.0',
          name: 'nginx',
          version: '1.24.0',
          vendor: 'F5, Inc.',
          purl: 'pkg:generic/nginx@1.24.0?download_url=https://nginx.org/download/nginx-1.24.0.tar.gz',
          cpe: 'cpe:2.3:a:f5:nginx:1.24.0:*:*:*:*:*:*:*',
        },
        {
          ref: 'nginx@1.24.0/openssl@3.0.13',
          name: 'openssl',
          version: '3.0.13',
          vendor: 'OpenSSL Software Foundation',
          purl: 'pkg:generic/openssl@3.0.13',
          cpe: 'cpe:/a:openssl:openssl:3.0.13',
        },
        {
          ref: 'nginx@1.24.0/pcre2@10.42',
          name: 'pcre2',
          version: '10.42',
          vendor: 'PCRE2 Project',
          purl: null,
          cpe: null,
        },
        {
          ref: 'express@4.18.2',
          name: 'express',
          version: '4.18.2',
          vendor: null,
          purl: 'pkg:npm/express@4.18.2',
          cpe: null,
        },
        {
          ref: '@babel/traverse@7.23.0',
          name: 'traverse',
          version: '7.23.0',
          vendor: null,
          purl: 'pkg:npm/%40babel/traverse@7.23.0',
          cpe: null,
        },
      ],
    });
  });

  it('reads a 1.6 device BOM: firmware parts flattened, a component without version kept', () => {
    expect(parseSbom(fixture('cyclonedx-1.6.json'))).toEqual({
      format: 'cyclonedx',
      specVersion: '1.6',
      name: 'ER-7 edge router',
      components: [
        {
          ref: 'er-7/firmware@2.4.1',
          name: 'er7-firmware',
          version: '2.4.1',
          vendor: 'Example Networks Co., Ltd.',
          purl: null,
          cpe: 'cpe:2.3:o:examplenetworks:er7_firmware:2.4.1:*:*:*:*:*:*:*',
        },
        {
          ref: 'er-7/firmware@2.4.1/linux@5.10.120',
          name: 'linux',
          version: '5.10.120',
          vendor: null,
          purl: 'pkg:generic/linux@5.10.120',
          cpe: 'cpe:2.3:o:linux:linux_kernel:5.10.120:*:*:*:*:*:*:*',
        },
        {
          ref: 'er-7/firmware@2.4.1/busybox@1.36.1',
          name: 'busybox',
          version: '1.36.1',
          vendor: 'Erik Andersen, Rob Landley, Denys Vlasenko and others',
          purl: 'pkg:generic/busybox@1.36.1',
          cpe: 'cpe:2.3:a:busybox:busybox:1.36.1:*:*:*:*:*:*:*',
        },
        {
          ref: 'er-7/firmware@2.4.1/dropbear@2022.83',
          name: 'dropbear',
          version: '2022.83',
          vendor: 'Matt Johnston',
          purl: null,
          cpe: 'cpe:2.3:a:dropbear_ssh_project:dropbear_ssh:2022.83:*:*:*:*:*:*:*',
        },
        {
          ref: 'er-7/web-ui/lodash@4.17.20',
          name: 'lodash',
          version: '4.17.20',
          vendor: null,
          purl: 'pkg:npm/lodash@4.17.20',
          cpe: null,
        },
        {
          ref: 'er-7/ca-bundle',
          name: 'ca-certificates.crt',
          version: null,
          vendor: null,
          purl: null,
          cpe: null,
        },
      ],
    });
  });

  it('prefers the supplier to the publisher, and either to the group', () => {
    const document = fixture('cyclonedx-1.5.json');
    at(document, ['components', 0, 'publisher'], 'NGINX Open Source');
    at(document, ['components', 0, 'group'], 'nginx');
    at(document, ['components', 0, 'components', 1, 'publisher'], 'Philip Hazel');
    const { components } = parseSbom(document);
    expect(components.map((c) => c.vendor)).toEqual([
      'F5, Inc.',
      'OpenSSL Software Foundation',
      'Philip Hazel',
      null,
      null,
    ]);
  });

  it('names no product when metadata has no component, and accepts a BOM without components', () => {
    expect(parseSbom({ bomFormat: 'CycloneDX', specVersion: '1.6', version: 1 })).toEqual({
      format: 'cyclonedx',
      specVersion: '1.6',
      name: null,
      components: [],
    });
  });

  it('falls back to the JSON pointer when a component has no bom-ref', () => {
    const document = fixture('cyclonedx-1.5.json');
    at(document, ['components', 0, 'components', 1, 'bom-ref'], undefined);
    expect(parseSbom(document).components[2]?.ref).toBe('/components/0/components/1');
  });
});

describe('parseSbom: SPDX 2.3', () => {
  it('reads a directory scan: the described root is a mere wrapper and names the SBOM', () => {
    expect(parseSbom(fixture('spdx-2.3.json'))).toEqual({
      format: 'spdx',
      specVersion: '2.3',
      name: '/srv/report-worker',
      components: [
        {
          ref: 'SPDXRef-Package-python-Django-4a3e9c1f0b7d2e85',
          name: 'Django',
          version: '3.2.12',
          vendor: 'Django Software Foundation',
          purl: 'pkg:pypi/django@3.2.12',
          cpe: 'cpe:2.3:a:djangoproject:django:3.2.12:*:*:*:*:*:*:*',
        },
        {
          ref: 'SPDXRef-Package-python-requests-9f1e2d3c4b5a6978',
          name: 'requests',
          version: '2.25.1',
          vendor: null,
          purl: 'pkg:pypi/requests@2.25.1',
          cpe: null,
        },
        {
          ref: 'SPDXRef-Package-python-PyYAML-0c7b6a5d4e3f2a19',
          name: 'PyYAML',
          version: '5.3.1',
          vendor: 'Kirill Simonov',
          purl: 'pkg:pypi/pyyaml@5.3.1',
          cpe: 'cpe:/a:pyyaml:pyyaml:5.3.1',
        },
        {
          ref: 'SPDXRef-Package-python-urllib3-5e4d3c2b1a097f86',
          name: 'urllib3',
          version: '1.26.4',
          vendor: 'Andrey Petrov',
          purl: 'pkg:pypi/urllib3@1.26.4',
          cpe: null,
        },
      ],
    });
  });

  it('reads a firmware SBOM: the described root has a version and CPE, so it stays', () => {
    expect(parseSbom(fixture('spdx-2.3-firmware.json'))).toEqual({
      format: 'spdx',
      specVersion: '2.3',
      name: 'IPC-3520 firmware',
      components: [
        {
          ref: 'SPDXRef-Package-ipc-3520-firmware',
          name: 'IPC-3520 firmware',
          version: '5.7.3',
          vendor: 'Example Vision Technology Co., Ltd.',
          purl: null,
          cpe: 'cpe:2.3:o:examplevision:ipc-3520_firmware:5.7.3:*:*:*:*:*:*:*',
        },
        {
          ref: 'SPDXRef-Package-openssl',
          name: 'openssl',
          version: '1.1.1k',
          vendor: 'OpenSSL Software Foundation',
          purl: 'pkg:generic/openssl@1.1.1k?download_url=https://www.openssl.org/source/openssl-1.1.1k.tar.gz',
          cpe: 'cpe:/a:openssl:openssl:1.1.1k',
        },
        {
          ref: 'SPDXRef-Package-busybox',
          name: 'busybox',
          version: '1.31.1',
          vendor: null,
          purl: null,
          cpe: 'cpe:2.3:a:busybox:busybox:1.31.1:*:*:*:*:*:*:*',
        },
        {
          ref: 'SPDXRef-Package-dropbear',
          name: 'dropbear',
          version: '2020.81',
          vendor: 'Matt Johnston',
          purl: null,
          cpe: null,
        },
      ],
    });
  });

  it('prefers a cpe23Type reference to a cpe22Type one', () => {
    const document = fixture('spdx-2.3-firmware.json');
    at(document, ['packages', 1, 'externalRefs', 2], {
      referenceCategory: 'SECURITY',
      referenceType: 'cpe23Type',
      referenceLocator: 'cpe:2.3:a:openssl:openssl:1.1.1k:*:*:*:*:*:*:*',
    });
    expect(parseSbom(document).components[1]?.cpe).toBe(
      'cpe:2.3:a:openssl:openssl:1.1.1k:*:*:*:*:*:*:*',
    );
  });

  it('names no product when nothing is described', () => {
    const document = fixture('spdx-2.3.json');
    at(document, ['relationships'], []);
    const sbom = parseSbom(document);
    expect(sbom.name).toBeNull();
    expect(sbom.components[0]).toEqual({
      ref: 'SPDXRef-DocumentRoot-Directory--srv-report-worker',
      name: '/srv/report-worker',
      version: null,
      vendor: null,
      purl: null,
      cpe: null,
    });
  });
});

describe('parseSbom refusals', () => {
  it.each<[string, unknown, FieldError]>([
    [
      'CycloneDX 1.3',
      { bomFormat: 'CycloneDX', specVersion: '1.3', version: 1, components: [] },
      {
        field: '/specVersion',
        reason: 'CycloneDX "1.3" is not supported; expected 1.4, 1.5 or 1.6',
      },
    ],
    [
      'a CycloneDX specVersion that is not a string',
      { bomFormat: 'CycloneDX', specVersion: 1.5 },
      { field: '/specVersion', reason: 'CycloneDX 1.5 is not supported; expected 1.4, 1.5 or 1.6' },
    ],
    [
      'another bomFormat',
      { bomFormat: 'SWID', specVersion: '1.5' },
      { field: '/bomFormat', reason: 'must be "CycloneDX", not "SWID"' },
    ],
    [
      'SPDX 2.2',
      { spdxVersion: 'SPDX-2.2', SPDXID: 'SPDXRef-DOCUMENT', packages: [] },
      { field: '/spdxVersion', reason: '"SPDX-2.2" is not supported; expected "SPDX-2.3"' },
    ],
    [
      'a JSON document of neither format',
      { name: 'inventory', items: [] },
      {
        field: '/bomFormat',
        reason:
          'is missing: the document is neither CycloneDX JSON (bomFormat) nor SPDX JSON (spdxVersion)',
      },
    ],
    [
      'CycloneDX XML',
      '<?xml version="1.0" encoding="UTF-8"?>\n<bom xmlns="http://cyclonedx.org/schema/bom/1.5" version="1"></bom>',
      { field: '/bomFormat', reason: 'XML SBOMs are not supported; export CycloneDX JSON instead' },
    ],
    [
      'SPDX tag-value',
      'SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\nSPDXID: SPDXRef-DOCUMENT\n',
      {
        field: '/spdxVersion',
        reason: 'SPDX tag-value documents are not supported; export SPDX 2.3 JSON instead',
      },
    ],
    [
      'an array',
      [],
      {
        field: '/',
        reason: 'must be a JSON object: a CycloneDX (1.4 to 1.6) or SPDX 2.3 JSON document',
      },
    ],
  ])('refuses %s', (_what, document, error) => {
    expect(refusal(document)).toEqual([error]);
  });

  it('refuses CycloneDX components without a name, at any depth', () => {
    const document = fixture('cyclonedx-1.5.json');
    at(document, ['components', 1, 'name'], undefined);
    at(document, ['components', 0, 'components', 1, 'name'], '');
    expect(refusal(document)).toEqual([
      {
        field: '/components/0/components/1/name',
        reason: 'is required: a component must have a name',
      },
      { field: '/components/1/name', reason: 'is required: a component must have a name' },
    ]);
  });

  it('refuses a purl packageurl-js cannot parse', () => {
    const document = fixture('cyclonedx-1.4.json');
    at(document, ['components', 2, 'purl'], 'pkg:maven/jackson-databind@2.9.10.1');
    expect(refusal(document)).toEqual([
      {
        field: '/components/2/purl',
        reason: 'is not a valid purl: maven requires a "namespace" component',
      },
    ]);
  });

  it('refuses a CPE parseCpe refuses, with its reason', () => {
    const document = fixture('cyclonedx-1.6.json');
    at(document, ['components', 0, 'components', 1, 'cpe'], 'cpe:2.3:a:busybox:busy box:1.36.1');
    expect(refusal(document)).toEqual([
      {
        field: '/components/0/components/1/cpe',
        reason: 'is not a valid CPE name: may hold only printable ASCII characters, without spaces',
      },
    ]);
  });

  it('refuses fields of the wrong type', () => {
    const document = fixture('cyclonedx-1.4.json');
    at(document, ['components', 0, 'version'], 2.14);
    at(document, ['components', 1, 'supplier'], 'Apache');
    at(document, ['components', 2, 'components'], { name: 'jackson-core' });
    at(document, ['components', 3], 'jackson-annotations');
    expect(refusal(document)).toEqual([
      { field: '/components/0/version', reason: 'must be a string' },
      { field: '/components/1/supplier', reason: 'must be an object' },
      { field: '/components/2/components', reason: 'must be an array' },
      { field: '/components/3', reason: 'must be an object' },
    ]);
  });

  it('refuses SPDX packages without a name, and bad purl or CPE references', () => {
    const document = fixture('spdx-2.3.json');
    at(document, ['packages', 2, 'name'], undefined);
    at(
      document,
      ['packages', 1, 'externalRefs', 1, 'referenceLocator'],
      'cpe:2.3:a:django:django:3.2.12:*:*:*:*:*:*:*:*',
    );
    at(document, ['packages', 3, 'externalRefs', 1, 'referenceLocator'], 'pypi/pyyaml@5.3.1');
    expect(refusal(document)).toEqual([
      {
        field: '/packages/1/externalRefs/1/referenceLocator',
        reason: 'is not a valid CPE name: has 12 attributes after "cpe:2.3:"; CPE 2.3 has 11',
      },
      { field: '/packages/2/name', reason: 'is required: a component must have a name' },
      {
        field: '/packages/3/externalRefs/1/referenceLocator',
        reason: 'is not a valid purl: missing required "pkg" scheme component',
      },
    ]);
  });

  it('checks every CPE reference, not only the one it keeps', () => {
    const document = fixture('spdx-2.3-firmware.json');
    at(document, ['packages', 1, 'externalRefs', 2], {
      referenceCategory: 'SECURITY',
      referenceType: 'cpe22Type',
      referenceLocator: 'cpe:/a:openssl:openssl:1.1.1k:::en:extra',
    });
    expect(refusal(document)).toEqual([
      {
        field: '/packages/1/externalRefs/2/referenceLocator',
        reason:
          'is not a valid CPE name: has 8 components after "cpe:/"; a CPE 2.2 URI has at most 7',
      },
    ]);
  });
});
