/**
 * CSAF 2.0 distribution (§7.1): what Fenghuo publishes as a CSAF provider (provider-metadata.json,
 * ROLIE feeds), and readers for what other providers publish (the same, plus the directory
 * listings index.txt and changes.csv).
 */
import { validationError, type FieldError } from '../errors.js';
import type { CsafPublisher, CsafTlp } from './csaf-export.js';

const CSAF_SCHEMA = 'https://docs.oasis-open.org/csaf/csaf/v2.0/csaf_json_schema.json';
const ROLIE_CATEGORY = 'urn:ietf:params:rolie:category:information-type';

export interface ProviderMetadataInput {
  /** Where `/.well-known/csaf/` lives, e.g. `https://cert.fenghuo.example.cn`. */
  baseUrl: string;
  publisher: CsafPublisher;
  lastUpdated: string;
  feeds: { tlp: CsafTlp; url: string; summary: string }[];
}

/** Requirement 7. The role stays `csaf_provider`: `csaf_trusted_provider` needs signed documents. */
export function providerMetadata(input: ProviderMetadataInput): object {
  if (input.feeds.length === 0)
    throw validationError([{ field: '/feeds', reason: 'a provider needs at least one feed' }]);
  return {
    canonical_url: `${input.baseUrl.replace(/\/+$/, '')}/.well-known/csaf/provider-metadata.json`,
    distributions: [
      {
        rolie: {
          feeds: input.feeds.map((f) => ({ summary: f.summary, tlp_label: f.tlp, url: f.url })),
        },
      },
    ],
    last_updated: input.lastUpdated,
    list_on_CSAF_aggregators: true,
    metadata_version: '2.0',
    mirror_on_CSAF_aggregators: true,
    publisher: { ...input.publisher, category: input.publisher.category ?? 'coordinator' },
    role: 'csaf_provider',
  };
}

export interface RolieFeedInput {
  baseUrl: string;
  feedUrl: string;
  tlp: string;
  title: string;
  updated: string;
  entries: {
    trackingId: string;
    title: string;
    published: string;
    updated: string;
    /** The CSAF document's URL. */
    url: string;
    summary: string | null;
    hashUrl?: string;
  }[];
}

/** Requirement 15: one ROLIE feed (RFC 8322, as JSON) per TLP label. */
export function rolieFeed(input: RolieFeedInput): object {
  // The feed id only allows [a-zA-Z0-9+\-_.]: the host name and the TLP label fit in it.
  const id = `${new URL(input.baseUrl).hostname}-csaf-feed-tlp-${input.tlp}`
    .toLowerCase()
    .replace(/[^a-z0-9+\-_.]+/g, '_');
  return {
    feed: {
      id,
      title: input.title,
      link: [{ rel: 'self', href: input.feedUrl }],
      category: [{ scheme: ROLIE_CATEGORY, term: 'csaf' }],
      updated: input.updated,
      entry: input.entries.map((e) => ({
        id: e.trackingId,
        title: e.title,
        link: [
          { rel: 'self', href: e.url },
          ...(e.hashUrl ? [{ rel: 'hash', href: e.hashUrl }] : []),
        ],
        published: e.published,
        updated: e.updated,
        ...(e.summary ? { summary: { content: e.summary } } : {}),
        content: { type: 'application/json', src: e.url },
        format: { schema: CSAF_SCHEMA, version: '2.0' },
      })),
    },
  };
}

export interface ProviderMetadata {
  canonicalUrl: string;
  /** The publisher's name. */
  publisher: string;
  rolieFeeds: string[];
  /** Base URLs of directory distributions, each ending in `/`. */
  directoryUrls: string[];
}

/** Reads another provider's provider-metadata.json; every invalid field is named in the error. */
export function readProviderMetadata(json: unknown): ProviderMetadata {
  const errors: FieldError[] = [];
  const doc = asObject(json);
  if (!doc) throw validationError([{ field: '/', reason: 'must be a JSON object' }]);

  const canonicalUrl = url(doc.canonical_url, '/canonical_url', errors);
  const publisher = asObject(doc.publisher);
  const name = publisher?.name;
  if (typeof name !== 'string' || name.trim() === '')
    errors.push({ field: '/publisher/name', reason: 'must be a non-empty string' });

  const rolieFeeds: string[] = [];
  const directoryUrls: string[] = [];
  // A CSAF publisher may list no distribution: then there is nothing to pull.
  const distributions = doc.distributions ?? [];
  if (!Array.isArray(distributions))
    errors.push({ field: '/distributions', reason: 'must be an array' });
  else {
    for (const [i, item] of distributions.entries()) {
      const path = `/distributions/${i}`;
      const distribution = asObject(item);
      if (!distribution) {
        errors.push({ field: path, reason: 'must be an object' });
        continue;
      }
      if (distribution.directory_url !== undefined) {
        const base = url(distribution.directory_url, `${path}/directory_url`, errors);
        if (base) directoryUrls.push(directoryBase(base));
      }
      if (distribution.rolie === undefined) continue;
      const feeds = asObject(distribution.rolie)?.feeds;
      if (!Array.isArray(feeds)) {
        errors.push({ field: `${path}/rolie/feeds`, reason: 'must be an array' });
        continue;
      }
      for (const [j, feed] of feeds.entries()) {
        const feedUrl = url(asObject(feed)?.url, `${path}/rolie/feeds/${j}/url`, errors);
        if (feedUrl) rolieFeeds.push(feedUrl);
      }
    }
  }

  if (errors.length > 0) throw validationError(errors, 'The provider metadata is invalid');
  return { canonicalUrl: canonicalUrl!, publisher: name as string, rolieFeeds, directoryUrls };
}

export interface RolieEntry {
  /** The CSAF document's URL (`content.src`). */
  url: string;
  updated: string;
  /** The SHA-512 hash file, else the SHA-256 one. */
  hashUrl: string | null;
}

/** Reads a ROLIE feed: where each document is, when it changed and where its hash is. */
export function readRolieFeed(json: unknown): RolieEntry[] {
  const feed = asObject(asObject(json)?.feed);
  if (!feed) throw validationError([{ field: '/feed', reason: 'must be an object' }]);
  // Feeds without documents sometimes leave out `entry` or write null.
  const entries = feed.entry ?? [];
  if (!Array.isArray(entries))
    throw validationError([{ field: '/feed/entry', reason: 'must be an array' }]);

  const errors: FieldError[] = [];
  const result = entries.flatMap((item: unknown, i): RolieEntry[] => {
    const entry = asObject(item);
    const path = `/feed/entry/${i}`;
    if (!entry) {
      errors.push({ field: path, reason: 'must be an object' });
      return [];
    }
    const src = url(asObject(entry.content)?.src, `${path}/content/src`, errors);
    const updated = timestamp(entry.updated, `${path}/updated`, errors);
    const hashes = (Array.isArray(entry.link) ? entry.link : []).flatMap((value: unknown) => {
      const link = asObject(value);
      return link?.rel === 'hash' && typeof link.href === 'string' ? [link.href] : [];
    });
    const hash =
      hashes.find((href) => href.endsWith('.sha512')) ??
      hashes.find((href) => href.endsWith('.sha256'));
    const hashUrl = hash === undefined ? null : url(hash, `${path}/link`, errors);
    return src && updated ? [{ url: src, updated, hashUrl }] : [];
  });
  if (errors.length > 0) throw validationError(errors, 'The ROLIE feed is invalid');
  return result;
}

/**
 * Reads a directory's changes.csv (requirement 13): `path,timestamp` lines, quoted in CSAF 2.0
 * and bare in 2.1, newest first. Paths are resolved against the directory's URL.
 */
export function readDirectoryChanges(
  csv: string,
  base: string,
): { url: string; updated: string }[] {
  const errors: FieldError[] = [];
  const result = lines(csv).flatMap(({ text, line }) => {
    const field = `/line/${line}`;
    const match = /^"?([^",]+)"?,"?([^",]+)"?$/.exec(text);
    if (!match) {
      errors.push({ field, reason: 'must be "path","timestamp"' });
      return [];
    }
    const documentUrl = resolve(match[1]!, base, field, errors);
    const updated = timestamp(match[2], field, errors);
    return documentUrl && updated ? [{ url: documentUrl, updated }] : [];
  });
  if (errors.length > 0) throw validationError(errors, 'The changes.csv is invalid');
  return result;
}

/** Reads a directory's index.txt (requirement 12): one document path a line. */
export function readDirectoryIndex(text: string, base: string): string[] {
  const errors: FieldError[] = [];
  const result = lines(text).flatMap(({ text: path, line }) => {
    const documentUrl = resolve(path, base, `/line/${line}`, errors);
    return documentUrl ? [documentUrl] : [];
  });
  if (errors.length > 0) throw validationError(errors, 'The index.txt is invalid');
  return result;
}

function asObject(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/** An absolute http(s) URL, or null with the error recorded. */
function url(value: unknown, field: string, errors: FieldError[]): string | null {
  const parsed = typeof value === 'string' && URL.canParse(value) ? new URL(value) : null;
  if (parsed && (parsed.protocol === 'https:' || parsed.protocol === 'http:'))
    return value as string;
  errors.push({ field, reason: 'must be an absolute http(s) URL' });
  return null;
}

function timestamp(value: unknown, field: string, errors: FieldError[]): string | null {
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return value;
  errors.push({ field, reason: 'must be a date-time' });
  return null;
}

/** A directory URL ends in `/`, or relative paths would resolve beside it instead of in it. */
function directoryBase(base: string): string {
  return base.endsWith('/') ? base : `${base}/`;
}

/** A path of the listing as a URL, which must stay inside the directory. */
function resolve(path: string, base: string, field: string, errors: FieldError[]): string | null {
  const directory = new URL(directoryBase(base)).href;
  const resolved = URL.canParse(path, directory) ? new URL(path, directory).href : null;
  if (resolved?.startsWith(directory)) return resolved;
  errors.push({ field, reason: `must be a path inside ${directory}` });
  return null;
}

/** The non-blank lines with their 1-based line numbers. */
function lines(text: string): { text: string; line: number }[] {
  return text
    .split(/\r?\n/)
    .map((line, i) => ({ text: line.trim(), line: i + 1 }))
    .filter((l) => l.text !== '');
}
