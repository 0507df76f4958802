import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SYSTEM } from '../../src/core/auth/policy.js';
import { createServices, type Services } from '../../src/services/index.js';
import { describeEachDialect } from '../helpers/db.js';

const SCAN_DNS = new URL('../../../shared/data/shadowserver/scan_dns.csv', import.meta.url)
  .pathname;

describeEachDialect('feed sources: a watched directory and scheduled pulls', (db) => {
  let now = '2026-11-28T08:00:00.000Z';
  let services: Services;
  let server: Server;
  let base = '';

  beforeAll(async () => {
    services = createServices(db(), { now: () => now });
    server = createServer((req, res) => {
      if (req.url === '/reports/scan_dns.csv') res.end(readFileSync(SCAN_DNS));
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('ingests files dropped into a feed directory and moves them to done/ or failed/', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fenghuo-watch-'));
    await services.feeds.create(SYSTEM, {
      name: 'watched-dns',
      format: 'shadowserver',
      report: 'scan_dns',
    });
    mkdirSync(join(dir, 'watched-dns'));
    copyFileSync(SCAN_DNS, join(dir, 'watched-dns', 'today.csv'));
    copyFileSync(SCAN_DNS, join(dir, 'watched-dns', '.half-written.part'));
    mkdirSync(join(dir, 'no-such-feed'));
    copyFileSync(SCAN_DNS, join(dir, 'no-such-feed', 'x.csv'));

    const runs = await services.feeds.ingestWaiting(dir);
    expect(runs).toMatchObject([
      { feedName: 'watched-dns', origin: 'watch', status: 'completed', fileName: 'today.csv' },
    ]);
    expect(readdirSync(join(dir, 'watched-dns', 'done'))).toEqual([
      expect.stringMatching(/today\.csv$/),
    ]);
    expect(existsSync(join(dir, 'watched-dns', '.half-written.part'))).toBe(true);
    expect(readdirSync(join(dir, 'no-such-feed', 'failed'))).toEqual([
      expect.stringMatching(/x\.csv$/),
    ]);
    expect(await services.feeds.ingestWaiting(dir)).toEqual([]);
  });

  it('pulls a feed when its interval comes round; loopback only when an administrator allowed it', async () => {
    const allowed = await services.feeds.create(SYSTEM, {
      name: 'pulled-dns',
      format: 'shadowserver',
      report: 'scan_dns',
      pullUrl: `${base}/reports/scan_dns.csv`,
      pullEveryMinutes: 60,
      allowPrivate: true,
    });
    const refused = await services.feeds.create(SYSTEM, {
      name: 'pulled-refused',
      format: 'shadowserver',
      report: 'scan_dns',
      pullUrl: `${base}/reports/scan_dns.csv`,
      pullEveryMinutes: 60,
    });
    const runs = await services.feeds.pullDue();
    expect(runs).toMatchObject([
      { feedName: 'pulled-dns', origin: 'pull', status: 'completed', counts: { read: 100 } },
    ]);
    expect((await services.feeds.get(SYSTEM, allowed.id)).nextPullAt).toBe(
      '2026-11-28T09:00:00.000Z',
    );
    const failures = await db()
      .db.selectFrom('audit_log')
      .select('summary')
      .where('action', '=', 'feed.pull.failed')
      .where('entity_id', '=', refused.id)
      .execute();
    expect(JSON.stringify(failures)).toContain('loopback address, not a public one');
    expect(await services.feeds.pullDue()).toEqual([]); // not due again before 09:00
    now = '2026-11-28T09:00:00.000Z';
    expect((await services.feeds.pullDue()).map((r) => r.feedName)).toEqual(['pulled-dns']);
  });

  it('refuses a pull URL that is not http(s), and private addresses from anyone but an administrator', async () => {
    await expect(
      services.feeds.create(SYSTEM, {
        name: 'bad-url',
        format: 'jsonl',
        pullUrl: 'ftp://example.org/x',
      }),
    ).rejects.toMatchObject({
      fields: [{ field: '/pullUrl', reason: 'must be an http or https URL' }],
    });
    const coordinator = {
      kind: 'user',
      userId: 'u',
      orgId: 'o',
      role: 'coordinator',
      label: 'c',
      scopes: null,
      remit: null,
    } as const;
    await expect(
      services.feeds.create(coordinator, { name: 'private', format: 'jsonl', allowPrivate: true }),
    ).rejects.toMatchObject({ fields: [{ field: '/allowPrivate' }] });
  });
});
