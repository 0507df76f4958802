import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import {
  providerMetadata,
  readDirectoryChanges,
  readDirectoryIndex,
  readProviderMetadata,
  readRolieFeed,
  rolieFeed,
} from './csaf-provider.js';

const FIXTURES = new URL('../../../test/fixtures/csaf-provider/', import.meta.url);
const text = (name: string) => readFileSync(new URL(name, FIXTURES), 'utf8');
const json = (name: string) => JSON.parse(text(name)) as unknown;

/**
 * The rules of the CSAF 2.0 provider metadata schema (§7.1.7, provider_json_schema.json) that a
 * provider-metadata.json must meet, written out here: the schema is not vendored and tests do not
 * fetch.
 */
const URL_T = { type: 'string', format: 'uri' };
const JSON_URL_T = { ...URL_T, pattern: '\\.json$' };
const PROVIDER_SCHEMA = {
  type: 'object',
  required: [
    'canonical_url',
    'last_updated',
    'list_on_CSAF_aggregators',
    'mirror_on_CSAF_aggregators',
    'metadata_version',
    'publisher',
    'role',
  ],
  properties: {
    canonical_url: { ...URL_T, pattern: '/provider-metadata\\.json$' },
    distributions: {
      type: 'array',
      minItems: 1,
      uniqueItems: true,
      items: {
        type: 'object',
        minProperties: 1,
        properties: {
          directory_url: URL_T,
          rolie: {
            type: 'object',
            required: ['feeds'],
            properties: {
              feeds: {
                type: 'array',
                minItems: 1,
                uniqueItems: true,
                items: {
                  type: 'object',
                  required: ['tlp_label', 'url'],
                  properties: {
                    summary: { type: 'string' },
                    tlp_label: { enum: ['UNLABELED', 'WHITE', 'GREEN', 'AMBER', 'RED'] },
                    url: JSON_URL_T,
                  },
                },
              },
            },
          },
        },
      },
    },
    last_updated: { type: 'string', format: 'date-time' },
    list_on_CSAF_aggregators: { type: 'boolean' },
    metadata_version: { enum: ['2.0'] },
    mirror_on_CSAF_aggregators: { type: 'boolean' },
    publisher: {
      type: 'object',
      required: ['category', 'name', 'namespace'],
      properties: {
        category: { enum: ['coordinator', 'discoverer', 'other', 'translator', 'user', 'vendor'] },
        name: { type: 'string', minLength: 1 },
        namespace: URL_T,
      },
    },
    role: { enum: ['csaf_publisher', 'csaf_provider', 'csaf_trusted_provider'] },
  },
};

/** The required fields of a CSAF ROLIE feed (§7.1.15, ROLIE_feed_json_schema.json). */
const HTTPS_JSON = { type: 'string', format: 'uri', pattern: '^https://.+\\.json$' };
const LINKS = {
  type: 'array',
  minItems: 1,
  prefixItems: [{ type: 'object', properties: { rel: { const: 'self' }, href: HTTPS_JSON } }],
  items: { type: 'object', required: ['rel', 'href'] },
};
const DATE_TIME = { type: 'string', format: 'date-time' };
const ROLIE_SCHEMA = {
  type: 'object',
  required: ['feed'],
  properties: {
    feed: {
      type: 'object',
      required: ['id', 'title', 'link', 'category', 'updated', 'entry'],
      properties: {
        id: { type: 'string', pattern: '^[a-zA-Z0-9+\\-_.]+$' },
        title: { type: 'string', minLength: 1 },
        link: LINKS,
        category: {
          type: 'array',
          prefixItems: [
            {
              type: 'object',
              required: ['scheme', 'term'],
              properties: {
                scheme: { const: 'urn:ietf:params:rolie:category:information-type' },
                term: { const: 'csaf' },
              },
            },
          ],
          minItems: 1,
        },
        updated: DATE_TIME,
        entry: {
          type: 'array',
          items: {
            type: 'object',
            required: ['id', 'title', 'link', 'published', 'updated', 'content', 'format'],
            properties: {
              id: { type: 'string', minLength: 1 },
              title: { type: 'string', minLength: 1 },
              link: LINKS,
              published: DATE_TIME,
              updated: DATE_TIME,
              summary: {
                type: 'object',
                properties: { content: { type: 'string', minLength: 1 } },
              },
              content: {
                type: 'object',
                required: ['type', 'src'],
                properties: { type: { const: 'application/json' }, src: HTTPS_JSON },
              },
              format: {
                type: 'object',
                required: ['schema', 'version'],
                properties: {
                  schema: {
                    const: 'https://docs.oasis-open.org/csaf/csaf/v2.0/csaf_json_schema.json',
                  },
                  version: { const: '2.0' },
                },
              },
            },
          },
        },
      },
    },
  },
};

function compile(schema: object) {
  // The CSAF schemas pin only the first link and category (a 1-tuple with more items allowed).
  const ajv = new Ajv2020({ allErrors: true, strictTuples: false });
  addFormats.default(ajv);
  const check = ajv.compile(schema);
  return (doc: unknown) => ({ ok: check(doc), errors: JSON.stringify(check.errors) });
}
const validProvider = compile(PROVIDER_SCHEMA);
const validFeed = compile(ROLIE_SCHEMA);

const BASE = 'https://cert.fenghuo.example.cn';
const PUBLISHER = { name: 'Fenghuo CERT', namespace: BASE };
const FEED_URL = `${BASE}/.well-known/csaf/white/fenghuo-feed-tlp-white.json`;
const doc = (path: string) => `${BASE}/.well-known/csaf/white/${path}`;

/** Expects a validation error naming exactly these fields. */
function expectFields(run: () => unknown, fields: string[]) {
  expect(run).toThrow(
    expect.objectContaining({
      code: 'validation_failed',
      fields: fields.map((field) => expect.objectContaining({ field })),
    }),
  );
}

describe('providerMetadata', () => {
  const metadata = providerMetadata({
    baseUrl: `${BASE}/`,
    publisher: PUBLISHER,
    lastUpdated: '2026-11-28T03:00:00.000Z',
    feeds: [{ tlp: 'WHITE', url: FEED_URL, summary: 'All TLP:WHITE advisories of Fenghuo.' }],
  });

  it('the schema rules accept the spec-like fixtures and refuse the invalid one', () => {
    expect(validProvider(json('provider-metadata.json')).ok).toBe(true);
    expect(validProvider(json('provider-metadata-directory.json')).ok).toBe(true);
    expect(validProvider(json('provider-metadata-invalid.json')).ok).toBe(false);
  });

  it('meets the provider metadata schema', () => {
    const { ok, errors } = validProvider(metadata);
    expect(ok, errors).toBe(true);
  });

  it('claims csaf_provider at the well-known URL with one ROLIE feed', () => {
    expect(metadata).toEqual({
      canonical_url: `${BASE}/.well-known/csaf/provider-metadata.json`,
      distributions: [
        {
          rolie: {
            feeds: [
              {
                summary: 'All TLP:WHITE advisories of Fenghuo.',
                tlp_label: 'WHITE',
                url: FEED_URL,
              },
            ],
          },
        },
      ],
      last_updated: '2026-11-28T03:00:00.000Z',
      list_on_CSAF_aggregators: true,
      metadata_version: '2.0',
      mirror_on_CSAF_aggregators: true,
      publisher: { category: 'coordinator', ...PUBLISHER },
      role: 'csaf_provider',
    });
  });

  it('reads back through readProviderMetadata', () => {
    expect(readProviderMetadata(metadata)).toEqual({
      canonicalUrl: `${BASE}/.well-known/csaf/provider-metadata.json`,
      publisher: 'Fenghuo CERT',
      rolieFeeds: [FEED_URL],
      directoryUrls: [],
    });
  });

  it('refuses a provider without a feed', () => {
    expectFields(
      () => providerMetadata({ baseUrl: BASE, publisher: PUBLISHER, lastUpdated: '', feeds: [] }),
      ['/feeds'],
    );
  });
});

describe('rolieFeed', () => {
  const input = {
    baseUrl: BASE,
    feedUrl: FEED_URL,
    tlp: 'WHITE',
    title: 'Fenghuo CSAF feed (TLP:WHITE)',
    updated: '2026-11-28T03:00:00.000Z',
    entries: [
      {
        trackingId: 'FH-2026-0002',
        title: 'Remote code execution in Example Product',
        published: '2026-11-27T08:00:00.000Z',
        updated: '2026-11-28T03:00:00.000Z',
        url: doc('2026/fh-2026-0002.json'),
        summary: 'A crafted request lets an attacker run code.',
        hashUrl: doc('2026/fh-2026-0002.json.sha512'),
      },
      {
        trackingId: 'FH-2026-0001',
        title: 'Weak default credentials in Example Camera',
        published: '2026-11-20T08:00:00.000Z',
        updated: '2026-11-20T08:00:00.000Z',
        url: doc('2026/fh-2026-0001.json'),
        summary: null,
      },
    ],
  };
  const feed = rolieFeed(input);

  it('the ROLIE rules accept the spec-like fixture', () => {
    const { ok, errors } = validFeed(json('feed-tlp-white.json'));
    expect(ok, errors).toBe(true);
  });

  it('has the required fields of a CSAF ROLIE feed', () => {
    const { ok, errors } = validFeed(feed);
    expect(ok, errors).toBe(true);
    expect(feed).toMatchObject({
      feed: {
        id: 'cert.fenghuo.example.cn-csaf-feed-tlp-white',
        title: 'Fenghuo CSAF feed (TLP:WHITE)',
        link: [{ rel: 'self', href: FEED_URL }],
        category: [{ scheme: 'urn:ietf:params:rolie:category:information-type', term: 'csaf' }],
        updated: '2026-11-28T03:00:00.000Z',
      },
    });
  });

  it('writes each entry with its links, content and format', () => {
    const { entry } = (feed as { feed: { entry: unknown[] } }).feed;
    expect(entry).toEqual([
      {
        id: 'FH-2026-0002',
        title: 'Remote code execution in Example Product',
        link: [
          { rel: 'self', href: doc('2026/fh-2026-0002.json') },
          { rel: 'hash', href: doc('2026/fh-2026-0002.json.sha512') },
        ],
        published: '2026-11-27T08:00:00.000Z',
        updated: '2026-11-28T03:00:00.000Z',
        summary: { content: 'A crafted request lets an attacker run code.' },
        content: { type: 'application/json', src: doc('2026/fh-2026-0002.json') },
        format: {
          schema: 'https://docs.oasis-open.org/csaf/csaf/v2.0/csaf_json_schema.json',
          version: '2.0',
        },
      },
      expect.not.objectContaining({ summary: expect.anything() }),
    ]);
  });

  it('round-trips through readRolieFeed', () => {
    expect(readRolieFeed(feed)).toEqual([
      {
        url: doc('2026/fh-2026-0002.json'),
        updated: '2026-11-28T03:00:00.000Z',
        hashUrl: doc('2026/fh-2026-0002.json.sha512'),
      },
      { url: doc('2026/fh-2026-0001.json'), updated: '2026-11-20T08:00:00.000Z', hashUrl: null },
    ]);
  });
});

describe('readProviderMetadata', () => {
  it('reads the ROLIE feeds of a provider', () => {
    expect(readProviderMetadata(json('provider-metadata.json'))).toEqual({
      canonicalUrl: 'https://psirt.example.com/.well-known/csaf/provider-metadata.json',
      publisher: 'Example Company PSIRT',
      rolieFeeds: [
        'https://psirt.example.com/.well-known/csaf/white/feed-tlp-white.json',
        'https://psirt.example.com/.well-known/csaf/green/feed-tlp-green.json',
      ],
      directoryUrls: [],
    });
  });

  it('reads a directory distribution, its URL ending in a slash', () => {
    expect(readProviderMetadata(json('provider-metadata-directory.json'))).toEqual({
      canonicalUrl: 'https://www.example.org/security/csaf/provider-metadata.json',
      publisher: 'Example Org',
      rolieFeeds: [],
      directoryUrls: ['https://www.example.org/security/csaf/white/'],
    });
  });

  it('names every invalid field', () => {
    expectFields(
      () => readProviderMetadata(json('provider-metadata-invalid.json')),
      [
        '/canonical_url',
        '/publisher/name',
        '/distributions/0/rolie/feeds/0/url',
        '/distributions/1/directory_url',
      ],
    );
  });

  it.each([
    { name: 'not an object', input: [], fields: ['/'] },
    {
      name: 'distributions not a list',
      input: {
        canonical_url: 'https://a.example/p.json',
        publisher: { name: 'A' },
        distributions: {},
      },
      fields: ['/distributions'],
    },
    {
      name: 'a ROLIE distribution without feeds',
      input: {
        canonical_url: 'https://a.example/provider-metadata.json',
        publisher: { name: 'A' },
        distributions: [{ rolie: {} }, 'x'],
      },
      fields: ['/distributions/0/rolie/feeds', '/distributions/1'],
    },
  ])('refuses $name', ({ input, fields }) => {
    expectFields(() => readProviderMetadata(input), fields);
  });
});

describe('readRolieFeed', () => {
  it('reads each entry, preferring the SHA-512 hash', () => {
    const base = 'https://psirt.example.com/.well-known/csaf/white';
    expect(readRolieFeed(json('feed-tlp-white.json'))).toEqual([
      {
        url: `${base}/2024/ecp-2024-002.json`,
        updated: '2024-03-05T09:30:00.000Z',
        hashUrl: `${base}/2024/ecp-2024-002.json.sha512`,
      },
      {
        url: `${base}/2023/ecp-2023-017.json`,
        updated: '2023-12-01T08:00:00Z',
        hashUrl: `${base}/2023/ecp-2023-017.json.sha256`,
      },
      { url: `${base}/2023/ecp-2023-001.json`, updated: '2023-01-10T08:00:00Z', hashUrl: null },
    ]);
  });

  it('reads a feed without entries as empty', () => {
    expect(readRolieFeed({ feed: { id: 'x', entry: null } })).toEqual([]);
    expect(readRolieFeed({ feed: { id: 'x', entry: [] } })).toEqual([]);
  });

  it.each([
    { name: 'no feed', input: {}, fields: ['/feed'] },
    { name: 'entries not a list', input: { feed: { entry: {} } }, fields: ['/feed/entry'] },
    {
      name: 'entries without content or a date',
      input: {
        feed: {
          entry: [
            { content: { src: 'ecp-2024-002.json' }, updated: '2024-03-05T09:30:00Z' },
            { content: { src: 'https://a.example/x.json' }, updated: 'yesterday' },
            42,
          ],
        },
      },
      fields: ['/feed/entry/0/content/src', '/feed/entry/1/updated', '/feed/entry/2'],
    },
  ])('refuses $name', ({ input, fields }) => {
    expectFields(() => readRolieFeed(input), fields);
  });
});

describe('directory listings', () => {
  const base = 'https://psirt.example.com/.well-known/csaf/white/';

  it('reads changes.csv as CSAF 2.0 writes it (quoted, CRLF)', () => {
    expect(readDirectoryChanges(text('changes.csv'), base)).toEqual([
      { url: `${base}2024/ecp-2024-002.json`, updated: '2024-03-05T09:30:00.000Z' },
      { url: `${base}2023/ecp-2023-017.json`, updated: '2023-12-01T08:00:00Z' },
      { url: `${base}2023/ecp-2023-001.json`, updated: '2023-01-10T08:00:00Z' },
    ]);
  });

  it('reads unquoted changes.csv lines against a base without a trailing slash', () => {
    expect(
      readDirectoryChanges('2024/esa-2024-001.json,2024-01-01T12:00:00Z\n\n', base.slice(0, -1)),
    ).toEqual([{ url: `${base}2024/esa-2024-001.json`, updated: '2024-01-01T12:00:00Z' }]);
  });

  it('names the bad lines of changes.csv', () => {
    const csv = [
      '"2024/a.json","2024-01-01T00:00:00Z"',
      '"2024/b.json"',
      '"2024/c.json","soon"',
      '"../../other/d.json","2024-01-01T00:00:00Z"',
      '"https://elsewhere.example/e.json","2024-01-01T00:00:00Z"',
    ].join('\n');
    expectFields(
      () => readDirectoryChanges(csv, base),
      ['/line/2', '/line/3', '/line/4', '/line/5'],
    );
  });

  it('reads index.txt', () => {
    expect(readDirectoryIndex(text('index.txt'), base)).toEqual([
      `${base}2024/ecp-2024-002.json`,
      `${base}2023/ecp-2023-017.json`,
      `${base}2023/ecp-2023-001.json`,
    ]);
  });

  it('refuses an index.txt path outside the directory', () => {
    expectFields(() => readDirectoryIndex('2024/a.json\n/b.json\n', base), ['/line/2']);
  });
});
