import { configureForSandbox } from '../harness/browser';
import { expect, test } from './fixtures';

test('a failed save is kept: the next popup offers to retry it, and the retry saves', async ({
  sandbox,
  serviceWorker,
  popupFor,
  openDemoProduct,
}) => {
  await configureForSandbox(serviceWorker, sandbox, { appKey: 'revoked-app-key' });
  const page = await openDemoProduct();
  let popup = await popupFor(page);
  await popup.getByLabel('Snapshot name').fill('Kept for later');
  await popup.getByRole('button', { name: 'Save snapshot' }).click();
  await expect(popup.getByRole('alert')).toContainText(/refused/i, { timeout: 45_000 });
  await popup.close();

  // The keys are fixed; a new popup lists the failed save and retries it as it was.
  await configureForSandbox(serviceWorker, sandbox);
  popup = await popupFor(page);
  const earlier = popup.getByRole('region', { name: 'Earlier saves' });
  await expect(earlier).toContainText('Kept for later');
  await earlier.getByRole('button', { name: 'Retry' }).click();
  await expect
    .poll(() => sandbox.state().snapshots.map((s) => s.attributes.snapshot_name), { timeout: 45_000 })
    .toEqual(['Kept for later']);
  await expect(earlier).toHaveCount(0);
});
