import { expect, test } from './fixtures';
import { internalContext, sandboxView, saveFromPopup } from './page';

/**
 * The segments API's `ts` has no published meaning (lib/providers/datadog/replay-lookup.ts holds the
 * extension's reading). Here the sandbox reads it otherwise: the list as it was held at `ts`, so the
 * save's look near the capture moment comes back empty although the view has that replay.
 */
test.use({ sandboxOptions: { segmentsTs: 'ingested-until' } });

test('Datadog reading ts otherwise: one unbounded look finds the replay and the save lands on it without waiting out its budget', async ({
  sandbox,
  popupFor,
  openDemoProduct,
}) => {
  const page = await openDemoProduct();
  const { view } = await internalContext(page);
  const popup = await popupFor(page);
  // Something happens on the page after the capture moment (the popup's detection): the segment
  // recording it holds the moment, and reaches Datadog before the save starts.
  const clickedAt = Date.now();
  await page.getByRole('button', { name: 'Add to cart' }).click();
  await expect
    .poll(
      () =>
        sandboxView(sandbox.state(), view?.id ?? '')?.segments.some(
          (segment) => segment.end >= clickedAt && !segment.pending,
        ),
      { timeout: 30_000 },
    )
    .toBe(true);

  const segmentsRequests = () =>
    sandbox.apiRequests().filter((request) => request.endsWith('/segments')).length;
  const before = segmentsRequests();
  const started = Date.now();
  const saved = await saveFromPopup(popup);
  // The save's replay budget is 20 s: without the fallback it would wait all of it, then say so.
  expect(Date.now() - started).toBeLessThan(15_000);
  await expect(saved).not.toContainText('had not ingested');
  // The bounded look, the one unbounded fallback; nothing more was needed to place the snapshot.
  expect(segmentsRequests() - before).toBe(2);
  expect(sandbox.state().snapshots.map((snapshot) => snapshot.attributes.view_id)).toEqual([view?.id]);
});
