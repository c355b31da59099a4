import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, test as base, type Page, type Worker } from '@playwright/test';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../sandbox/server';
import { configureForSandbox, launchWithExtension, openPopupFor } from '../harness/browser';
import { goToProduct42 } from './page';

/**
 * The e2e fixtures: each test gets its own browser profile with the extension loaded and its own
 * sandbox standing in for Datadog, so tests never see each other's sessions or snapshots.
 */
interface Fixtures {
  /** Extra sandbox options for a spec (`test.use({ sandboxOptions })`), e.g. more Datadog orgs. */
  sandboxOptions: SandboxOptions;
  sandbox: Sandbox;
  context: BrowserContext;
  serviceWorker: Worker;
  extensionId: string;
  /** Open the popup for a page's tab. */
  popupFor: (page: Page) => Promise<Page>;
  /** Open a sandbox page (e.g. `/demo/no-rum.html`) in a new tab. */
  openDemo: (path: string) => Promise<Page>;
  /** Open the demo SPA and move to `/demo/products/42` through its client-side router. */
  openDemoProduct: () => Promise<Page>;
}

export const test = base.extend<Fixtures>({
  sandboxOptions: [{}, { option: true }],
  sandbox: async ({ sandboxOptions }, use) => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'sandbox-'));
    const sandbox = await startSandbox({ ...sandboxOptions, port: 0, dataDir });
    await use(sandbox);
    await sandbox.close();
    await rm(dataDir, { recursive: true, force: true });
  },
  context: async ({ sandbox }, use) => {
    const userDataDir = await mkdtemp(path.join(tmpdir(), 'profile-'));
    const launched = await launchWithExtension(userDataDir);
    await configureForSandbox(launched.serviceWorker, sandbox);
    await use(launched.context);
    await launched.context.close();
    await rm(userDataDir, { recursive: true, force: true });
  },
  serviceWorker: async ({ context }, use) => {
    await use(context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker')));
  },
  extensionId: async ({ serviceWorker }, use) => {
    await use(new URL(serviceWorker.url()).host);
  },
  popupFor: async ({ context, serviceWorker, extensionId }, use) => {
    await use((page) => openPopupFor(context, serviceWorker, extensionId, page));
  },
  openDemo: async ({ context, sandbox }, use) => {
    await use(async (path) => {
      const page = await context.newPage();
      await page.goto(`${sandbox.url}${path}`);
      return page;
    });
  },
  openDemoProduct: async ({ openDemo }, use) => {
    await use(async () => goToProduct42(await openDemo('/demo/')));
  },
});

export { expect } from '@playwright/test';
