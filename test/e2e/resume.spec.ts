import { expect, test } from './fixtures';
import { openDemoProduct } from './page';

test('a save goes on after the popup closes', async ({ context, sandbox, popupFor }) => {
  sandbox.setFaults({ ingestionDelayMs: 6_000 });
  const page = await context.newPage();
  await openDemoProduct(page, sandbox.url);
  const popup = await popupFor(page);
  await popup.getByRole('button', { name: 'Save snapshot' }).click();
  await expect(popup.getByRole('status')).toContainText(/Waiting for Datadog/i);
  await popup.close();
  await expect.poll(() => sandbox.state().snapshots.length, { timeout: 60_000 }).toBe(1);
});
