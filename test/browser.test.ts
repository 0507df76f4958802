import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../src/services/index.js';
import { CHROMIUM_AVAILABLE, launchChromium, screenshot, serveWeb } from './helpers/browser.js';
import { freshSqlite, type TestDatabase } from './helpers/db.js';

const PASSWORD = 'browser test password';

(CHROMIUM_AVAILABLE ? describe : describe.skip)('the web app in Chromium', () => {
  let test: TestDatabase;
  let app: FastifyInstance;
  let browser: Browser;
  let page: Page;
  let base = '';

  const shot = (name: string) => screenshot(page, name);

  beforeAll(async () => {
    test = await freshSqlite();
    const services = createServices(test.database);
    await services.demo.load(PASSWORD);
    ({ app, base } = await serveWeb(services));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await test?.drop();
  });

  it('signs in', async () => {
    await page.goto(`${base}/`);
    await page.getByTestId('login-username').fill('admin');
    await page.getByTestId('login-password').fill(PASSWORD);
    await shot('01-login');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('user-name').textContent()).toContain('平台管理员');
    await shot('02-home');
  });

  it('switches language, and every menu label changes with it', async () => {
    const before = await page.getByTestId('nav-organisations').textContent();
    await page.getByTestId('lang-switch').click();
    await expect.poll(() => page.getByTestId('nav-organisations').textContent()).not.toBe(before);
    const after = await page.getByTestId('nav-organisations').textContent();
    expect([before, after].sort()).toEqual(['Organisations', '组织机构'].sort());
    await shot('03-language-switched');
  });

  it('finds an organisation by name and opens it', async () => {
    await page.getByTestId('nav-organisations').click();
    await page.getByTestId('org-search').fill('Guangdong');
    await expect.poll(() => page.getByTestId('org-table').textContent()).toContain('Guangdong');
    await shot('04-organisations');
    await page.getByTestId('org-table').locator('a', { hasText: 'Guangdong' }).first().click();
    await expect.poll(() => page.getByTestId('org-details').isVisible()).toBe(true);
    await shot('05-organisation-detail');
  });

  it('looks up who owns an address', async () => {
    const network = await test.database.db
      .selectFrom('networks')
      .selectAll()
      .where('type', '=', 'cidr')
      .where('value', 'like', '192.0.2.%')
      .executeTakeFirstOrThrow();
    const address = network.value.split('/')[0]!;
    await page.getByTestId('nav-lookup').click();
    await page.getByTestId('lookup-input').fill(address);
    await page.getByTestId('lookup-submit').click();
    await expect
      .poll(() => page.getByTestId('lookup-result').textContent())
      .toContain(network.value);
    await shot('06-lookup');
  });

  it('imports a file with one bad row and shows that row’s error', async () => {
    const file = join(tmpdir(), `contacts-${process.pid}.csv`);
    writeFileSync(
      file,
      [
        'org_external_id,name,email,role',
        'op-0003,Night desk,night@xinghe.example,duty_desk',
        'op-0003,Broken,not-an-email,duty_desk',
      ].join('\n'),
    );
    await page.getByTestId('nav-import').click();
    await page.getByTestId('import-kind').click();
    await page.getByTestId('import-kind-contacts').click();
    await page.getByTestId('import-file').locator('input[type=file]').setInputFiles(file);
    await page.getByTestId('import-submit').click();
    await expect.poll(() => page.getByTestId('import-errors').textContent()).toContain('email');
    const errors = await page.getByTestId('import-errors').textContent();
    expect(errors).toContain('2');
    await shot('07-import-errors');
  });

  it('shows the audit log and verifies its chain', async () => {
    await page.getByTestId('nav-audit').click();
    await expect
      .poll(() => page.getByTestId('audit-table').textContent())
      .toContain('registry.imported');
    await page.getByTestId('audit-verify').click();
    await expect.poll(() => page.getByTestId('audit-verify-result').textContent()).toMatch(/\d+/);
    await shot('08-audit');
  });
});
