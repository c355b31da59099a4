import type { Page, Worker } from '@playwright/test';
import { tabIdOf } from '../harness/browser';
import { expect, test } from './fixtures';
import { posthogLoaded } from './page';

/**
 * The slice of the extension API, and of the e2e build's global, this test calls in the service
 * worker. Tests cannot click the context menu or press a browser shortcut, so the e2e build keeps
 * the listeners it registered for them reachable (lib/background/context-menu.ts).
 */
declare const chrome: {
  notifications: { getAll(): Promise<Record<string, boolean>> };
  action: { getBadgeText(details: object): Promise<string> };
};
declare const oneActionListeners: {
  onMenuClicked(info: { menuItemId: string }, tab: { id: number }): void;
  onCommand(command: string, tab: { id: number }): Promise<void>;
};

const DATE = String.raw`\d{4}-\d{2}-\d{2} \d{2}:\d{2}`;

async function clickMenu(serviceWorker: Worker, page: Page): Promise<number> {
  const tabId = await tabIdOf(serviceWorker, page);
  await serviceWorker.evaluate(
    (id) => oneActionListeners.onMenuClicked({ menuItemId: 'save-heatmap-snapshot' }, { id }),
    tabId,
  );
  return tabId;
}

async function pressSaveNow(serviceWorker: Worker, page: Page): Promise<number> {
  const tabId = await tabIdOf(serviceWorker, page);
  await serviceWorker.evaluate(
    (id) => oneActionListeners.onCommand('save-heatmap-snapshot-now', { id }),
    tabId,
  );
  return tabId;
}

const notificationIds = (serviceWorker: Worker) =>
  serviceWorker.evaluate(async () => Object.keys(await chrome.notifications.getAll()));

test('the context menu item saves one Datadog snapshot with the popup’s defaults and notifies', async ({
  sandbox,
  serviceWorker,
  openDemoProduct,
}) => {
  const page = await openDemoProduct();
  const tabId = await clickMenu(serviceWorker, page);

  await expect.poll(() => sandbox.state().snapshots.length, { timeout: 60_000 }).toBe(1);
  expect(sandbox.state().snapshots[0]?.attributes).toEqual(
    expect.objectContaining({
      view_name: '/demo/products/?',
      snapshot_name: expect.stringMatching(new RegExp(`^/demo/products/\\? · ${DATE}$`)),
      device_type: 'desktop',
      is_device_type_selected_by_user: false,
    }),
  );
  const ids = await notificationIds(serviceWorker);
  expect(ids).toEqual([expect.stringMatching(new RegExp(`^heatmap-job:${tabId}:`))]);
  // The job ended and the toolbar says so, as for a save from the popup.
  await expect.poll(() => serviceWorker.evaluate(() => chrome.action.getBadgeText({}))).toBe('✓');
  expect(sandbox.state().snapshots).toHaveLength(1);
});

test('the "Save heatmap snapshot now" shortcut saves for both providers on the page, each once', async ({
  sandbox,
  serviceWorker,
  openDemo,
}) => {
  const page = await openDemo('/demo/both.html');
  await posthogLoaded(page);
  const tabId = await pressSaveNow(serviceWorker, page);

  await expect.poll(() => sandbox.state().snapshots.length, { timeout: 60_000 }).toBe(1);
  await expect.poll(() => sandbox.state().posthog.saved_heatmaps.length, { timeout: 60_000 }).toBe(1);
  expect(sandbox.state().snapshots[0]?.attributes.snapshot_name).toMatch(new RegExp(` · ${DATE}$`));
  expect(sandbox.state().posthog.saved_heatmaps[0]?.name).toMatch(
    new RegExp(`^/demo/both\\.html · ${DATE}$`),
  );
  const ids = await notificationIds(serviceWorker);
  expect(ids).toHaveLength(2);
  for (const id of ids) expect(id).toMatch(new RegExp(`^heatmap-job:${tabId}:`));
});

test('a page without a provider saves nothing and gets a notification that leads to the popup', async ({
  sandbox,
  serviceWorker,
  openDemo,
}) => {
  const page = await openDemo('/demo/no-rum.html');
  const tabId = await clickMenu(serviceWorker, page);
  await expect
    .poll(() => notificationIds(serviceWorker))
    .toEqual([expect.stringMatching(new RegExp(`^heatmap-popup:${tabId}:`))]);
  expect(sandbox.state().snapshots).toHaveLength(0);
  expect(sandbox.state().posthog.saved_heatmaps).toHaveLength(0);
});
