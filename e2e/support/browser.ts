import { type Browser, chromium, type Page } from 'playwright-core';

/**
 * The system Chromium (Debian's package): browsers cannot be downloaded here, so
 * playwright-core drives the installed one. CHROMIUM_PATH overrides its location.
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-quic',
      '--disable-sync',
    ],
  });
}

/** A page and the console errors and uncaught exceptions it has logged so far. */
export interface WatchedPage {
  page: Page;
  errors: string[];
}

/** Opens a page that records its console errors and uncaught exceptions. */
export async function newPage(browser: Browser): Promise<WatchedPage> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  return { page, errors };
}
