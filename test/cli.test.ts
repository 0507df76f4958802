import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from './helpers/db.js';

/** Runs the real `fenghuo` command against a test database. */
function fenghuo(url: string, ...args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    env: { ...process.env, FENGHUO_DATABASE_URL: url },
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describeEachDialect('the fenghuo command', (_db, url) => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'fenghuo-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('ingests a Shadowserver report into a feed and lists the run; a new feed without a format exits 2', () => {
    const report = new URL('../../shared/data/shadowserver/scan_dns.csv', import.meta.url).pathname;
    const ingested = fenghuo(
      url(),
      'feed',
      'ingest',
      report,
      '--source',
      'cli-scan_dns',
      '--format',
      'shadowserver',
      '--json',
    );
    expect(ingested.code).toBe(0);
    expect(JSON.parse(ingested.stdout)).toMatchObject({
      feedName: 'cli-scan_dns',
      status: 'completed',
      counts: { read: 100, parsed: 100, rejected: 0 },
    });
    const runs = fenghuo(url(), 'feed', 'runs');
    expect(runs.code).toBe(0);
    expect(runs.stdout).toContain('read 100, parsed 100, rejected 0');
    const unknown = fenghuo(url(), 'feed', 'ingest', report, '--source', 'cli-new');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('/format: is required');
    expect(fenghuo(url(), 'feed', 'ingest', report, '--source', 'x', '--format', 'xml').code).toBe(
      2,
    );
  });

  it('imports advisories: a CISA CSAF document, then the same again unchanged; an invalid one exits 2 naming the failing test', () => {
    const advisory = new URL('../../shared/data/csaf/cisa-ics/icsa-24-030-01.json', import.meta.url)
      .pathname;
    const imported = fenghuo(url(), 'advisory', 'import', advisory, '--json');
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ format: 'csaf', created: 1 });
    const again = fenghuo(url(), 'advisory', 'import', advisory);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('csaf: 1 advisories, 0 created, 0 updated, 1 unchanged');
    expect(fenghuo(url(), 'advisory', 'list').stdout).toContain('ICSA-24-030-01');
    const broken = JSON.parse(readFileSync(advisory, 'utf8')) as {
      vulnerabilities: { product_status: { known_affected: string[] } }[];
    };
    broken.vulnerabilities[0]!.product_status.known_affected.push('CSAFPID-9999');
    const invalid = join(dir, 'invalid-csaf.json');
    writeFileSync(invalid, JSON.stringify(broken));
    const refused = fenghuo(url(), 'advisory', 'import', invalid);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('mandatory test 6.1.1');
  });

  it('prints help and exits 0; a wrong command exits 2', () => {
    const help = fenghuo(url(), '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/serve[\s\S]*import[\s\S]*lookup[\s\S]*audit/);
    expect(fenghuo(url(), 'import', '--help').stdout).toContain('--dry-run');
    expect(fenghuo(url(), 'frobnicate').code).toBe(2);
    expect(fenghuo(url(), 'import', 'widgets', 'x.csv').code).toBe(2);
  });

  it('imports organisations and networks: a bad row names row and field and nothing is written, unless --partial', () => {
    const orgs = join(dir, 'orgs.csv');
    writeFileSync(
      orgs,
      [
        'external_id,kind,name_zh,name_en,country,region,sector',
        'cli-1,operator,甲公司,Alpha Ltd,CN,CN-ZJ,finance',
        'cli-2,operator,乙公司,Beta Ltd,CN,CN-ZJ,water',
      ].join('\n'),
    );
    const imported = fenghuo(url(), 'import', 'orgs', orgs, '--json');
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ created: 2, committed: true });

    const nets = join(dir, 'nets.csv');
    writeFileSync(
      nets,
      [
        'org_external_id,value',
        'cli-1,192.0.2.0/26',
        'cli-2,2001:db8:cafe::/48',
        'cli-9,192.0.2.64/26',
        'cli-2,AS64500',
      ].join('\n'),
    );
    const dry = fenghuo(url(), 'import', 'networks', nets, '--dry-run');
    expect(dry.code).toBe(1);
    expect(dry.stdout).toContain('row 3, org_external_id');
    const strict = fenghuo(url(), 'import', 'networks', nets);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain('NOT committed');
    expect(fenghuo(url(), 'lookup', '192.0.2.5').code).toBe(1);
    const partial = fenghuo(url(), 'import', 'networks', nets, '--partial', '--source', 'ripe');
    expect(partial.code).toBe(0);
    expect(partial.stdout).toContain('3 created');
  });

  it('looks up an IP, an ASN and a domain, and prints JSON for scripts', () => {
    const ip = fenghuo(url(), 'lookup', '2001:db8:cafe::1', '--json');
    expect(ip.code).toBe(0);
    expect(JSON.parse(ip.stdout)).toMatchObject({
      type: 'ip',
      match: { organisation: { nameEn: 'Beta Ltd' }, network: { source: 'import:ripe' } },
    });
    expect(fenghuo(url(), 'lookup', 'AS64500').stdout).toContain('Beta Ltd');
    expect(fenghuo(url(), 'lookup', 'not a thing!').code).toBe(2);
  });

  it('exports in the import format', () => {
    const out = join(dir, 'export.csv');
    expect(fenghuo(url(), 'export', 'orgs', out, '--format', 'csv').code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('cli-1');
  });

  it('creates, lists and disables users, and creates and revokes tokens', () => {
    const created = fenghuo(
      url(),
      'user',
      'create',
      '--username',
      'duty',
      '--org',
      'cli-1',
      '--role',
      'operator',
      '--json',
    );
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout).password).toHaveLength(20);
    expect(
      fenghuo(url(), 'user', 'create', '--username', 'x', '--org', 'cli-1', '--role', 'king').code,
    ).toBe(2);
    expect(fenghuo(url(), 'user', 'list').stdout).toContain('duty');
    const token = JSON.parse(
      fenghuo(
        url(),
        'token',
        'create',
        '--username',
        'duty',
        '--name',
        'ci',
        '--scopes',
        'read,write',
        '--json',
      ).stdout,
    );
    expect(token.secret).toMatch(/^fh_/);
    expect(fenghuo(url(), 'token', 'revoke', token.token.id).code).toBe(0);
    expect(fenghuo(url(), 'user', 'disable', 'duty').code).toBe(0);
    expect(fenghuo(url(), 'user', 'list', '--json').stdout).toContain('"disabled": true');
  });

  it('checks rule packs and evaluates incident facts from a file', () => {
    expect(fenghuo(url(), 'rules', 'check').stdout).toContain('cn-incident-reporting-2025');
    const broken = join(dir, 'packs');
    mkdirSync(broken);
    writeFileSync(join(broken, 'bad.json'), JSON.stringify({ id: 'bad' }));
    const check = fenghuo(url(), 'rules', 'check', broken);
    expect(check.code).toBe(1);
    expect(check.stderr).toContain('bad.json');
    const facts = join(dir, 'facts.json');
    writeFileSync(
      facts,
      JSON.stringify({
        facts: { 'org.country': 'CN', 'org.cii': true, 'impact.ciiOutageHours': 6 },
        anchors: { aware: '2026-03-10T02:00:00.000Z' },
      }),
    );
    const evaluated = fenghuo(url(), 'rules', 'evaluate', facts);
    expect(evaluated.code).toBe(0);
    expect(evaluated.stdout).toContain('cn-incident-reporting-2025: Especially major');
    expect(evaluated.stdout).toContain(
      'initial: 1 hour from aware → cii_protection, public_security, due 2026-03-10T03:00:00.000Z',
    );
  });

  it('reports an incident from a file and verifies its receipt', () => {
    const report = join(dir, 'incident.json');
    writeFileSync(
      report,
      JSON.stringify({
        title: 'Leak',
        summary: 'Customer table exposed',
        category: '03003',
        awareAt: new Date().toISOString(),
        facts: { 'impact.personalRecordsLeaked': 1_500_000 },
      }),
    );
    const result = fenghuo(url(), 'incident', 'report', report, '--org', 'cli-1', '--json');
    expect(result.code).toBe(0);
    const { incident, receipts } = JSON.parse(result.stdout);
    expect(incident.reference).toMatch(/^FH-/);
    const receipt = join(dir, 'receipt.json');
    writeFileSync(receipt, JSON.stringify(receipts[0]));
    expect(fenghuo(url(), 'receipt', 'verify', receipt).stdout).toContain('receipt valid');
    writeFileSync(receipt, JSON.stringify({ ...receipts[0], version: 2 }));
    const forged = fenghuo(url(), 'receipt', 'verify', receipt);
    expect(forged.code).toBe(1);
    expect(forged.stdout).toContain('INVALID');
  });

  it('verifies the audit chain, and reports the entry edited behind its back', async () => {
    const ok = fenghuo(url(), 'audit', 'verify');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/intact: \d+ entries/);
    const { openDatabase } = await import('../src/storage/database.js');
    const database = openDatabase(url());
    await database.db
      .updateTable('audit_log')
      .set({ summary: JSON.stringify({ forged: true }) })
      .where('seq', '=', 3)
      .execute();
    await database.close();
    const broken = fenghuo(url(), 'audit', 'verify');
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('BROKEN at entry 3');
  });
});
