/**
 * Issue 15, items 4 and 5: the committee's dashboard page in Debian's Chromium, on a network that reaches
 * localhost only, against the graph project's stack (the seeded demo world). What a committee member would
 * see: the funnel's six stages, a withheld figure marked with its reason, each section's CSV as the graph
 * wrote it; what anyone else sees: a refusal. Saves docs/screenshots/dashboard.png for the README.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { graphql, type OfflineBrowser, offlineBrowser, saveScreenshot, tokenFor } from '#test-kit';
import { DASHBOARD_PAGE_QUERY } from '../gateway/dashboard/query.ts';
import { figureText, withheldText } from '../gateway/dashboard/figures.ts';

const gatewayUrl = inject('gatewayUrl');
const dashboardUrl = new URL('/dashboard', gatewayUrl).href;
/** Punjab in 2025: in the demo world, its verdicts and convictions are few enough to be withheld. */
const CHOICE = { period: '2025', province: 'PUNJAB' };
const STAGES = ['Reported', 'FIR registered', 'Charge sheet filed', 'On trial', 'Verdict given', 'Conviction'];
/** The first year's figures are computed on the first request (the test stack prepares none at start). */
const FIGURES_TIMEOUT = 180_000;

let browser: OfflineBrowser;
/** What the pages said went wrong: script errors, CSP refusals, failed loads. */
const problems: string[] = [];
let graphAnswer: any;

async function open(path = dashboardUrl): Promise<Page> {
  const context = await browser.context();
  const page = await context.newPage();
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('requestfailed', (request) => problems.push(`failed: ${request.url()}`));
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(path);
  return page;
}

beforeAll(async () => {
  browser = await offlineBrowser();
  const answer = await graphql(gatewayUrl, DASHBOARD_PAGE_QUERY, {
    token: await tokenFor({ agency: 'SPECIAL_COMMITTEE' }),
    variables: CHOICE,
  });
  expect(answer.errors).toBeUndefined();
  graphAnswer = answer.data.committeeDashboard;
}, FIGURES_TIMEOUT);

afterAll(async () => {
  await browser?.close();
});

describe("the committee's dashboard in a browser without internet access", () => {
  let page: Page;

  it('signs in as the committee (development) with the keyboard alone, and reads the chosen period and place', async () => {
    page = await open(`${dashboardUrl}?${new URLSearchParams(CHOICE)}`);
    const signIn = page.getByRole('button', { name: 'Sign in as the committee (development)' });
    await signIn.focus();
    await page.keyboard.press('Enter');
    const title = page.getByRole('heading', { level: 2, name: 'Figures for 2025: Punjab' });
    await title.waitFor({ timeout: FIGURES_TIMEOUT });
    // The report takes the focus, so a keyboard or screen-reader user lands on it.
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('report-title');
    expect(await page.getByRole('status').textContent()).toBe('Showing the figures for 2025, Punjab.');
  });

  it('draws the funnel from report to conviction: a chart and its table of six stages, as the graph counts them', async () => {
    const funnel = page.locator('section#funnel');
    await expect.poll(() => funnel.getByRole('img').getAttribute('aria-label')).toMatch(/^Cases reaching each stage\./);
    const rows = funnel.locator('table tbody tr');
    expect(await rows.locator('th').allTextContents()).toEqual(STAGES);
    const k = graphAnswer.smallCountThreshold;
    const counts = await rows.locator('td:nth-of-type(1)').allTextContents();
    expect(counts).toEqual(graphAnswer.attritionFunnel.stages.map((step: any) => figureText(step.count, 'count', k).text));
  });

  it('marks a withheld figure as withheld, with its reason, never as 0', async () => {
    const k = graphAnswer.smallCountThreshold;
    const withheld = graphAnswer.attritionFunnel.stages.filter((step: any) => step.count.suppressed);
    // The demo world withholds Punjab's 2025 verdicts and convictions (a small number of acquittals or convictions).
    expect(withheld.length).toBeGreaterThan(0);
    for (const step of withheld) {
      const row = page.locator('section#funnel table tbody tr').nth(graphAnswer.attritionFunnel.stages.indexOf(step));
      const cell = row.locator('td').first();
      expect(await cell.getAttribute('data-suppressed')).toBe(step.count.suppressed);
      expect(await cell.textContent()).toBe(withheldText(step.count.suppressed, k, 'count'));
      expect(await cell.textContent()).not.toMatch(/^0$/);
    }
    // The report's key says what each reason means, and the chart's caption points to it.
    await expect.poll(() => page.locator('.reasons').textContent()).toContain('COMPLEMENTARY');
    expect(await page.locator('section#funnel figcaption').textContent()).toContain('Hatched: withheld');
  });

  it("downloads each section as the graph's own CSV", async () => {
    const sections = [
      ['funnel', 'Where cases fall out, from report to conviction', graphAnswer.attritionFunnel.csv],
      ['cases', 'Reports over time, and the medico-legal examination against its target', graphAnswer.cases.csv],
      ['courts', 'Trials and the conviction rate', graphAnswer.courts.csv],
      ['register', 'The register’s compliance', graphAnswer.register.csv],
      ['crisis-cells', 'The crisis cells’ capacity use', graphAnswer.crisisCells.csv],
    ];
    for (const [id, title, csv] of sections) {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: `Download “${title}” as CSV` }).click(),
      ]);
      expect(download.suggestedFilename()).toBe(`committee-${id}-2025-punjab.csv`);
      const path = await download.path();
      expect(readFileSync(path, 'utf8')).toBe(csv);
    }
    expect(graphAnswer.attritionFunnel.csv).toMatch(/^period,province,district,metric,key,value,suppressed\r\n/);
  });

  it('saves the screenshot the README shows', async () => {
    // The page down to the end of the funnel: the choice, the key of withheld figures and the funnel itself.
    const bottom = await page.locator('section#funnel').evaluate((section) => section.getBoundingClientRect().bottom + window.scrollY + 16);
    await page.setViewportSize({ width: 1280, height: Math.ceil(bottom) });
    await page.evaluate(() => window.scrollTo(0, 0));
    // Chart.js redraws a chart whose box changed on the next frame.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    expect(
      readFileSync(await saveScreenshot(page, 'dashboard.png'))
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
  });

  it('prints as a report: the controls left out, every section and table kept', async () => {
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('#choose').isVisible()).toBe(false);
    expect(
      await page
        .getByRole('button', { name: /as CSV$/ })
        .first()
        .isVisible(),
    ).toBe(false);
    expect(await page.locator('section.report-section').count()).toBe(5);
    expect(await page.locator('section#crisis-cells table').first().isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });
  });

  it("refuses anyone but the committee with a clear message, and shows none of the committee's figures", async () => {
    const other = await open();
    await other.getByLabel('Access token').fill(await tokenFor({ agency: 'NPB' }));
    await other.getByRole('button', { name: 'Sign in', exact: true }).click();
    const alert = other.getByRole('alert');
    await expect.poll(() => alert.textContent(), { timeout: FIGURES_TIMEOUT }).toContain('This dashboard is for the Special Committee');
    expect(await alert.textContent()).toContain('the National Police Bureau’s (NPB)');
    expect(await other.locator('#report').isVisible()).toBe(false);
    expect(await other.getByLabel('Access token').isVisible()).toBe(true);
    expect(await other.locator('td').count()).toBe(0);
  });

  it('says so when a token is not valid', async () => {
    const other = await open();
    await other.getByLabel('Access token').fill('not-a-token');
    await other.getByLabel('Access token').press('Enter');
    await expect.poll(() => other.getByRole('alert').textContent()).toContain('The token was not accepted');
  });

  it('asked for nothing but the gateway, and nothing failed', () => {
    expect(browser.blocked).toEqual([]);
    expect(problems.filter((problem) => !problem.includes('401'))).toEqual([]);
  });
});
