import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AdvisoryInput } from '../../src/contract/advisories.js';
import { validateCsaf } from '../../src/core/advisories/csaf.js';
import { SYSTEM } from '../../src/core/auth/policy.js';
import { buildApp } from '../../src/server/app.js';
import { createServices, type Services } from '../../src/services/index.js';
import { describeEachDialect, freshSqlite, type TestDatabase } from '../helpers/db.js';
import { organisationFields } from '../helpers/factories.js';

const DATA = new URL('../../../shared/data/', import.meta.url);
const CISA = ['icsa-24-004-01.json', 'icsa-24-011-03.json', 'icsa-24-030-01.json'];
const cisa = (file: string) => readFileSync(new URL(`csaf/cisa-ics/${file}`, DATA), 'utf8');

const ADVISORY: AdvisoryInput = {
  title: 'Example PLC web server overflow',
  summary: 'A long HTTP request overflows the web server of the Example PLC.',
  severity: 'high',
  cves: ['CVE-2026-10001'],
  products: [
    {
      name: 'Example PLC firmware',
      vendor: 'Example Automation',
      product: 'PLC firmware',
      versions: '< 2.1.0',
      status: 'affected',
    },
    {
      name: 'Example PLC firmware 2.1.0',
      vendor: 'Example Automation',
      product: 'PLC firmware',
      versions: '2.1.0',
      status: 'fixed',
    },
  ],
  remediations: [
    {
      category: 'vendor_fix',
      text: 'Update the firmware to 2.1.0.',
      url: 'https://example.com/fw',
    },
  ],
  references: [{ url: 'https://example.com/advisory', summary: 'Vendor advisory' }],
};

/**
 * Fenghuo pulling from CSAF providers over real HTTP on loopback: another Fenghuo (its own CSAF
 * provider, reached through a small proxy so its public URL is the proxy's), and a directory
 * provider serving the real CISA advisories with their upstream SHA-512 files.
 */
describeEachDialect('CSAF provider and scheduled pulls', (db) => {
  let publisher: TestDatabase;
  let publisherServices: Services;
  let publisherApp: FastifyInstance;
  let server: Server;
  let base = '';
  let services: Services;
  let own = '';
  let tamper = false;

  const directoryMetadata = () => ({
    canonical_url: `${base}/dir/provider-metadata.json`,
    distributions: [{ directory_url: `${base}/dir/white/` }],
    last_updated: '2024-02-01T00:00:00.000Z',
    list_on_CSAF_aggregators: true,
    metadata_version: '2.0',
    mirror_on_CSAF_aggregators: true,
    publisher: { category: 'coordinator', name: 'CISA', namespace: 'https://www.cisa.gov/' },
    role: 'csaf_provider',
  });

  beforeAll(async () => {
    server = createServer((req, res) => {
      const url = req.url ?? '/';
      const send = (status: number, body: string, type = 'application/json') => {
        res.writeHead(status, { 'content-type': type });
        res.end(body);
      };
      if (url.startsWith('/.well-known/csaf/')) {
        void publisherApp
          .inject({ method: 'GET', url })
          .then((r) => send(r.statusCode, r.body, String(r.headers['content-type'])));
      } else if (url === '/dir/provider-metadata.json') {
        send(200, JSON.stringify(directoryMetadata()));
      } else if (url === '/dir/white/changes.csv') {
        send(
          200,
          CISA.map((f, i) => `"2024/${f}","2024-01-0${i + 1}T00:00:00.000Z"`).join('\r\n'),
          'text/csv',
        );
      } else if (url.startsWith('/dir/white/2024/')) {
        const file = url.slice('/dir/white/2024/'.length);
        const name = file.replace(/\.sha512$/, '');
        if (!CISA.includes(name)) return send(404, 'not found', 'text/plain');
        if (!file.endsWith('.sha512')) return send(200, cisa(name));
        const sidecar = readFileSync(new URL(`csaf/cisa-ics/${file}`, DATA), 'utf8');
        send(
          200,
          tamper && name === CISA[0]
            ? sidecar.replace(/^./, (c) => (c === '0' ? '1' : '0'))
            : sidecar,
          'text/plain',
        );
      } else if (url === '/kev.json') {
        send(200, readFileSync(new URL('kev/known_exploited_vulnerabilities.json', DATA), 'utf8'));
      } else {
        send(404, 'not found', 'text/plain');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    publisher = await freshSqlite();
    publisherServices = createServices(publisher.database, { delivery: { publicUrl: base } });
    publisherApp = await buildApp({ services: publisherServices, logLevel: 'silent' });
    await publisherServices.registry.createOrganisation(
      SYSTEM,
      organisationFields({ kind: 'coordinator', sector: null }),
    );
    own = (await publisherServices.advisories.create(SYSTEM, ADVISORY)).id;

    services = createServices(db());
  });
  afterAll(async () => {
    await publisherApp.close();
    await publisher.drop();
    await new Promise((resolve) => server.close(resolve));
  });

  const get = async (path: string) => {
    const response = await fetch(`${base}${path}`);
    expect(response.status, path).toBe(200);
    return response.text();
  };

  it('serves its own advisories once published: provider metadata, ROLIE feed, valid CSAF with its hash', async () => {
    expect(
      JSON.parse(await get('/.well-known/csaf/white/feed-tlp-white.json')).feed.entry ?? [],
    ).toEqual([]);
    const published = await publisherServices.advisories.publish(SYSTEM, own);
    expect(published.published).toBe(true);

    const metadata = JSON.parse(await get('/.well-known/csaf/provider-metadata.json'));
    expect(metadata).toMatchObject({
      role: 'csaf_provider',
      metadata_version: '2.0',
      canonical_url: `${base}/.well-known/csaf/provider-metadata.json`,
    });
    const feedUrl = metadata.distributions[0].rolie.feeds[0].url as string;
    const feed = JSON.parse(await get(new URL(feedUrl).pathname));
    expect(feed.feed.entry).toHaveLength(1);
    const entry = feed.feed.entry[0];
    expect(entry.id).toBe(published.sourceId);
    const documentPath = new URL(entry.content.src).pathname;
    const text = await get(documentPath);
    const document = JSON.parse(text);
    expect(document.document.tracking).toMatchObject({
      id: published.sourceId,
      status: 'final',
      version: '1',
    });
    const validation = await validateCsaf(document);
    expect(validation.failures).toEqual([]);
    const { createHash } = await import('node:crypto');
    expect((await get(`${documentPath}.sha512`)).split(/\s+/)[0]).toBe(
      createHash('sha512').update(text).digest('hex'),
    );
  });

  it('pulls a CSAF provider through its ROLIE feed, then only what changed', async () => {
    const source = await services.advisorySources.create(SYSTEM, {
      name: 'peer-fenghuo',
      kind: 'csaf_provider',
      url: `${base}/.well-known/csaf/provider-metadata.json`,
      allowPrivate: true,
    });
    const first = await services.advisorySources.pullNow(SYSTEM, source.id);
    expect(first.lastResult).toEqual({
      ok: true,
      fetched: 1,
      imported: 1,
      failed: [],
      error: null,
    });
    const second = await services.advisorySources.pullNow(SYSTEM, source.id);
    expect(second.lastResult).toMatchObject({ ok: true, fetched: 0, imported: 0 });

    await publisherServices.advisories.update(SYSTEM, own, {
      ...ADVISORY,
      title: 'Example PLC web server overflow (update A)',
    });
    const third = await services.advisorySources.pullNow(SYSTEM, source.id);
    expect(third.lastResult).toMatchObject({ ok: true, fetched: 1, imported: 1 });
    const { items } = await services.advisories.list(SYSTEM, {
      source: 'csaf',
      q: 'Example PLC',
      limit: 5,
    });
    expect(items.map((a) => [a.title, a.revision])).toEqual([
      ['Example PLC web server overflow (update A)', '2'],
    ]);
    expect(
      (await services.advisories.revisions(SYSTEM, items[0]!.id)).map((r) => r.origin),
    ).toEqual(['pull:peer-fenghuo', 'pull:peer-fenghuo']);
  });

  it('pulls a directory provider, checking each document against its SHA-512 file', async () => {
    tamper = true;
    const source = await services.advisorySources.create(SYSTEM, {
      name: 'cisa-mirror',
      kind: 'csaf_provider',
      url: `${base}/dir/provider-metadata.json`,
      allowPrivate: true,
    });
    const first = await services.advisorySources.pullNow(SYSTEM, source.id);
    expect(first.lastResult).toMatchObject({ ok: true, fetched: 2, imported: 2 });
    expect(first.lastResult!.failed).toEqual([
      {
        url: `${base}/dir/white/2024/${CISA[0]}`,
        reason: expect.stringMatching(/sha512 hash does not match/),
      },
    ]);
    tamper = false;
    const second = await services.advisorySources.pullNow(SYSTEM, source.id);
    expect(second.lastResult).toMatchObject({ ok: true, fetched: 1, imported: 1, failed: [] });
  });

  it('pulls the KEV catalogue, and refuses loopback unless an administrator allowed it', async () => {
    const kev = await services.advisorySources.create(SYSTEM, {
      name: 'kev',
      kind: 'kev',
      url: `${base}/kev.json`,
      allowPrivate: true,
    });
    expect((await services.advisorySources.pullNow(SYSTEM, kev.id)).lastResult).toMatchObject({
      ok: true,
      fetched: 1,
      imported: 1404,
    });
    const closed = await services.advisorySources.create(SYSTEM, {
      name: 'kev-closed',
      kind: 'kev',
      url: `${base}/kev.json`,
    });
    const refused = await services.advisorySources.pullNow(SYSTEM, closed.id);
    expect(refused.lastResult).toMatchObject({
      ok: false,
      fetched: 0,
      error: expect.stringMatching(/private|loopback/i),
    });
  });
});
