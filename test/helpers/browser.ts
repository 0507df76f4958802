import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildApp } from '../../src/server/app.js';
import type { Services } from '../../src/services/index.js';

export const CHROMIUM = '/usr/bin/chromium';
/** The built web app, which test/global-setup.ts builds before the run. */
export const WEB_DIR = join(import.meta.dirname, '..', '..', 'dist', 'web');
const ARTIFACTS = join(import.meta.dirname, '..', 'artifacts');

/** CI installs Chromium and must run the browser tests; a developer machine without it skips them. */
export const CHROMIUM_AVAILABLE = existsSync(CHROMIUM) || process.env.CI === 'true';

/** Debian's Chromium, headless, with the background traffic this closed network refuses turned off. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Saves a full-page screenshot under test/artifacts/ (ignored by git). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** The app with the built web pages, on a loopback port the OS chooses. */
export async function serveWeb(
  services: Services,
): Promise<{ app: FastifyInstance; base: string }> {
  const app = await buildApp({ services, webDir: WEB_DIR, logLevel: 'silent' });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, base: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
}

/** Signs in through the login page, after dropping any earlier session. */
export async function signIn(page: Page, base: string, username: string, password: string) {
  await page.context().clearCookies();
  await page.goto(`${base}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-name').waitFor();
}
