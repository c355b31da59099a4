import { expect, test } from './fixtures';
import { internalContext, sandboxView, saveFromPopup } from './page';

test('a session not sampled for replay can be recorded, then saved', async ({
  sandbox,
  popupFor,
  openDemo,
}) => {
  const page = await openDemo('/demo/no-replay.html');
  const truth = await internalContext(page);

  const popup = await popupFor(page);
  const detected = popup.getByRole('region', { name: 'Detected' });
  await expect(detected).toContainText('Not recorded');
  await popup.getByRole('button', { name: 'Start recording' }).click();
  await expect(detected).toContainText('Recording');
  await expect(detected).not.toContainText('Not recorded');

  // The real SDK now uploads replay segments for this view.
  await expect
    .poll(() => sandboxView(sandbox.state(), truth.view?.id ?? '')?.segments.length ?? 0, { timeout: 30_000 })
    .toBeGreaterThan(0);

  await saveFromPopup(popup);
  expect(sandbox.state().snapshots.map((snapshot) => snapshot.attributes.view_id)).toEqual([truth.view?.id]);
});
