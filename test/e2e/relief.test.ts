import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.ts';
import { buildApp } from '../../src/server/app.ts';
import type { App } from '../../src/server/http.ts';
import { addUser, seedMiniRegions, TEST_PASSWORD } from '../helpers/app.ts';
import {
  browserAvailable,
  launchBrowser,
  newPage,
  pickOption,
  requireWebDist,
  screenshotOnFailure,
  signIn,
  visible,
  waitForText,
} from '../helpers/browser.ts';
import { createTestDb } from '../helpers/db.ts';
import { makePerson, makeStudent, resetFactories, yearsAgo } from '../helpers/dropout-factories.ts';

// 工作要点 1 一个应急救助 in a real browser: the school's aid officer files an application (filed as
// reviewed), a county account — a different user — approves it and records the payment; the
// approval buttons never show for the applicant.

const hasBrowser = browserAvailable();

/** The select whose input has this label. */
const selectOf = (page: Page, label: string): Locator =>
  page.locator('.ant-select').filter({ has: page.getByLabel(label) });

describe.skipIf(!hasBrowser)('应急救助 in Chromium', () => {
  let database: Database;
  let app: App;
  let browser: Browser;
  let baseUrl: string;
  const problems: string[] = [];

  beforeAll(async () => {
    const webDist = requireWebDist();
    resetFactories();
    database = await createTestDb();
    await seedMiniRegions(database);
    await addUser(database, 'mx-school-e2e', 'school_aid_officer', { schoolCode: '2135000001' });
    await addUser(database, 'mx-county-e2e', 'county_aid_centre', { scopeCode: '350421' });
    const p = await makePerson(database.db, { name: '林病生', birthDate: yearsAgo(12) });
    await makeStudent(database.db, { name: '林病生', birthDate: yearsAgo(12), personId: p.id });
    app = await buildApp({ database, webDist });
    baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await database?.close();
  });

  async function withPage(username: string, work: (page: Page) => Promise<void>) {
    const page = await newPage(browser, problems);
    await screenshotOnFailure(page, `/tmp/jiaofu-e2e-relief-${username}.png`, async () => {
      await signIn(page, baseUrl, username, TEST_PASSWORD);
      await visible(page.getByTestId('app-title'));
      await work(page);
    });
  }

  const row = (page: Page) =>
    page.getByTestId('relief-table').locator('tbody tr').filter({ hasText: '林病生' });

  it('school files → county approves → county pays; the applicant cannot approve', async () => {
    await withPage('mx-school-e2e', async (page) => {
      await page.getByRole('menuitem', { name: '学生资助' }).click();
      await page.getByTestId('menu-aid-relief').click();
      // The submenu may still be unfolding when the item is clicked: click again if no navigation.
      await page.waitForURL(/\/aid\/relief$/, { timeout: 10_000 }).catch(async () => {
        await page.getByTestId('menu-aid-relief').click();
        await page.waitForURL(/\/aid\/relief$/);
      });
      await page.getByTestId('relief-apply').click();
      await page.getByLabel('救助对象').fill('林病');
      await pickOption(page, selectOf(page, '救助对象'), '林病生');
      await page.getByLabel('金额（元）').fill('-5');
      await page.getByLabel('困难类型').click();
      await pickOption(page, selectOf(page, '困难类型'), '疾病');
      await page.getByLabel('困难情况说明').fill('突发白血病住院，家庭无力承担');
      await page.getByRole('button', { name: /确\s*定/ }).click();
      await waitForText(page.getByTestId('relief-form'), '金额格式不正确');
      await page.getByLabel('金额（元）').fill('1500.50');
      await page.getByRole('button', { name: /确\s*定/ }).click();
      await waitForText(row(page), '待县级审批');
      expect(await row(page).textContent()).toContain('1,500.50');
      // Maker–checker: no approval button for the applicant.
      expect(
        await row(page)
          .getByRole('button', { name: /审批|审核|发放|不予救助/ })
          .count(),
      ).toBe(0);
    });

    await withPage('mx-county-e2e', async (page) => {
      await page.goto(`${baseUrl}/aid/relief`);
      await waitForText(row(page), '待县级审批');
      await row(page)
        .getByRole('button', { name: /县级审批/ })
        .click();
      await page.getByTestId('relief-comment').fill('情况属实，同意救助');
      await page.getByRole('button', { name: /确\s*定/ }).click();
      await waitForText(row(page), '县级已审批');
      await row(page).getByRole('button', { name: '登记发放' }).click();
      await page.getByRole('button', { name: /确\s*定/ }).click();
      await waitForText(row(page), '已发放');
      await row(page).locator('.ant-table-row-expand-icon').click();
      const steps = await waitForText(page.getByTestId('relief-steps'), '发放');
      expect(steps).toContain('学校审核');
      expect(steps).toContain('情况属实，同意救助');
      // The sibling pages open without errors (学校资助基金, 红烛暖心).
      await page.getByTestId('menu-aid-fund').click();
      await visible(page.getByTestId('fund-counties'));
      await page.getByTestId('menu-aid-care').click();
      await visible(page.getByTestId('care-pairings'));
      await page.getByRole('tab', { name: '待结对儿童' }).click();
      await visible(page.getByTestId('care-eligible'));
      await page.screenshot({ path: '/tmp/jiaofu-e2e-care.png', fullPage: true });
    });
    expect(problems).toEqual([]);
  });
});
