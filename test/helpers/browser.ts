import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContextOptions, chromium, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';

/** Debian's Chromium (apt-get install chromium), or CHROMIUM_PATH. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Whether browser tests can run here. Without Chromium they are skipped on a developer's
 * machine, but in CI (`CI` set) a missing browser is an error: CI must never silently skip
 * the browser flows (DESIGN.md "Contracts": CI installs it and must not skip them).
 */
export function browserAvailable(): boolean {
  if (fs.existsSync(CHROMIUM_PATH)) return true;
  if (process.env.CI) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: CI must run the browser tests. ` +
        'Install it (apt-get install -y chromium fonts-noto-cjk) or set CHROMIUM_PATH.',
    );
  }
  return false;
}

/** Launches headless Chromium with the flags that keep it quiet and offline-friendly. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Waits until the locator's text contains `text` (playwright-core has no `expect`; vitest's
 * `expect.poll` retries the read until it passes) and returns the text.
 */
export async function waitForText(locator: Locator, text: string, timeout = 30_000): Promise<string> {
  let last = '';
  await expect
    .poll(
      async () => {
        // Each read waits briefly, so a missing element is retried within the whole window
        // instead of one read spending all of it (CI runs two test files on two cores).
        last = (await locator.textContent({ timeout: 1_000 }).catch(() => null)) ?? '';
        return last;
      },
      { timeout, interval: 100 },
    )
    .toContain(text);
  return last;
}

/** Waits until the locator is visible. */
export function visible(locator: Locator, timeout = 30_000): Promise<void> {
  return locator.first().waitFor({ state: 'visible', timeout });
}

/** The built web app the e2e servers serve; fails clearly when it has not been built. */
export function requireWebDist(): string {
  const webDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');
  if (!fs.existsSync(path.join(webDist, 'index.html')))
    throw new Error('web/dist is missing: run `node scripts/ensure-web-build.mjs` (npm test does it first)');
  return webDist;
}

/**
 * A page in a fresh Chinese-locale context whose page errors and console errors go to `problems`
 * (expected HTTP errors — 401 before login, 404 out of scope — are logged by the browser itself
 * as "Failed to load resource" and are not problems).
 */
export async function newPage(
  browser: Browser,
  problems: string[],
  options: BrowserContextOptions = {},
): Promise<Page> {
  const context = await browser.newContext({
    locale: 'zh-CN',
    viewport: { width: 1366, height: 900 },
    // The app turns antd's animations off for users who ask for reduced motion. Tests browse that
    // way: on a loaded machine a click computed while a dialog or dropdown was still zooming in
    // landed beside its target (CI saw a dialog's 确定 click land in the text area above it).
    reducedMotion: 'reduce',
    ...options,
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(m.text());
  });
  return page;
}

/**
 * Picks the option `text` (the whole text when `exact`) in the open dropdown of the select `select`
 * and waits until the select shows it. (Clicks once: the pages run without animations, see
 * `newPage`, so the list is in place when the click lands.)
 */
export async function pickOption(page: Page, select: Locator, text: string, exact = false): Promise<void> {
  await page
    .locator('.ant-select-item-option')
    .filter({ hasText: exact ? new RegExp(`^${text}$`) : text })
    .click();
  await waitForText(select, text);
}

/** Runs `work` on `page`, saving a full-page screenshot to `screenshot` if it fails; closes the context. */
export async function screenshotOnFailure(
  page: Page,
  screenshot: string,
  work: (page: Page) => Promise<void>,
): Promise<void> {
  try {
    await work(page);
  } catch (e) {
    await page.screenshot({ path: screenshot, fullPage: true }).catch(() => {});
    throw e;
  } finally {
    await page.context().close();
  }
}

/** Opens the app, is sent to the login page and signs in through the form. */
export async function signIn(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.waitForURL(/\/login$/);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
}
