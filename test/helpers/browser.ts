import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

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
