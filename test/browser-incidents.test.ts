import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

const PASSWORD = 'browser test password';

(CHROMIUM_AVAILABLE ? describe : describe.skip)('statutory reporting in Chromium', () => {
  let test: TestDatabase;
  let app: FastifyInstance;
  let browser: Browser;
  let page: Page;
  let services: Services;
  let smtp: SMTPServer;
  let mailer: Mailer;
  const mails: { to: string[]; raw: string }[] = [];
  // The server's clock, moved by the test to let deadlines pass.
  let offsetMs = 0;
  let base = '';
  let reference = '';

  const shot = (name: string) => screenshot(page, name);
  const signInAs = (username: string) => signIn(page, base, username, PASSWORD);
  const deliver = async () => {
    while ((await new Worker(services).runOnce()) > 0);
  };

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
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
      now: () => new Date(Date.now() + offsetMs).toISOString(),
      delivery: { mailer, publicUrl: 'http://fenghuo.test' },
    });
    await services.demo.load(PASSWORD);
    // The demo operator runs CII in the energy sector in Guangdong; a user at the Guangdong police receives its reports.
    const operatorOrg = await services.registry.organisationByExternalId(SYSTEM, 'op-0003');
    await services.registry.updateOrganisation(SYSTEM, operatorOrg.id, {
      sector: 'energy',
      cii: {
        designated: true,
        department: '国家能源局',
        date: '2024-03-01',
        legalBasis: '《关键信息基础设施安全保护条例》第九条',
      },
    });
    const police = (
      await services.registry.listOrganisations(SYSTEM, {
        q: '广东省公安厅',
        kind: 'authority',
        limit: 5,
      })
    ).items[0]!;
    await services.users.create(SYSTEM, {
      orgId: police.id,
      username: 'gd-police',
      displayName: '广东公安值班员',
      role: 'authority',
      password: PASSWORD,
    });
    ({ app, base } = await serveWeb(services));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    mailer?.close();
    await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
    await test?.drop();
  });

  it(
    'a CII operator reports ransomware with 2,000,000 records leaked and sees the grade and the 1-hour clock as it types',
    { timeout: 90_000 },
    async () => {
      await signInAs('operator');
      await page.goto(`${base}/incidents/new`);
      await page.getByTestId('incident-title').fill('调度系统遭勒索软件攻击');
      await page.getByTestId('incident-summary').fill('SCADA 历史库服务器文件被加密，发现勒索信。');
      await page.getByTestId('incident-category').click();
      await page.keyboard.type('01007');
      await page.locator('.ant-cascader-menu-item', { hasText: '01007' }).first().click();
      // Choosing ransomware (01007) switches the ransomware fact on by itself.
      await expect
        .poll(() => page.getByTestId('fact-incident-ransomware').getAttribute('aria-checked'))
        .toBe('true');
      await page.getByTestId('fact-impact-personalRecordsLeaked').fill('2000000');
      const panel = page.getByTestId('evaluation-cn-incident-reporting-2025');
      await expect
        .poll(() => page.getByTestId('grade-cn-incident-reporting-2025').first().textContent(), {
          timeout: 10_000,
        })
        .toContain('较大');
      const deadline = page.getByTestId('deadline-cn-incident-reporting-2025-initial');
      await expect.poll(() => deadline.textContent()).toMatch(/关键信息基础设施保护工作部门/);
      expect(await deadline.textContent()).toMatch(/公安机关/);
      expect(await panel.textContent()).toMatch(/1\s*小时|0?0:5\d:\d\d|59/);
      await shot('incident-01-report-form');
      await page.getByTestId('ransom-amount').fill('50 BTC');
      await page.getByTestId('incident-submit').click();
      await page.getByTestId('incident-reference').waitFor({ timeout: 15_000 });
      reference = ((await page.getByTestId('incident-reference').textContent()) ?? '').trim();
      expect(reference).toMatch(/^FH-\d{4}-\d{6}$/);
      await shot('incident-02-detail');
    },
  );

  it('the Guangdong police see it in their inbox, and the e-mail reached the SMTP server', async () => {
    await deliver();
    await signInAs('gd-police');
    await page.goto(`${base}/inbox`);
    await expect
      .poll(() => page.getByTestId('inbox-table').textContent(), { timeout: 10_000 })
      .toContain(reference);
    await shot('incident-03-authority-inbox');
    expect(mails.some((m) => m.raw.includes(reference))).toBe(true);
  });

  it('once its escalation deadline has passed, the supervision page shows it overdue', async () => {
    const incident = (await services.incidents.list(SYSTEM, { limit: 10 })).items.find(
      (i) => i.reference === reference,
    )!;
    // The coordinator assesses it major: the CII protection department and the police must escalate within 30 minutes.
    await services.incidents.overrideGrade(SYSTEM, incident.id, {
      pack: 'cn-incident-reporting-2025',
      grade: 'major',
      reason: '省级电网调度受影响，研判为重大',
    });
    offsetMs = 31 * 60_000;
    expect(await services.clocks.fireDue()).toBeGreaterThanOrEqual(1);
    await signInAs('coordinator');
    await page.goto(`${base}/supervision`);
    await expect
      .poll(() => page.getByTestId('overdue-table').textContent(), { timeout: 10_000 })
      .toContain(reference);
    await page.getByTestId('chart-on-time').waitFor();
    await shot('incident-04-supervision');
  });
});
