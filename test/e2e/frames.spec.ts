import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { internalContext, saveFromPopup } from './page';

const FRAME_PAGE = '/demo/rum/v7/frame';
const FRAMED_PATH = '/demo/rum/v7/script';

/** The frame of `/demo/rum/v7/frame` that runs the SDK, once its SDK tracks a view. */
async function instrumentedFrame(page: Page) {
  await expect.poll(() => page.frames().some((frame) => frame.url().endsWith(FRAMED_PATH))).toBe(true);
  const frame = page.frames().find((candidate) => candidate.url().endsWith(FRAMED_PATH));
  if (!frame) throw new Error('no instrumented frame');
  return { frame, truth: await internalContext(frame) };
}

test('offers an SDK found only in a frame, reads that frame when asked, and saves from it', async ({
  sandbox,
  popupFor,
  openDemo,
}) => {
  const page = await openDemo(FRAME_PAGE);
  const { truth } = await instrumentedFrame(page);
  // The top frame has no SDK of its own.
  expect(await page.evaluate(() => 'DD_RUM' in window)).toBe(false);

  // Any Datadog API request would use up this fault: none may happen before the person picks the frame.
  sandbox.setFaults({ serverError: { count: 1 } });
  const popup = await popupFor(page);
  const offers = popup.getByRole('region', { name: 'Found in a frame of this page' });
  await expect(offers).toContainText(`Datadog runs in the frame ${new URL(sandbox.url).host}${FRAMED_PATH}`);
  await expect(popup.getByRole('heading', { name: 'Datadog', exact: true })).toHaveCount(0);
  await expect(popup.getByRole('region', { name: 'Detected' })).toHaveCount(0);
  await expect(popup.getByText(/^No Datadog or PostHog on this page/)).toHaveCount(0);
  const faults = (await (await fetch(`${sandbox.url}/_admin/faults`)).json()) as {
    serverError?: { count: number };
  };
  expect(faults.serverError?.count).toBe(1);
  sandbox.clearFaults();

  await offers.getByRole('button', { name: 'Read this frame' }).click();
  await expect(
    popup.getByText(`Read from the frame ${new URL(sandbox.url).host}${FRAMED_PATH}`),
  ).toBeVisible();
  const detected = popup.getByRole('region', { name: 'Detected' });
  await expect(detected).toContainText(truth.application_id);
  await expect(detected).toContainText(truth.session_id);
  await expect(detected).toContainText(truth.view?.id ?? 'missing view');
  await expect(popup.getByRole('region', { name: 'Found in a frame of this page' })).toHaveCount(0);

  await popup.getByLabel('Snapshot name').fill('From the frame');
  await saveFromPopup(popup);
  const { snapshots } = sandbox.state();
  expect(snapshots).toHaveLength(1);
  expect(snapshots[0]?.attributes).toMatchObject({
    application_id: truth.application_id,
    session_id: truth.session_id,
    view_id: truth.view?.id,
    event_id: truth.view?.id,
    snapshot_name: 'From the frame',
  });
});
