import { expect, test } from './fixtures';
import { saveFromPopup } from './page';

test('lists the view’s snapshots, re-points one at the current moment and deletes it', async ({
  sandbox,
  popupFor,
  openDemoProduct,
}) => {
  const page = await openDemoProduct();
  let popup = await popupFor(page);
  await popup.getByLabel('Snapshot name').fill('First look');
  await saveFromPopup(popup);
  const [saved] = sandbox.state().snapshots;
  await popup.close();

  // Later, on the same view: a fresh popup lists the snapshot and moves it to the new moment.
  await page.getByRole('button', { name: 'Add to cart' }).click();
  popup = await popupFor(page);
  await popup.getByText('Snapshots of this view').click();
  const item = popup.getByRole('listitem').filter({ hasText: 'First look' });
  await expect(item).toBeVisible();
  await item.getByRole('button', { name: 'Re-point to now' }).click();
  await expect
    .poll(() => sandbox.state().snapshots[0]?.attributes.modified_at)
    .not.toBe(saved?.attributes.modified_at);
  expect(sandbox.state().snapshots[0]?.attributes.start).toBeGreaterThanOrEqual(saved?.attributes.start ?? 0);

  await item.getByRole('button', { name: 'Delete' }).click();
  await item.getByRole('button', { name: 'Confirm delete' }).click();
  await expect.poll(() => sandbox.state().snapshots.length).toBe(0);
  await expect(popup.getByRole('listitem').filter({ hasText: 'First look' })).toHaveCount(0);
});
