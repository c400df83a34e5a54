import { readFileSync } from 'node:fs';
import { decodeJwt } from 'jose';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ListeningService } from '#service';
import { type OfflineBrowser, offlineBrowser, saveScreenshot, seededCases, startGateway } from '#test-kit';
import { DEMO_CASE_REFERENCE } from '../gateway/dev-identities.ts';
import { createGatewayService } from '../gateway/server.ts';

const gatewayUrl = inject('gatewayUrl');

/** The text of one of GraphiQL's Monaco editors (the headers, the response), whole, not only the lines on screen. */
const editorText = (page: Page, file: 'request-headers.json' | 'response.json') =>
  page.evaluate(
    (name) =>
      (globalThis as any).monaco.editor
        .getModels()
        .find((model: any) => model.uri.path.endsWith(name))
        ?.getValue() as string | undefined,
    file,
  );

/** What a person reads in one part of the page: Monaco draws spaces as no-break spaces. */
const shown = async (page: Page, selector: string) =>
  ((await page.locator(selector).first().textContent()) ?? '').replaceAll('\u00a0', ' ');

describe('the explorer, in a browser that reaches nothing but the gateway', () => {
  const demo = seededCases().find((c) => c.reference === DEMO_CASE_REFERENCE)!;
  let browser: OfflineBrowser;
  let page: Page;
  beforeAll(async () => {
    browser = await offlineBrowser();
    page = await (await browser.context()).newPage();
    await page.setViewportSize({ width: 1440, height: 900 });
  });
  afterAll(() => browser?.close());

  it("is served at the graph's URL and loads whole from the gateway", async () => {
    const response = await page.goto(gatewayUrl);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-type']).toMatch(/text\/html/);
    await page.locator('.graphiql-container').first().waitFor({ timeout: 30_000 });
    await page.locator('.graphiql-execute-button').waitFor();
    expect(browser.blocked).toEqual([]);
  });

  it("offers the demo world's people", async () => {
    const options = await page.locator('#explorer-identity option').allTextContents();
    expect(options).toHaveLength(11);
    expect(options).toContainEqual(expect.stringContaining(demo.investigation!.investigatingOfficer));
    expect(options).toContainEqual(expect.stringMatching(/^Special Committee/));
    expect(options).toContainEqual(expect.stringMatching(/^Anonymous/));
  });

  it('puts a fresh token for the chosen person, and the demo case as the purpose, in the headers', async () => {
    await page.selectOption('#explorer-identity', 'investigating-officer');
    await page.waitForFunction(() => document.body.dataset.identity === 'investigating-officer', null, { timeout: 15_000 });
    const headers = JSON.parse((await editorText(page, 'request-headers.json'))!);
    expect(headers['x-case-purpose']).toBe(DEMO_CASE_REFERENCE);
    const claims = decodeJwt(headers.Authorization.replace(/^Bearer /, ''));
    expect(claims).toMatchObject({ agency: 'SSOIU', sub: demo.investigation!.investigatingOfficerId, province: demo.province });
    await expect.poll(() => page.textContent('#explorer-identity-status')).toContain('fresh token');
  });

  it('runs the query for the demo case as that person and shows the answer', async () => {
    await page.click('.graphiql-execute-button');
    await expect.poll(() => shown(page, '.graphiql-response'), { timeout: 30_000 }).toContain(demo.fir!.number);
    expect(await shown(page, '.graphiql-response')).toContain(demo.investigation!.investigatingOfficer);
    const answer = JSON.parse((await editorText(page, 'response.json'))!);
    expect(answer.errors).toBeUndefined();
    expect(answer.data.caseByReference).toMatchObject({
      reference: DEMO_CASE_REFERENCE,
      fir: { number: demo.fir!.number },
      trial: { caseNumber: demo.trial!.caseNumber },
    });
  });

  it('says in the docs who may read each field, and leaves a screenshot for the README', async () => {
    await page.click('[aria-label="Show Documentation Explorer"]');
    await page
      .locator('a.graphiql-doc-explorer-type-name', { hasText: /^Query$/ })
      .first()
      .click();
    await page
      .locator('a.graphiql-doc-explorer-field-name', { hasText: /^caseByReference$/ })
      .first()
      .click();
    await page
      .locator('a.graphiql-doc-explorer-type-name', { hasText: /^Case$/ })
      .first()
      .click();
    await expect
      .poll(() => shown(page, '.graphiql-doc-explorer'))
      .toContain('Who may read: ARCC: own cell; SSOIU: same province; PROSECUTION: assigned; COURT: assigned; SUPPORT_ADVISER: assigned.');
    expect(
      readFileSync(await saveScreenshot(page, 'explorer.png'))
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
  });

  it('made no request to anything but the gateway', () => {
    expect(browser.blocked).toEqual([]);
  });
});

describe('the landing page setting', () => {
  let sandbox: ListeningService;
  beforeAll(async () => {
    sandbox = await startGateway({ ...process.env, LANDING_PAGE: 'sandbox' }, inject('subgraphUrls'));
  });
  afterAll(() => sandbox?.stop());

  it('serves the explorer by default in development, with no address outside the gateway', async () => {
    const html = await (await fetch(gatewayUrl, { headers: { accept: 'text/html' } })).text();
    expect(html).toContain('YogaGraphiQL.renderYogaGraphiQL');
    expect(html).not.toContain('apollographql.com');
    expect(html).not.toMatch(/<(script|link)[^>]+(src|href)="https?:/);
  });

  it('keeps the Apollo Sandbox for LANDING_PAGE=sandbox, without its telemetry', async () => {
    const html = await (await fetch(sandbox.url, { headers: { accept: 'text/html' } })).text();
    expect(html).toContain('embeddable-sandbox');
    expect(html).toContain('"runTelemetry":false');
    expect(html).not.toContain('"runTelemetry":true');
  });

  it('refuses a landing page it does not know', async () => {
    await expect(createGatewayService({ env: { ...process.env, LANDING_PAGE: 'graphiql' } })).rejects.toThrow(
      /LANDING_PAGE must be one of explorer, sandbox, off/,
    );
  });
});
