import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SYSTEM } from '../../src/core/auth/policy.js';
import { seededRandom } from '../../src/core/random.js';
import { createServices } from '../../src/services/index.js';
import type { Database } from '../../src/storage/database.js';
import {
  describeEachDialect,
  freshPostgres,
  freshSqlite,
  type TestDatabase,
} from '../helpers/db.js';
import { organisationFields } from '../helpers/factories.js';

const ROWS = 60_000;
const COMMIT_EVERY = 2_000;
const HEADER =
  '"timestamp","ip","protocol","port","hostname","tag","dns_version","asn","geo","region","city","min_amplification","p0f_genre","p0f_detail","naics","sic","sector"';

/** A scan_dns report of ROWS rows over 8,000 hosts (so most hosts repeat), a few of them bad. */
function report(dir: string): string {
  const random = seededRandom(7);
  const lines = [HEADER];
  for (let i = 0; i < ROWS; i++) {
    const host = Math.floor(random() * 8000);
    const ip =
      i % 997 === 0 ? '300.1.1.1' : `198.${18 + (host >> 12)}.${(host >> 4) & 255}.${host & 15}`;
    const minute = String(Math.floor(i / 1000) % 60).padStart(2, '0');
    lines.push(
      `"2026-11-27 10:${minute}:00","${ip}","udp",53,,"openresolver","dnsmasq-2.${i % 9}",4134,"CN",,,"4.6",,,0,0,`,
    );
  }
  const path = join(dir, 'scan_dns-resume.csv');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** Two organisations splitting 198.18.0.0/15, by external id so two databases can be compared. */
async function constituency(database: Database): Promise<void> {
  const services = createServices(database);
  for (const [externalId, value] of [
    ['resume-a', '198.18.0.0/16'],
    ['resume-b', '198.19.0.0/17'],
  ] as const) {
    const org = await services.registry.createOrganisation(
      SYSTEM,
      organisationFields({ externalId }),
    );
    await services.registry.createNetwork(SYSTEM, org.id, { value });
  }
}

/** Every finding by what identifies it across databases, with what it accumulated. */
async function findings(database: Database) {
  const rows = await database.db
    .selectFrom('findings')
    .leftJoin('organisations', 'organisations.id', 'findings.org_id')
    .select([
      'organisations.external_id as org',
      'findings.ip',
      'findings.port',
      'findings.identifier',
      'findings.count',
      'findings.first_seen',
      'findings.last_seen',
      'findings.state',
    ])
    .execute();
  return rows.sort((a, b) => `${a.org}|${a.ip}`.localeCompare(`${b.org}|${b.ip}`));
}

async function runOf(database: Database) {
  return database.db.selectFrom('feed_runs').selectAll().executeTakeFirstOrThrow();
}

describeEachDialect('an ingestion killed half way', (db, url) => {
  const dir = mkdtempSync(join(tmpdir(), 'fenghuo-resume-'));
  let file = '';
  let clean: TestDatabase;

  beforeAll(async () => {
    file = report(dir);
    await constituency(db());
    clean = db().dialect === 'sqlite' ? await freshSqlite() : await freshPostgres();
    await constituency(clean.database);
  });
  afterAll(async () => {
    await clean?.drop();
  });

  it('resumes from its last commit and ends with exactly the findings of one clean run', async () => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        new URL('./ingest-child.ts', import.meta.url).pathname,
        url(),
        file,
        String(COMMIT_EVERY),
      ],
      { stdio: 'ignore' },
    );
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    // Kill it hard once a few transactions have committed, well before the end.
    for (;;) {
      const run = await db().db.selectFrom('feed_runs').select('checkpoint').executeTakeFirst();
      if (run && run.checkpoint >= 4 * COMMIT_EVERY) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    child.kill('SIGKILL');
    await exited;
    const killed = await runOf(db());
    expect(killed.status).toBe('running');
    expect(killed.checkpoint).toBeLessThan(ROWS);

    const services = createServices(db());
    const resumed = await services.feeds.ingest(SYSTEM, {
      feed: 'resume-scan_dns',
      path: file,
      origin: 'file',
      commitEvery: COMMIT_EVERY,
    });
    expect(resumed.id).toBe(killed.id);
    expect(resumed.status).toBe('completed');

    const once = await createServices(clean.database).feeds.ingest(SYSTEM, {
      feed: 'resume-scan_dns',
      format: 'shadowserver',
      path: file,
      origin: 'file',
    });
    expect(resumed.counts).toEqual(once.counts);
    expect(once.counts.read).toBe(ROWS);
    expect(once.counts.rejected).toBe(Math.ceil(ROWS / 997));
    expect(await findings(db())).toEqual(await findings(clean.database));
    expect((await findings(db())).reduce((sum, f) => sum + f.count, 0)).toBe(
      ROWS - once.counts.rejected,
    );
  });
});
