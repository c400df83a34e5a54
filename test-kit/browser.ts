import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

/**
 * Debian's Chromium (`apt-get install chromium`), driven by playwright-core: Playwright's own browser
 * download fails on a machine without internet access. The flags keep Chromium from reaching out on its own
 * (this machine's closed network refuses those connections, many at a time); Playwright gives each
 * launch a new empty profile of its own.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const QUIET_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface OfflineBrowser {
  /** A fresh context whose every request to anything but localhost is aborted, and recorded in `blocked`. */
  context(): Promise<BrowserContext>;
  /** The requests the pages tried to make to anything but localhost, in order. */
  readonly blocked: string[];
  close(): Promise<void>;
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Headless Chromium that can reach localhost only, as on an agency network without internet access. */
export async function offlineBrowser(): Promise<OfflineBrowser> {
  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...QUIET_FLAGS] });
  const blocked: string[] = [];
  return {
    blocked,
    async context() {
      const context = await browser.newContext({ acceptDownloads: true });
      await context.route('**/*', (route) => {
        const url = new URL(route.request().url());
        if (url.protocol === 'data:' || url.protocol === 'blob:' || LOCAL_HOSTS.has(url.hostname)) return route.continue();
        blocked.push(url.href);
        return route.abort('internetdisconnected');
      });
      return context;
    },
    async close() {
      await browser.close();
    },
  };
}

const README_SCREENSHOTS = new URL('../docs/screenshots/', import.meta.url).pathname;

/**
 * Takes the page's screenshot `name` (e.g. `dashboard.png`) and says where it went: into docs/screenshots/,
 * which the README shows, when it is not there yet or UPDATE_SCREENSHOTS=1; else into `<tmpdir>/graph-screenshots/`,
 * so a test run leaves the repository as it found it (the dashboard shows the time it was read).
 */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  const readmeCopy = join(README_SCREENSHOTS, name);
  const toReadme = process.env.UPDATE_SCREENSHOTS === '1' || !existsSync(readmeCopy);
  const folder = toReadme ? README_SCREENSHOTS : join(tmpdir(), 'graph-screenshots');
  mkdirSync(folder, { recursive: true });
  const path = join(folder, name);
  await page.screenshot({ path });
  return path;
}
