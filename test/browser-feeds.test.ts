import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../src/contract/feeds.js';
import { SYSTEM } from '../src/core/auth/policy.js';
import { createMailer, type Mailer } from '../src/services/delivery/email-channel.js';
import { createServices, type Services } from '../src/services/index.js';
import { Worker } from '../src/worker/runner.js';
import {
  CHROMIUM_AVAILABLE,
  launchChromium,
  screenshot,
  signIn,
  serveWeb,
} from './helpers/browser.js';
import { freshSqlite, type TestDatabase } from './helpers/db.js';
import { organisationFields } from './helpers/factories.js';

const PASSWORD = 'browser test password';
const SCAN_DNS = fileURLToPath(
  new URL('../../shared/data/shadowserver/scan_dns.csv', import.meta.url),
);
const CONTACT = 'abuse@xinghe-power.example';
const FIXED_IP = '198.51.100.8';
const NOT_OURS_IP = '198.51.100.7';
const VIEWPORT = { width: 1400, height: 1000 };

interface Part {
  headers: string;
  body: string;
}

/** The leaf parts of a MIME message, split at each of its boundaries. */
function mimeParts(raw: string): Part[] {
  const boundaries = [...raw.matchAll(/boundary="?([^";\r\n]+)"?/gi)].map((m) => m[1]!);
  let pieces = [raw];
  for (const boundary of boundaries) pieces = pieces.flatMap((p) => p.split(`--${boundary}`));
  return pieces.map((piece) => {
    const end = piece.search(/\r?\n\r?\n/);
    return end < 0
      ? { headers: piece, body: '' }
      : { headers: piece.slice(0, end), body: piece.slice(end).trim() };
  });
}

/** A part's content, its transfer encoding undone. */
function decode(part: Part): string {
  if (/content-transfer-encoding:\s*base64/i.test(part.headers))
    return Buffer.from(part.body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/content-transfer-encoding:\s*quoted-printable/i.test(part.headers))
    return Buffer.from(
      part.body
        .replace(/=\r?\n/g, '')
        .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
      'latin1',
    ).toString('utf8');
  return part.body;
}

(CHROMIUM_AVAILABLE ? describe : describe.skip)('machine feeds in Chromium', () => {
  let test: TestDatabase;
  let app: FastifyInstance;
  let browser: Browser;
  let page: Page;
  let visitorContext: BrowserContext | undefined;
  let services: Services;
  let smtp: SMTPServer;
  let mailer: Mailer;
  const mails: { to: string[]; raw: string }[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'fenghuo-browser-feeds-'));
  let base = '';
  let link = '';
  let otherOrgName = '';

  const shot = (name: string, on: Page = page) => screenshot(on, name);
  const signInAs = (username: string) => signIn(page, base, username, PASSWORD);
  const deliver = async () => {
    while ((await new Worker(services).runOnce()) > 0);
  };
  const findingAt = async (ip: string): Promise<Finding> => {
    const all = await services.findings.list(SYSTEM, { limit: 500 });
    return all.items.find((f) => f.ip === ip)!;
  };
  const upload = async (path: string) => {
    await page.goto(`${base}/feeds`);
    await page.getByTestId('upload-feed').fill('shadowserver-scan_dns');
    await page.keyboard.press('Escape');
    await page.getByTestId('upload-file').locator('input[type=file]').setInputFiles(path);
    await page.getByTestId('upload-submit').click();
    await page.getByTestId('upload-result').waitFor({ timeout: 20_000 });
  };
  const count = (name: string) => page.getByTestId(`run-count-${name}`).textContent();

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      size: 50 * 1024 * 1024,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          mails.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    mailer = createMailer({
      url: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
      from: 'Fenghuo <fenghuo@example.org>',
    });
    test = await freshSqlite();
    services = createServices(test.database, {
      delivery: { mailer, publicUrl: 'http://fenghuo.test' },
    });
    const create = (o: Parameters<typeof organisationFields>[0]) =>
      services.registry.createOrganisation(SYSTEM, organisationFields(o));
    const centre = await create({
      kind: 'coordinator',
      nameZh: '国家网络安全协调中心',
      nameEn: 'National Cybersecurity Coordination Centre',
      sector: null,
      region: 'CN-BJ',
    });
    // A CII operator: its digest goes out as soon as a run finds something.
    const operator = await create({
      kind: 'operator',
      parentId: centre.id,
      nameZh: '星河电力有限公司',
      nameEn: 'Xinghe Power Co., Ltd.',
      sector: 'energy',
      region: 'CN-GD',
      cii: {
        designated: true,
        department: '国家能源局',
        date: '2024-03-01',
        legalBasis: '《关键信息基础设施安全保护条例》第九条',
      },
    });
    const other = await create({
      kind: 'operator',
      parentId: centre.id,
      nameZh: '南岭云计算有限公司',
      nameEn: 'Nanling Cloud Co., Ltd.',
      sector: 'telecom_internet',
      region: 'CN-GD',
    });
    otherOrgName = other.nameZh;
    await services.registry.createNetwork(SYSTEM, operator.id, { value: '198.51.100.0/24' });
    await services.registry.createContact(SYSTEM, operator.id, {
      name: '网络安全值班室',
      email: CONTACT,
      role: 'abuse',
      preferences: { channels: ['inbox', 'email'], digest: 'immediate', digestHour: 9 },
    });
    await services.users.create(SYSTEM, {
      orgId: centre.id,
      username: 'coordinator',
      displayName: '协调中心值班员',
      role: 'coordinator',
      password: PASSWORD,
    });
    await services.users.create(SYSTEM, {
      orgId: operator.id,
      username: 'xinghe',
      displayName: '星河电力安全员',
      role: 'operator',
      password: PASSWORD,
    });
    ({ app, base } = await serveWeb(services));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: VIEWPORT });
  });

  afterAll(async () => {
    await visitorContext?.close();
    await browser?.close();
    await app?.close();
    mailer?.close();
    await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
    await test?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a coordinator uploads a Shadowserver report as a new feed and sees the run’s counts', async () => {
    await signInAs('coordinator');
    await page.getByTestId('nav-feeds').click();
    await upload(SCAN_DNS);
    // 100 records about 83 addresses, all on the operator's network.
    expect(await count('read')).toBe('100');
    expect(await count('parsed')).toBe('100');
    expect(await count('rejected')).toBe('0');
    expect(await count('matched')).toBe('100');
    expect(await count('unmatched')).toBe('0');
    expect(await count('duplicates')).toBe('17');
    expect(await count('notified')).toBe('1');
    await expect
      .poll(() => page.getByTestId('feed-table').textContent())
      .toContain('shadowserver-scan_dns');
    await expect.poll(() => page.getByTestId('runs-table').textContent()).toContain('scan_dns.csv');
    await shot('feeds-01-upload');
    await page.getByTestId('upload-run-link').click();
    await expect.poll(() => page.getByTestId('run-file').textContent()).toBe('scan_dns.csv');
    await page.getByTestId('run-rejects').waitFor();
    await shot('feeds-02-run');
  });

  it('the digest reaches the operator’s abuse desk with the CSV and a personal link', async () => {
    expect(await services.digests.sendDue()).toBe(1);
    await deliver();
    const mail = mails.find((m) => m.to.includes(CONTACT));
    expect(mail).toBeDefined();
    const parts = mimeParts(mail!.raw);
    const csv = parts.find((p) => /filename="?[^"\r\n]*\.csv/i.test(p.headers));
    expect(csv?.headers).toMatch(/text\/csv/i);
    expect(decode(csv!)).toContain(FIXED_IP);
    const text = parts.map(decode).join('\n');
    const found = /https?:\/\/[^\s"<>]+\/r\/[A-Za-z0-9_-]{20,}/.exec(text);
    expect(found?.[0]).toMatch(/^http:\/\/fenghuo\.test\/r\//);
    link = found![0];
  });

  it('the personal link opens without a login; the recipient marks a host fixed and another not theirs', async () => {
    visitorContext = await browser.newContext({ viewport: VIEWPORT });
    const visitor = await visitorContext.newPage();
    // The link names the public URL; the page is served by this test's app.
    await visitor.goto(`${base}${new URL(link).pathname}`);
    await expect
      .poll(() => visitor.getByTestId('recipient-org').textContent(), { timeout: 10_000 })
      .toBe('星河电力有限公司');
    expect(await visitor.getByTestId('recipient-expires').textContent()).not.toBe('');
    expect(await visitor.getByTestId('user-name').count()).toBe(0);

    const fixed = await findingAt(FIXED_IP);
    await visitor.getByTestId(`recipient-finding-${fixed.id}`).waitFor();
    expect(await visitor.getByTestId(`finding-state-${fixed.id}`).textContent()).toBe('已通报');
    await visitor.getByTestId(`recipient-fixed-${fixed.id}`).click();
    await visitor.getByTestId('answer-note').fill('已关闭开放递归解析');
    await visitor.getByTestId('answer-submit').click();
    await expect
      .poll(() => visitor.getByTestId(`finding-state-${fixed.id}`).textContent())
      .toBe('已修复（待验证）');
    expect(await visitor.getByTestId(`recipient-fixed-${fixed.id}`).isDisabled()).toBe(true);

    const foreign = await findingAt(NOT_OURS_IP);
    await visitor.getByTestId(`recipient-not_ours-${foreign.id}`).click();
    await visitor.getByTestId('answer-note').fill('该地址已划转南岭云计算使用');
    await visitor.getByTestId('answer-submit').click();
    await expect
      .poll(() => visitor.getByTestId(`finding-state-${foreign.id}`).textContent())
      .toBe('非本单位');
    await shot('feeds-03-recipient', visitor);

    await visitor.getByTestId('lang-switch').click();
    await expect
      .poll(() => visitor.getByTestId(`finding-state-${fixed.id}`).textContent())
      .toBe('Fixed (to verify)');
    await shot('feeds-04-recipient-en', visitor);
    expect((await services.findings.get(SYSTEM, fixed.id)).state).toBe('fixed');
  });

  it('the coordinator gives the host that was not theirs to its real owner', async () => {
    const foreign = await findingAt(NOT_OURS_IP);
    await page.goto(`${base}/findings/unmatched`);
    const corrections = page.getByTestId('corrections-queue');
    await expect.poll(() => corrections.textContent()).toContain(NOT_OURS_IP);
    await page.getByTestId(`assign-org-${foreign.id}`).click();
    await page.keyboard.type('南岭');
    await page.locator('.ant-select-item-option', { hasText: otherOrgName }).click();
    await page.getByTestId(`assign-network-${foreign.id}`).fill(`${NOT_OURS_IP}/32`);
    await shot('feeds-05-corrections');
    await page.getByTestId(`assign-submit-${foreign.id}`).click();
    await expect.poll(() => corrections.textContent()).not.toContain(NOT_OURS_IP);
    const moved = await findingAt(NOT_OURS_IP);
    expect(moved.orgNameZh).toBe(otherOrgName);
  });

  it('the next report without the fixed host verifies the fix, as the findings explorer shows', async () => {
    const lines = readFileSync(SCAN_DNS, 'utf8').split('\n');
    const next = join(dir, 'scan_dns-2.csv');
    writeFileSync(next, lines.filter((line) => !line.includes(`"${FIXED_IP}"`)).join('\n'));
    await upload(next);
    expect(await count('read')).toBe('98');
    const fixed = await findingAt(FIXED_IP);
    await page.goto(`${base}/findings?state=verified_fixed`);
    await expect
      .poll(() => page.getByTestId('findings-table').textContent(), { timeout: 10_000 })
      .toContain(FIXED_IP);
    expect(await page.getByTestId(`finding-state-${fixed.id}`).textContent()).toBe('已验证修复');
    await shot('feeds-06-verified');
    await page.getByTestId(`finding-open-${fixed.id}`).click();
    await expect
      .poll(() => page.getByTestId('finding-detail-state').textContent())
      .toBe('已验证修复');
    expect(await page.getByTestId('finding-raw').textContent()).toContain(FIXED_IP);
    await shot('feeds-07-finding-detail');
    await page.keyboard.press('Escape');
    await page.getByTestId('finding-drawer').waitFor({ state: 'detached' });
    await page.getByTestId('lang-switch').click();
    await page.getByTestId(`finding-open-${fixed.id}`).click();
    await expect
      .poll(() => page.getByTestId('finding-detail-state').textContent())
      .toBe('Verified fixed');
    await shot('feeds-08-finding-detail-en');
  });

  it('the metrics show open, fixed and verified findings by organisation, in charts and a table', async () => {
    await page.goto(`${base}/findings/metrics`);
    await page.getByTestId('metrics-group-organisation').click();
    await expect
      .poll(() => page.getByTestId('metrics-table').textContent(), { timeout: 10_000 })
      .toContain('Xinghe Power');
    await page.getByTestId('chart-finding-states').waitFor();
    await page.getByTestId('chart-finding-hours').waitFor();
    expect(await page.getByTestId('metrics-verifiedFixed').textContent()).toContain('1');
    await shot('feeds-09-metrics-en');
  });

  it('an operator sees its own organisation’s findings and metrics only', async () => {
    await signInAs('xinghe');
    await page.goto(`${base}/findings/metrics`);
    await page.getByTestId('metrics-group-organisation').click();
    await expect
      .poll(() => page.getByTestId('metrics-table').textContent(), { timeout: 10_000 })
      .toContain('Xinghe Power');
    expect(await page.getByTestId('metrics-table').textContent()).not.toContain('Nanling');
    expect(await page.getByTestId('nav-feeds').count()).toBe(0);
    expect(await page.getByTestId('findings-tab-unmatched').count()).toBe(0);
    await shot('feeds-10-operator-metrics-en');
    await page.getByTestId('lang-switch').click();
    await page.goto(`${base}/findings`);
    await expect
      .poll(() => page.getByTestId('findings-table').textContent(), { timeout: 10_000 })
      .toContain('星河电力有限公司');
    expect(await page.getByTestId('findings-table').textContent()).not.toContain(otherOrgName);
    await shot('feeds-11-operator-findings');
  });
});
