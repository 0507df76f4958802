import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../src/core/auth/policy.js';
import { createServices, type Services } from '../src/services/index.js';
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
const CSAF = fileURLToPath(
  new URL('../../shared/data/csaf/cisa-ics/icsa-24-011-03.json', import.meta.url),
);
const VIEWPORT = { width: 1400, height: 1000 };
const OPERATOR = '星河电力有限公司';
const UNRELATED = '南岭能源有限公司';
const TITLE_ZH = 'Rapid SCADA 存在多个严重漏洞';
const TITLE_EN = 'Multiple critical vulnerabilities in Rapid SCADA';

(CHROMIUM_AVAILABLE ? describe : describe.skip)('advisories and early warnings in Chromium', () => {
  let test: TestDatabase;
  let app: FastifyInstance;
  let browser: Browser;
  let page: Page;
  let operatorContext: BrowserContext | undefined;
  let visitorContext: BrowserContext | undefined;
  let services: Services;
  const dir = mkdtempSync(join(tmpdir(), 'fenghuo-browser-advisories-'));
  let base = '';
  let operatorId = '';
  let plantId = '';
  let backupId = '';
  let warningId = '';

  const shot = (name: string, on: Page = page) => screenshot(on, name);
  const signInAs = (on: Page, username: string) => signIn(on, base, username, PASSWORD);
  const importFile = async (path: string) => {
    await page.goto(`${base}/advisories`);
    await page.getByTestId('advisory-import-file').locator('input[type=file]').setInputFiles(path);
    await page.getByTestId('advisory-import-submit').click();
  };

  beforeAll(async () => {
    test = await freshSqlite();
    services = createServices(test.database, { delivery: { publicUrl: 'http://fenghuo.test' } });
    const create = (o: Parameters<typeof organisationFields>[0]) =>
      services.registry.createOrganisation(SYSTEM, organisationFields(o));
    const centre = await create({
      kind: 'coordinator',
      nameZh: '国家网络安全协调中心',
      nameEn: 'National Cybersecurity Coordination Centre',
      sector: null,
      region: 'CN-BJ',
    });
    const operator = await create({
      kind: 'operator',
      parentId: centre.id,
      nameZh: OPERATOR,
      nameEn: 'Xinghe Power Co., Ltd.',
      sector: 'energy',
      region: 'CN-GD',
    });
    // Same sector and region, but nothing the advisory speaks of.
    const unrelated = await create({
      kind: 'operator',
      parentId: centre.id,
      nameZh: UNRELATED,
      nameEn: 'Nanling Energy Co., Ltd.',
      sector: 'energy',
      region: 'CN-GD',
    });
    operatorId = operator.id;
    const scada = {
      kind: 'system',
      vendor: 'Rapid Software LLC',
      product: 'Rapid SCADA',
      cii: false,
      internetFacing: false,
    };
    plantId = (
      await services.registry.createAsset(SYSTEM, operator.id, {
        ...scada,
        name: 'Plant SCADA',
        version: '5.8.0',
      })
    ).id;
    backupId = (
      await services.registry.createAsset(SYSTEM, operator.id, {
        ...scada,
        name: 'Backup SCADA',
        version: '5.7.2',
      })
    ).id;
    await services.registry.createAsset(SYSTEM, unrelated.id, {
      kind: 'system',
      name: 'Billing',
      vendor: 'Kingdee',
      product: 'EAS',
      version: '8.5',
      cii: false,
      internetFacing: false,
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
    await operatorContext?.close();
    await visitorContext?.close();
    await browser?.close();
    await app?.close();
    await test?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('an invalid CSAF document is refused with the validator tests it fails', async () => {
    await signInAs(page, 'coordinator');
    const broken = JSON.parse(readFileSync(CSAF, 'utf8')) as {
      document: { tracking: Record<string, unknown> };
      vulnerabilities: { cve: string }[];
    };
    delete broken.document.tracking.id;
    broken.vulnerabilities[0]!.cve = 'CVE-24-1';
    const path = join(dir, 'broken.json');
    writeFileSync(path, JSON.stringify(broken));
    await importFile(path);
    const refused = page.getByTestId('advisory-import-refused');
    await expect.poll(() => refused.textContent()).toContain('csaf_2_0_strict');
    expect(await refused.textContent()).toContain('/document/tracking');
    expect(await refused.textContent()).toContain('/vulnerabilities/0/cve');
    await shot('advisories-01-refused');
  });

  it('the coordinator imports the CISA advisory, which matches both SCADA systems by version range', async () => {
    await importFile(CSAF);
    await page.getByTestId('advisory-import-result').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('advisory-import-created').textContent()).toBe('1');
    await expect
      .poll(() => page.getByTestId('advisory-table').textContent())
      .toContain('ICSA-24-011-03');
    await shot('advisories-02-imported');

    await page.locator('[data-testid^="advisory-import-open-"]').click();
    await expect
      .poll(() => page.getByTestId('advisory-source-id').textContent())
      .toBe('ICSA-24-011-03');
    const matches = page.getByTestId('advisory-matches');
    await expect.poll(() => matches.textContent()).toContain(OPERATOR);
    expect(await matches.textContent()).not.toContain(UNRELATED);
    expect(await page.getByTestId(`match-${plantId}`).textContent()).toContain('Plant SCADA');
    expect(await page.getByTestId(`match-${backupId}`).textContent()).toContain('5.7.2');
    expect(await page.getByTestId(`match-confidence-${plantId}`).textContent()).toBe('版本范围');
    expect(await page.getByTestId(`match-confidence-${backupId}`).textContent()).toBe('版本范围');
    expect(await page.getByTestId('advisory-products').textContent()).toContain('<=5.8.4');
    expect(await page.getByTestId('advisory-revisions').textContent()).toContain('first import');
    await shot('advisories-03-detail');
  });

  it(
    'the coordinator drafts an orange public warning from it, previews the recipients, saves and issues it',
    { timeout: 60_000 },
    async () => {
      await page.getByTestId('advisory-issue-warning').click();
      await expect.poll(() => page.url()).toMatch(/\/warnings\/new\?advisory=/);
      // The advisory is chosen already, and with it the organisations it matches.
      await expect
        .poll(() => page.getByTestId('warning-advisory').textContent())
        .toContain('ICSA-24-011-03');
      expect(await page.getByTestId('warning-matched').getAttribute('aria-checked')).toBe('true');
      await page.getByTestId('warning-level-orange').click();
      await page.getByTestId('warning-titleZh').fill(TITLE_ZH);
      await page
        .getByTestId('warning-bodyZh')
        .fill('Rapid SCADA 5.8.4 及以下版本存在路径遍历等漏洞。');
      await page.getByTestId('warning-measuresZh').fill('限制网络访问，联系厂商获取更新。');
      await page.getByTestId('warning-titleEn').fill(TITLE_EN);
      await page
        .getByTestId('warning-bodyEn')
        .fill('Rapid SCADA 5.8.4 and earlier allow path traversal and more.');
      await page
        .getByTestId('warning-measuresEn')
        .fill('Restrict network access and contact the vendor for updates.');
      await page.getByTestId('warning-public').click();

      await page.getByTestId('warning-preview-button').click();
      await page.getByTestId('warning-preview').waitFor();
      expect(await page.getByTestId('preview-total').textContent()).toBe('1');
      expect(await page.getByTestId(`preview-reasons-${operatorId}`).textContent()).toBe(
        '资产匹配',
      );
      expect(await page.getByTestId(`preview-assets-${operatorId}`).textContent()).toBe('2');
      const previewed = await page.getByTestId('preview-table').textContent();
      expect(previewed).toContain(OPERATOR);
      expect(previewed).not.toContain(UNRELATED);
      expect(await page.getByTestId('preview-refusal').count()).toBe(0);
      await shot('advisories-04-warning-preview');

      await page.getByTestId('warning-save').click();
      await expect.poll(() => page.url()).toMatch(/\/warnings\/[0-9a-f-]{36}\/edit$/);
      warningId = /\/warnings\/([0-9a-f-]{36})\/edit$/.exec(page.url())![1]!;
      expect((await services.warnings.get(SYSTEM, warningId)).state).toBe('draft');
      // The address changes before the saved draft's form is shown: wait for the form.
      await expect
        .poll(() => page.getByTestId('warning-editor-title').textContent())
        .toBe('编辑预警草稿');
      expect(await page.getByTestId('warning-titleZh').inputValue()).toBe(TITLE_ZH);
      await page.getByTestId('warning-issue').click();
      await page.locator('.ant-popconfirm-buttons .ant-btn-primary').click();
      await expect.poll(() => page.url()).toBe(`${base}/warnings/${warningId}`);
      await expect.poll(() => page.getByTestId('warning-state').textContent()).toBe('已发布');
      await shot('advisories-05-warning-issued');
      const issued = await services.warnings.get(SYSTEM, warningId);
      expect(issued).toMatchObject({ state: 'issued', level: 'orange', public: true });
      expect(issued.recipientCount).toBe(1);
    },
  );

  it(
    'the operator finds the warning, acknowledges it and marks Plant SCADA patched',
    { timeout: 60_000 },
    async () => {
      operatorContext = await browser.newContext({ viewport: VIEWPORT });
      const operator = await operatorContext.newPage();
      await signInAs(operator, 'xinghe');
      await operator.getByTestId('nav-warnings').click();
      await expect
        .poll(() => operator.getByTestId('warning-table').textContent())
        .toContain(TITLE_ZH);
      await operator.getByTestId(`warning-link-${warningId}`).click();
      await expect.poll(() => operator.getByTestId('warning-title').textContent()).toBe(TITLE_ZH);
      expect(await operator.getByTestId('response-level').textContent()).toBe('橙色预警');
      await expect
        .poll(() => operator.getByTestId('response-assets').textContent())
        .toContain('Backup SCADA');

      await operator.getByTestId('response-acknowledge').click();
      await operator.getByTestId('response-acknowledged').waitFor();

      await operator.getByTestId(`response-${plantId}`).click();
      await operator.locator('.ant-select-item-option', { hasText: '已修补' }).click();
      await operator.getByTestId(`response-reason-${plantId}`).fill('已升级至 5.8.5');
      await operator.getByTestId('response-save').click();
      await expect
        .poll(() => operator.getByTestId(`response-saved-${plantId}`).textContent())
        .toBe('已修补');
      expect(await operator.getByTestId(`response-saved-${backupId}`).count()).toBe(0);
      // One system still unanswered: the warning is not yet remediated.
      expect(await operator.getByTestId('response-remediated').textContent()).toBe('—');
      await shot('advisories-06-operator-response', operator);
    },
  );

  it('the coordinator’s tracking page counts the operator acknowledged, not yet remediated', async () => {
    await page.goto(`${base}/warnings/${warningId}`);
    await expect.poll(() => page.getByTestId('coverage-acknowledged').textContent()).toBe('1');
    expect(await page.getByTestId('coverage-total').textContent()).toBe('1');
    expect(await page.getByTestId('coverage-remediated').textContent()).toBe('0');
    await expect.poll(() => page.getByTestId('recipients-table').textContent()).toContain(OPERATOR);
    expect(await page.getByTestId(`recipient-acknowledged-${operatorId}`).textContent()).not.toBe(
      '—',
    );
    expect(await page.getByTestId(`recipient-remediated-${operatorId}`).textContent()).toBe('—');
    await page.getByTestId('chart-coverage-sector').waitFor();
    await page.getByTestId('chart-coverage-timeline').waitFor();
    await shot('advisories-07-tracking');

    const view = await services.warnings.recipientView(SYSTEM, warningId, operatorId);
    expect(view.acknowledgedAt).not.toBeNull();
    expect(view.remediatedAt).toBeNull();
    const answers = Object.fromEntries(view.assets.map((a) => [a.assetName, a.response]));
    expect(answers).toEqual({ 'Plant SCADA': 'patched', 'Backup SCADA': null });
  });

  it('without a login, /bulletins shows the public warning and the Atom feed carries it', async () => {
    visitorContext = await browser.newContext({ viewport: VIEWPORT });
    const visitor = await visitorContext.newPage();
    await visitor.goto(`${base}/bulletins`);
    const bulletin = visitor.getByTestId(`bulletin-${warningId}`);
    await expect.poll(() => bulletin.textContent()).toContain(TITLE_ZH);
    expect(await bulletin.textContent()).toContain('橙色预警');
    expect(await visitor.getByTestId('user-name').count()).toBe(0);
    await shot('advisories-08-bulletins', visitor);
    await visitor.getByTestId('lang-switch').click();
    await expect.poll(() => bulletin.textContent()).toContain(TITLE_EN);
    expect(await visitor.getByTestId('bulletins-atom').getAttribute('href')).toBe(
      '/bulletins.atom?lang=en',
    );

    const atom = await fetch(`${base}/bulletins.atom`);
    expect(atom.headers.get('content-type')).toContain('application/atom+xml');
    const feed = await atom.text();
    expect(feed).toContain(TITLE_ZH);
    expect(feed).toContain(warningId);
    expect(await (await fetch(`${base}/bulletins.atom?lang=en`)).text()).toContain(TITLE_EN);
  });
});
