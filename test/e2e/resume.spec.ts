import { expect, test } from './fixtures';

test('a save goes on after the popup closes', async ({ sandbox, popupFor, openDemoProduct }) => {
  sandbox.setFaults({ ingestionDelayMs: 6_000 });
  const page = await openDemoProduct();
  const popup = await popupFor(page);
  await popup.getByRole('button', { name: 'Save snapshot' }).click();
  await expect(popup.getByRole('status')).toContainText(/Waiting for Datadog/i);
  await popup.close();
  await expect.poll(() => sandbox.state().snapshots.length, { timeout: 60_000 }).toBe(1);
});
