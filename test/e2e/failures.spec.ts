import { configureForSandbox } from '../harness/browser';
import { expect, test } from './fixtures';
import { internalContext, saveFromPopup } from './page';

const saved = /Saved/;

test('a page without RUM gets a plain explanation and no save button', async ({ popupFor, openDemo }) => {
  const page = await openDemo('/demo/no-rum.html');
  const popup = await popupFor(page);
  await expect(popup.getByText('No Datadog or PostHog on this page')).toBeVisible();
  await expect(popup.getByRole('button', { name: 'Save snapshot' })).toHaveCount(0);
});

test('the real SDK loaded but not initialised: says so, and Try again finds it once started', async ({
  popupFor,
  openDemo,
}) => {
  const page = await openDemo('/demo/no-rum.html');
  await page.addScriptTag({ url: '/sdk/v7/datadog-rum.js' });
  const popup = await popupFor(page);
  await expect(popup.getByText('Datadog RUM is not initialised yet')).toBeVisible();

  await page.addScriptTag({ url: '/demo/rum-config.js' });
  await page.addScriptTag({ url: '/demo/rum-init.js' });
  await page.evaluate(() =>
    (window as unknown as { sandboxStartRum: (o: object) => void }).sandboxStartRum({}),
  );
  // The SDK starts its session asynchronously; until then "No active RUM session" is the truth.
  await internalContext(page);
  await popup.getByRole('button', { name: 'Try again' }).click();
  await expect(popup.getByRole('button', { name: 'Save snapshot' })).toBeVisible();
});

test('an ended session (DD_RUM.stopSession) gets a plain explanation', async ({
  popupFor,
  openDemoProduct,
}) => {
  const page = await openDemoProduct();
  await page.evaluate(() =>
    (window as unknown as { DD_RUM: { stopSession: () => void } }).DD_RUM.stopSession(),
  );
  await page.waitForFunction(
    () =>
      !(window as unknown as { DD_RUM: { getInternalContext: () => unknown } }).DD_RUM.getInternalContext(),
  );
  const popup = await popupFor(page);
  await expect(popup.getByText('No active RUM session')).toBeVisible();
  await expect(popup.getByRole('button', { name: 'Save snapshot' })).toHaveCount(0);
});

test('a page with a spoofed, junk DD_RUM is refused without crashing', async ({ popupFor, openDemo }) => {
  const page = await openDemo('/demo/spoofed.html');
  const popup = await popupFor(page);
  await expect(popup.getByText(/does not look like Datadog/i)).toBeVisible();
  await expect(popup.getByRole('button', { name: 'Save snapshot' })).toHaveCount(0);
  // The page's 2 MB strings never reach the popup.
  expect((await popup.content()).length).toBeLessThan(100_000);
});

test('wrong keys: a clear message and nothing saved', async ({
  sandbox,
  serviceWorker,
  popupFor,
  openDemoProduct,
}) => {
  await configureForSandbox(serviceWorker, sandbox, { apiKey: 'wrong-api-key' });
  const page = await openDemoProduct();
  const popup = await popupFor(page);
  await popup.getByRole('button', { name: 'Save snapshot' }).click();
  await expect(popup.getByRole('alert')).toContainText(/refused the API or application key/i, {
    timeout: 45_000,
  });
  await expect(popup.getByRole('button', { name: 'Try again' })).toBeVisible();
  expect(sandbox.state().snapshots).toHaveLength(0);
});

test('one 429 from Datadog: the save waits for the reset and succeeds', async ({
  sandbox,
  popupFor,
  openDemoProduct,
}) => {
  const page = await openDemoProduct();
  sandbox.setFaults({
    rateLimit: { count: 1, resetSeconds: 1 },
    pathPrefix: '/api/v2/replay/heatmap/snapshots',
  });
  const popup = await popupFor(page);
  await saveFromPopup(popup);
  expect(sandbox.state().snapshots).toHaveLength(1);
});

test('Datadog stores the snapshot but its answer is unreadable: the save finds that snapshot and keeps it, never a second', async ({
  sandbox,
  popupFor,
  openDemoProduct,
}) => {
  const page = await openDemoProduct();
  // The create is stored, then answered with a body that is not JSON (the sandbox breaks it after handling).
  sandbox.setFaults({ malformedJson: { count: 1 }, pathPrefix: '/api/v2/replay/heatmap/snapshots' });
  const popup = await popupFor(page);
  const saved = await saveFromPopup(popup);
  expect(sandbox.state().snapshots).toHaveLength(1);
  await expect(saved).toContainText(sandbox.state().snapshots[0]?.id ?? 'no snapshot');
  await expect(popup.getByRole('alert')).toHaveCount(0);
});

test('delayed ingestion: the save waits for the replay, showing progress, then saves', async ({
  sandbox,
  popupFor,
  openDemoProduct,
}) => {
  sandbox.setFaults({ ingestionDelayMs: 8_000 });
  const page = await openDemoProduct();
  const popup = await popupFor(page);
  await popup.getByRole('button', { name: 'Save snapshot' }).click();
  await expect(popup.getByRole('status')).toContainText(/Waiting for Datadog/i);
  await expect(popup.getByRole('status').filter({ hasText: saved })).toBeVisible({ timeout: 60_000 });
  await expect(popup.getByRole('status')).not.toContainText(/not confirmed/i);
  expect(sandbox.state().snapshots).toHaveLength(1);
});

test('an empty snapshot name is refused next to the field, and nothing is sent', async ({
  sandbox,
  popupFor,
  openDemoProduct,
}) => {
  const popup = await popupFor(await openDemoProduct());
  await popup.getByLabel('Snapshot name').fill('   ');
  await popup.getByRole('button', { name: 'Save snapshot' }).click();
  await expect(popup.getByLabel('Snapshot name')).toHaveAttribute('aria-invalid', 'true');
  await expect(popup.getByText('Snapshot name is empty')).toBeVisible();
  await expect(popup.getByLabel('Snapshot name')).toBeFocused();
  expect(sandbox.state().snapshots).toHaveLength(0);
});
