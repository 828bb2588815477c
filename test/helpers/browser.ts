import fs from 'node:fs';
import { type Browser, chromium, type Locator } from 'playwright-core';
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
