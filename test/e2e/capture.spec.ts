import { expect, test } from './fixtures';
import { goToProduct42, internalContext, sandboxView, saveFromPopup, sessionCreated } from './page';

test('detects the SPA view the real SDK tracks and saves one snapshot matching the page', async ({
  sandbox,
  popupFor,
  openDemoProduct,
}) => {
  const page = await openDemoProduct();
  const truth = await internalContext(page);
  const created = await sessionCreated(page);

  const beforeOpening = Date.now();
  const popup = await popupFor(page);
  const detected = popup.getByRole('region', { name: 'Detected' });
  await expect(detected).toContainText(truth.application_id);
  const afterDetection = Date.now();
  await expect(detected).toContainText(truth.session_id);
  await expect(detected).toContainText(truth.view?.id ?? 'missing view');
  await expect(popup.getByLabel('View name')).toHaveValue('/demo/products/?');
  await expect(popup.getByRole('radio', { name: 'Desktop' })).toBeChecked();
  const snapshotName = await popup.getByLabel('Snapshot name').inputValue();
  expect(snapshotName).toContain('/demo/products/?');

  const status = await saveFromPopup(popup);

  const { snapshots } = sandbox.state();
  expect(snapshots).toHaveLength(1);
  const [snapshot] = snapshots;
  await expect(status).toContainText(snapshot?.id ?? 'no snapshot');
  expect(snapshot?.type).toBe('snapshots');
  expect(snapshot?.attributes).toMatchObject({
    application_id: truth.application_id,
    session_id: truth.session_id,
    view_id: truth.view?.id,
    event_id: truth.view?.id,
    view_name: '/demo/products/?',
    snapshot_name: snapshotName,
    device_type: 'desktop',
    is_device_type_selected_by_user: false,
  });

  // `start` is the moment the popup looked at the page, as an offset from the session start…
  const start = snapshot?.attributes.start ?? -1;
  expect(Number.isInteger(start)).toBe(true);
  expect(created + start).toBeGreaterThanOrEqual(beforeOpening);
  expect(created + start).toBeLessThanOrEqual(afterDetection);
  // …and it lands on the view's recorded replay: after its first record, and before the SDK's
  // 5 s segment flush of its last segment (a record later than that would be in a newer segment).
  const segments = sandboxView(sandbox.state(), truth.view?.id ?? '')?.segments ?? [];
  expect(segments.length).toBeGreaterThan(0);
  expect(created + start).toBeGreaterThanOrEqual(Math.min(...segments.map((segment) => segment.start)));
  expect(created + start).toBeLessThanOrEqual(Math.max(...segments.map((segment) => segment.start + 5_000)));
});

test('a custom view name set with startView is used as the view name', async ({
  sandbox,
  popupFor,
  openDemo,
}) => {
  const page = await openDemo('/demo/custom-name.html');
  const truth = await internalContext(page);
  expect(truth.view?.name).toBe('checkout-step');

  const popup = await popupFor(page);
  await expect(popup.getByLabel('View name')).toHaveValue('checkout-step');
  await saveFromPopup(popup);
  expect(sandbox.state().snapshots.map((snapshot) => snapshot.attributes.view_name)).toEqual([
    'checkout-step',
  ]);
});

test('a session stored in localStorage is detected', async ({ popupFor, openDemo }) => {
  const page = await openDemo('/demo/local-storage.html');
  const truth = await internalContext(page);
  const popup = await popupFor(page);
  await expect(popup.getByRole('region', { name: 'Detected' })).toContainText(truth.session_id);
  await expect(popup.getByRole('button', { name: 'Save snapshot' })).toBeEnabled();
});

test('choosing the device type by hand is sent as selected by the user', async ({
  sandbox,
  popupFor,
  openDemoProduct,
}) => {
  const page = await openDemoProduct();
  const popup = await popupFor(page);
  await popup.getByRole('radio', { name: 'Tablet' }).check();
  await saveFromPopup(popup);
  expect(sandbox.state().snapshots.map((snapshot) => snapshot.attributes)).toEqual([
    expect.objectContaining({ device_type: 'tablet', is_device_type_selected_by_user: true }),
  ]);
});

test('a phone-sized touch page with a mobile user agent preselects Mobile', async ({
  context,
  sandbox,
  popupFor,
}) => {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setUserAgentOverride', {
    userAgent:
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
  });
  await cdp.send('Emulation.setDeviceMetricsOverride', {
    width: 390,
    height: 844,
    deviceScaleFactor: 3,
    mobile: true,
  });
  await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 5 });
  await page.goto(`${sandbox.url}/demo/`);
  await goToProduct42(page);

  const popup = await popupFor(page);
  await expect(popup.getByRole('radio', { name: 'Mobile' })).toBeChecked();
  await saveFromPopup(popup);
  expect(sandbox.state().snapshots.map((snapshot) => snapshot.attributes)).toEqual([
    expect.objectContaining({ device_type: 'mobile', is_device_type_selected_by_user: false }),
  ]);
});

test('the whole save works from the keyboard alone', async ({ sandbox, popupFor, openDemoProduct }) => {
  const page = await openDemoProduct();
  const popup = await popupFor(page);
  await popup.getByLabel('View name').focus();
  await popup.keyboard.press('Tab');
  await expect(popup.getByLabel('Snapshot name')).toBeFocused();
  await popup.keyboard.press('Control+A');
  await popup.keyboard.type('Typed, not clicked');
  await popup.keyboard.press('Tab');
  await expect(popup.getByRole('radio', { name: 'Desktop' })).toBeFocused();
  await popup.keyboard.press('ArrowRight');
  await popup.keyboard.press('ArrowRight');
  await expect(popup.getByRole('radio', { name: 'Mobile' })).toBeChecked();
  await popup.keyboard.press('Tab');
  await expect(popup.getByRole('button', { name: 'Save snapshot' })).toBeFocused();
  await popup.keyboard.press('Enter');
  await expect(popup.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible({ timeout: 60_000 });
  expect(sandbox.state().snapshots.map((snapshot) => snapshot.attributes)).toEqual([
    expect.objectContaining({
      snapshot_name: 'Typed, not clicked',
      device_type: 'mobile',
      is_device_type_selected_by_user: true,
    }),
  ]);
});
