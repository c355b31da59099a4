import type { Page } from '@playwright/test';
import type { Sandbox } from '../../sandbox/server';
import { controlWorker } from '../harness/worker-control';
import { expect, test } from './fixtures';
import { posthogLoaded } from './page';

/**
 * Saves interrupted at every step: the service worker stopped (as Chrome does when it idles or
 * crashes) while waiting for the replay, while the create is in flight, just after Datadog stored
 * it, with nobody left to wake it, and while a long rate-limit reset pauses the save. Each ends
 * with the snapshot stored exactly once.
 */

const SNAPSHOTS = '/api/v2/replay/heatmap/snapshots';

async function startSave(popup: Page) {
  await popup.getByRole('button', { name: 'Save snapshot' }).click();
}

async function savedOnce(sandbox: Sandbox, timeout = 60_000) {
  await expect.poll(() => sandbox.state().snapshots.length, { timeout }).toBe(1);
  // Nothing more arrives later (a second create still travelling, or a resumed run).
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  expect(sandbox.state().snapshots).toHaveLength(1);
}

test('stopped while waiting for the replay: the popup wakes the worker, the save resumes, once', async ({
  sandbox,
  context,
  popupFor,
  openDemoProduct,
}) => {
  sandbox.setFaults({ ingestionDelayMs: 5_000 });
  const page = await openDemoProduct();
  const popup = await popupFor(page);
  const worker = await controlWorker(context, popup);
  await startSave(popup);
  await expect(popup.getByRole('status')).toContainText(/Waiting for Datadog/i);
  await worker.stop();
  await savedOnce(sandbox);
  await expect(popup.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible({ timeout: 30_000 });
});

test('stopped while the create is in flight (Datadog stores it after the worker is gone): adopted, never sent twice', async ({
  sandbox,
  context,
  popupFor,
  openDemoProduct,
}) => {
  const page = await openDemoProduct();
  // The create takes 4 s (lists stay fast): it is still travelling when the worker stops, and
  // Datadog stores it after the resumed save's first look.
  sandbox.setFaults({ slowRequests: { count: 1, ms: 4_000 }, method: 'POST', pathPrefix: SNAPSHOTS });
  const popup = await popupFor(page);
  const worker = await controlWorker(context, popup);
  await startSave(popup);
  await expect(popup.getByRole('status')).toContainText('Saving the snapshot in Datadog');
  await worker.stop();
  await savedOnce(sandbox, 90_000);
  const saved = popup.getByRole('status').filter({ hasText: 'Saved' });
  await expect(saved).toBeVisible({ timeout: 60_000 });
  // Adopted, not sent again: no copy was made that had to be removed.
  await expect(saved).toContainText('already saved this snapshot before it was interrupted');
  await expect(saved).not.toContainText('copies of this save');
});

test('stopped just after Datadog stored the snapshot: the resumed save keeps it', async ({
  sandbox,
  context,
  popupFor,
  openDemoProduct,
}) => {
  const page = await openDemoProduct();
  sandbox.setFaults({ latencyMs: 1_500, pathPrefix: SNAPSHOTS });
  const popup = await popupFor(page);
  const worker = await controlWorker(context, popup);
  await startSave(popup);
  await expect.poll(() => sandbox.state().snapshots.length, { timeout: 60_000, intervals: [20] }).toBe(1);
  await worker.stop();
  await savedOnce(sandbox, 90_000);
  await expect(popup.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible({ timeout: 60_000 });
});

test('stopped with the popup closed: the watchdog alarm wakes the worker and the save ends by itself', async ({
  sandbox,
  context,
  extensionId,
  popupFor,
  openDemoProduct,
}) => {
  sandbox.setFaults({ ingestionDelayMs: 5_000 });
  const page = await openDemoProduct();
  const popup = await popupFor(page);
  // A quiet extension page to watch the worker from: it sends nothing that would wake it.
  const watcher = await context.newPage();
  await watcher.goto(`chrome-extension://${extensionId}/options.html`);
  const worker = await controlWorker(context, watcher);
  await startSave(popup);
  await expect(popup.getByRole('status')).toContainText(/Waiting for Datadog/i);
  await popup.close();
  await worker.stop();
  await savedOnce(sandbox, 75_000);
});

test('a rate-limit reset longer than a worker lives pauses the save; an alarm resumes it, once', async ({
  sandbox,
  popupFor,
  openDemoProduct,
}) => {
  const page = await openDemoProduct();
  sandbox.setFaults({ rateLimit: { count: 1, resetSeconds: 27 }, pathPrefix: SNAPSHOTS });
  const popup = await popupFor(page);
  await startSave(popup);
  await expect(popup.getByRole('status')).toContainText(
    /Datadog asks us to wait 27 s\. The save goes on by itself at/,
    { timeout: 30_000 },
  );
  expect(sandbox.state().snapshots).toHaveLength(0);
  await popup.close();
  await savedOnce(sandbox, 90_000);
});

test('PostHog: stopped while the picture upload is in flight: the heatmap is adopted, never uploaded twice', async ({
  sandbox,
  context,
  openDemo,
  popupFor,
}) => {
  const page = await openDemo('/demo/posthog.html');
  await posthogLoaded(page);
  // The upload takes 10 s (lists stay fast): PostHog stores it after the resumed save's first look.
  sandbox.setFaults({
    posthog: { slowRequests: { count: 1, ms: 10_000 }, method: 'POST', pathPrefix: '/api/projects/1/saved/' },
  });
  const popup = await popupFor(page);
  const section = popup.getByRole('region', { name: 'PostHog' });
  const worker = await controlWorker(context, popup);
  await section.getByRole('button', { name: 'Save PostHog heatmap' }).click();
  await expect(section.getByRole('status')).toContainText('Uploading the picture to PostHog');
  await worker.stop();
  await expect(section.getByRole('img', { name: 'Heatmap screenshot' })).toBeVisible({ timeout: 90_000 });
  await expect(section.getByRole('status')).toContainText(
    'already saved this heatmap before it was interrupted',
  );
  await expect(section.getByRole('status')).not.toContainText('copies of this save');
  const saved = sandbox.state().posthog.saved_heatmaps;
  expect(saved).toHaveLength(1);
  expect(saved[0]?.images.filter((image) => image.source === 'upload')).toHaveLength(1);
});
