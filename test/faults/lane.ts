import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { type Faults, type Sandbox, startSandbox } from '../../sandbox/server';
import { goToProduct42, posthogLoaded } from '../e2e/page';
import { configureForSandbox, launchWithExtension, tabIdOf } from '../harness/browser';
import { controlWorker, type WorkerControl } from '../harness/worker-control';
import type { Provider } from './plan';

/**
 * One lane of the campaign: its own Chromium with the e2e extension, its own sandbox, one demo tab
 * per provider and an extension page to read storage and control the worker from. Lanes run side
 * by side; a lane runs its saves one after another, so a fault only ever meets its own save.
 */
export interface Lane {
  id: number;
  sandbox: Sandbox;
  context: BrowserContext;
  extensionId: string;
  /** An extension page (options.html): storage reads, the worker's CDP control, messages. */
  control: Page;
  worker: WorkerControl;
  pages: Record<Provider, { page: Page; tabId: number }>;
  close(): Promise<void>;
}

/** Kept small so saves are quick; faults are added on top of it. */
export const BASE_FAULTS: Faults = { ingestionDelayMs: 100 };
const RENDER_MS = 300;

export async function openLane(id: number): Promise<Lane> {
  const dataDir = await mkdtemp(path.join(tmpdir(), `faults-sandbox-${id}-`));
  const profile = await mkdtemp(path.join(tmpdir(), `faults-profile-${id}-`));
  const sandbox = await startSandbox({ port: 0, dataDir, faults: BASE_FAULTS });
  sandbox.posthog.setRenderMs(RENDER_MS);
  const { context, serviceWorker, extensionId } = await launchWithExtension(profile);
  await configureForSandbox(serviceWorker, sandbox);
  const control = await context.newPage();
  await control.goto(`chrome-extension://${extensionId}/options.html`);
  const worker = await controlWorker(context, control);

  const datadog = context.pages()[0] ?? (await context.newPage());
  await datadog.goto(`${sandbox.url}/demo/`);
  await goToProduct42(datadog);
  const posthog = await context.newPage();
  await posthog.goto(`${sandbox.url}/demo/posthog.html`);
  await posthogLoaded(posthog);
  // Tab ids are read once, while the worker surely runs: later the worker may be stopped on purpose,
  // and evaluating in a stopped worker hangs (test/harness/worker-control.ts).
  const pages = {
    datadog: { page: datadog, tabId: await tabIdOf(serviceWorker, datadog) },
    posthog: { page: posthog, tabId: await tabIdOf(serviceWorker, posthog) },
  };
  return {
    id,
    sandbox,
    context,
    extensionId,
    control,
    worker,
    pages,
    async close() {
      await context.close().catch(() => undefined);
      await sandbox.close().catch(() => undefined);
      await rm(dataDir, { recursive: true, force: true });
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** The demo tab of `provider`, back where a save starts (product 42; PostHog loaded). */
export async function readyPage(lane: Lane, provider: Provider): Promise<Page> {
  const { page } = lane.pages[provider];
  if (provider === 'datadog') {
    if (!page.url().endsWith('/demo/products/42')) await goToProduct42(page);
  } else {
    await posthogLoaded(page);
  }
  return page;
}

/** The popup as a page aimed at the provider's demo tab (tests cannot click the toolbar). */
export async function openPopup(lane: Lane, provider: Provider): Promise<Page> {
  const popup = await lane.context.newPage();
  await popup.setViewportSize({ width: 380, height: 720 });
  await popup.goto(`chrome-extension://${lane.extensionId}/popup.html?tabId=${lane.pages[provider].tabId}`);
  return popup;
}

/** What the provider holds under `name` (Datadog snapshots; PostHog saved heatmaps not deleted). */
export function resourcesNamed(lane: Lane, provider: Provider, name: string): string[] {
  const state = lane.sandbox.state();
  return provider === 'datadog'
    ? state.snapshots.filter((s) => s.attributes.snapshot_name === name).map((s) => s.id)
    : state.posthog.saved_heatmaps.filter((h) => h.name === name && !h.deleted).map((h) => h.id);
}
