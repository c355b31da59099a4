import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { type Sandbox, startSandbox } from '../../sandbox/server';
import type { InternalContext } from '../e2e/page';
import { sandboxSettings } from '../harness/browser';
import { ExtensionPage } from './dom';
import { EXTENSION_ORIGIN, FirefoxSession } from './firefox';

/**
 * One Firefox per test file (a launch costs seconds of the suite's 3-minute budget), one sandbox
 * per test (its own snapshots and heatmaps), and the extension's storage emptied between tests.
 */
export interface FirefoxFixture {
  firefox: FirefoxSession;
  sandbox: Sandbox;
  /** Opens a sandbox page (e.g. `/demo/no-rum.html`) in its own window. */
  openDemo(pagePath: string): Promise<Page>;
  /** Opens the popup, aimed at the tab showing `page`, in its own window (the page stays in front in its own). */
  popupFor(page: Page): Promise<ExtensionPage>;
  openOptions(): Promise<ExtensionPage>;
}

export function useFirefox(): FirefoxFixture {
  const fixture = {} as FirefoxFixture;
  let dataDir = '';
  beforeAll(async () => {
    fixture.firefox = await FirefoxSession.launch();
  });
  afterAll(async () => {
    await fixture.firefox?.close();
  });
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'sandbox-firefox-'));
    fixture.sandbox = await startSandbox({ port: 0, dataDir });
    await fixture.firefox.inBackground(
      `await browser.storage.local.clear(); await browser.storage.local.set(${JSON.stringify(sandboxSettings(fixture.sandbox))});`,
    );
  });
  afterEach(async () => {
    // Windows of this test go, so the next one's tab ids and captures see only its own.
    for (const page of await fixture.firefox.browser.pages()) {
      if (page.url().startsWith('http')) await page.close();
    }
    await fixture.firefox.inBackground(`
      for (const tab of await browser.tabs.query({})) {
        if (tab.url?.startsWith(${JSON.stringify(EXTENSION_ORIGIN)})) await browser.tabs.remove(tab.id);
      }
    `);
    await fixture.sandbox.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  fixture.openDemo = (pagePath) => fixture.firefox.openPage(`${fixture.sandbox.url}${pagePath}`);
  fixture.popupFor = async (page) => {
    const tabId = await fixture.firefox.tabIdOf(page.url());
    return new ExtensionPage(
      fixture.firefox,
      await fixture.firefox.openExtensionPage(`popup.html?tabId=${tabId}`),
    );
  };
  fixture.openOptions = async () =>
    new ExtensionPage(fixture.firefox, await fixture.firefox.openExtensionPage('options.html'));
  return fixture;
}

/** What the page's real SDK says about itself: the ground truth (read over BiDi, as text: see firefox.ts). */
export async function internalContext(page: Page): Promise<InternalContext> {
  const handle = await page.waitForFunction(
    'window.DD_RUM?.getInternalContext?.()?.view ? window.DD_RUM.getInternalContext() : undefined',
    { timeout: 15_000 },
  );
  return (await handle.jsonValue()) as InternalContext;
}

/** On the demo SPA, move to a product page through its client-side router, as a person would. */
export async function openDemoProduct(fixture: FirefoxFixture): Promise<Page> {
  const page = await fixture.openDemo('/demo/');
  await internalContext(page);
  await page.evaluate(
    `[...document.querySelectorAll('a')].find((link) => link.textContent.trim() === 'Product 42').click()`,
  );
  await page.waitForFunction(
    "window.DD_RUM?.getInternalContext?.()?.view?.url.endsWith('/demo/products/42') && location.pathname === '/demo/products/42'",
    { timeout: 15_000 },
  );
  return page;
}
