import path from 'node:path';
import { type BrowserContext, chromium, type Page, type Worker } from '@playwright/test';
import { CHROMIUM_PATH } from '../../sandbox/chromium';
import type { Sandbox } from '../../sandbox/server';

export { CHROMIUM_PATH };

/**
 * Driving real Chromium with the extension loaded: shared by the e2e fixtures and `npm start`.
 * The e2e build (`npm run build:e2e`) is used because tests cannot click the toolbar, so
 * `activeTab` is never granted; that build adds loopback host access instead.
 */
export const EXTENSION_DIR = path.resolve('.output/chrome-mv3-e2e');
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--window-size=1280,800',
];

/** The slice of the extension API the harness calls inside the service worker. */
interface WorkerChrome {
  storage: { local: { set(items: Record<string, unknown>): Promise<void> } };
  tabs: { query(filter: object): Promise<{ id?: number; url?: string }[]> };
  debugger: {
    attach(target: { tabId: number }, version: string): Promise<void>;
    detach(target: { tabId: number }): Promise<void>;
  };
}
declare const chrome: WorkerChrome;

/** Whether the extension can attach to the tab now: it cannot while its own earlier session is still attached. */
export function canAttach(serviceWorker: Worker, tabId: number) {
  return serviceWorker.evaluate(async (id) => {
    try {
      await chrome.debugger.attach({ tabId: id }, '1.3');
      await chrome.debugger.detach({ tabId: id });
      return 'attached and detached';
    } catch (error) {
      return String(error);
    }
  }, tabId);
}

export async function launchWithExtension(userDataDir: string, headless = true) {
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless,
    // Pages use the real window, not an emulated viewport: `tabs.captureVisibleTab` pictures the
    // window, so an emulated viewport of another size would come out scaled.
    viewport: null,
    args: [
      ...CHROMIUM_ARGS,
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
    ],
  });
  const serviceWorker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(serviceWorker.url()).host;
  return { context, serviceWorker, extensionId };
}

/**
 * The storage items the options page would write, pointing both providers at the sandbox: shared by
 * Chromium's harness and the Firefox suite (test/firefox/).
 */
export function sandboxSettings(
  sandbox: Sandbox,
  overrides: Record<string, string> = {},
  posthogOverrides: Record<string, string> = {},
) {
  const datadog = {
    site: 'datadoghq.eu',
    credential: { kind: 'keys' },
    apiUrl: sandbox.url,
    appUrl: sandbox.url,
    apiKey: sandbox.apiKey,
    appKey: sandbox.appKey,
    ...overrides,
  };
  const posthog = {
    apiUrl: sandbox.posthog.url,
    projectId: String(sandbox.posthog.projectId),
    apiKey: sandbox.posthog.fullKey,
    ...posthogOverrides,
  };
  // Stored as the extension stores settings: per provider, one profile “Default” (the default),
  // and WXT's version mark `settings$: { v }`, which must equal `settingsItem`'s `version` in
  // lib/storage/items.ts (4 now). Written out here because that module is background-only.
  const oneProfile = (settings: object) => ({
    defaultId: 'default',
    profiles: [{ id: 'default', name: 'Default', bindings: [], settings }],
  });
  return { settings: { datadog: oneProfile(datadog), posthog: oneProfile(posthog) }, settings$: { v: 4 } };
}

/** Store settings as the options page would, pointing both providers at the sandbox. */
export async function configureForSandbox(
  serviceWorker: Worker,
  sandbox: Sandbox,
  overrides: Record<string, string> = {},
  posthogOverrides: Record<string, string> = {},
) {
  await serviceWorker.evaluate(
    (items) => chrome.storage.local.set(items),
    sandboxSettings(sandbox, overrides, posthogOverrides),
  );
}

/** The browser's id for the tab showing `page` (the popup needs it, as `?tabId=`). */
export async function tabIdOf(serviceWorker: Worker, page: Page): Promise<number> {
  const url = page.url();
  const ids = await serviceWorker.evaluate(
    async (target) => (await chrome.tabs.query({})).filter((tab) => tab.url === target).map((tab) => tab.id),
    url,
  );
  if (ids.length !== 1 || typeof ids[0] !== 'number')
    throw new Error(`Expected one tab at ${url}, found ${ids.length}`);
  return ids[0];
}

/** Open the popup as a page, aimed at the tab showing `page` (tests cannot click the toolbar). */
export async function openPopupFor(
  context: BrowserContext,
  serviceWorker: Worker,
  extensionId: string,
  page: Page,
) {
  const tabId = await tabIdOf(serviceWorker, page);
  const popup = await context.newPage();
  await popup.setViewportSize({ width: 380, height: 720 });
  await popup.goto(`chrome-extension://${extensionId}/popup.html?tabId=${tabId}`);
  return popup;
}
