import type { Page, Worker } from '@playwright/test';
import { DEVICE_LAYOUTS } from '@/lib/page/device-layouts';
import { DeviceTypeSchema } from '@/lib/page/page-info';
import { parseSdkVersion, segmentDurationLimitMs } from '@/lib/providers/datadog/sdk-versions';
import { rumPagePath } from '../../sandbox/demo/rum-majors';
import { recordedViewportAt } from '../../sandbox/intake/rum-index';
import { canAttach, tabIdOf } from '../harness/browser';
import { expect, test } from './fixtures';
import { internalContext, sandboxView, sessionCreated } from './page';

/** The slice of the extension API this test calls in the service worker. */
declare const chrome: {
  tabs: { get(tabId: number): Promise<{ windowId: number }> };
  windows: {
    get(windowId: number): Promise<{ width?: number; height?: number; left?: number; top?: number }>;
  };
};

/** The window holding the tab, as the browser reports its size and place. */
function windowOf(serviceWorker: Worker, tabId: number) {
  return serviceWorker.evaluate(async (id) => {
    const { width, height, left, top } = await chrome.windows.get((await chrome.tabs.get(id)).windowId);
    return { width, height, left, top };
  }, tabId);
}

const innerWidth = (page: Page) => page.evaluate(() => window.innerWidth);

test('Save for all devices stores one snapshot per device, each on replay recorded at that width; the page and window end as they were', async ({
  sandbox,
  serviceWorker,
  popupFor,
  openDemo,
}) => {
  test.setTimeout(120_000);
  const page = await openDemo(rumPagePath('v7', 'script'));
  const truth = await internalContext(page);
  const tabId = await tabIdOf(serviceWorker, page);
  const windowBefore = await windowOf(serviceWorker, tabId);
  const widthBefore = await innerWidth(page);
  const popup = await popupFor(page);

  await popup.getByRole('button', { name: 'Save for all devices' }).click();
  const allDevices = popup.getByRole('region', { name: 'All devices' });
  await expect(allDevices.getByText('Laying out the page for Tablet (768 px)… 2 of 3')).toBeVisible();
  for (const device of ['Desktop', 'Tablet', 'Mobile']) {
    // Generous: each save waits for the replay segment that covers its moment.
    await expect(allDevices.getByRole('region', { name: device }).getByText('Saved “')).toBeVisible({
      timeout: 60_000,
    });
  }

  const snapshots = sandbox.state().snapshots.map((snapshot) => snapshot.attributes);
  expect(snapshots.map((snapshot) => snapshot.device_type).sort()).toEqual(['desktop', 'mobile', 'tablet']);
  const created = await sessionCreated(page);
  const view = sandboxView(sandbox.state(), truth.view?.id ?? '');
  const viewports = view?.viewports ?? [];
  // v7 flushes a segment at most 5 s after its first record: a segment covers [start, max(end, start + 5 s)].
  const limit = segmentDurationLimitMs(parseSdkVersion(view?.sdk_version ?? null));
  const inSegment = (at: number) =>
    (view?.segments ?? []).some(
      (segment) => segment.start <= at && at <= Math.max(segment.end, segment.start + limit),
    );
  for (const snapshot of snapshots) {
    expect(snapshot).toMatchObject({ view_id: truth.view?.id, is_device_type_selected_by_user: true });
    const device = DeviceTypeSchema.parse(snapshot.device_type);
    const at = (snapshot.start ?? Number.NaN) + created;
    expect(inSegment(at)).toBe(true);
    expect({ device, width: recordedViewportAt(viewports, at)?.width }).toEqual({
      device,
      width: DEVICE_LAYOUTS[device].width,
    });
  }

  expect(await innerWidth(page)).toBe(widthBefore);
  expect(await windowOf(serviceWorker, tabId)).toEqual(windowBefore);
  expect(await canAttach(serviceWorker, tabId)).toBe('attached and detached');
});
