import type { Page } from '@playwright/test';
import { parseSdkVersion, segmentDurationLimitMs } from '@/lib/providers/datadog/sdk-versions';
import { REPLAY_MAJORS, rumPagePath } from '../../sandbox/demo/rum-majors';
import type { Sandbox } from '../../sandbox/server';
import { expect, test } from './fixtures';
import { internalContext, sandboxView, saveFromPopup, sessionCreated } from './page';

/**
 * Every supported major of the real Datadog SDK, loaded the two ways apps load it: the popup shows
 * the ids the page's own SDK reports, and one save makes exactly one snapshot, placed on the replay
 * that view recorded. The async pages' bundle arrives 1.5 s late: the popup is opened while only
 * the snippet's stub is there, and must wait for the SDK rather than say "no RUM".
 */

async function sdkVersion(page: Page): Promise<string> {
  return page.evaluate(() => (window as unknown as { DD_RUM: { version: string } }).DD_RUM.version);
}

/** The view's recorded replay, from the sandbox's intake: [first record, last moment it covers]. */
function recordedSpan(sandbox: Sandbox, viewId: string, version: string): [number, number] {
  const segments = sandboxView(sandbox.state(), viewId)?.segments ?? [];
  const limit = segmentDurationLimitMs(parseSdkVersion(version));
  return [
    Math.min(...segments.map((segment) => segment.start)),
    Math.max(...segments.map((segment) => Math.max(segment.end, segment.start + limit))),
  ];
}

for (const major of REPLAY_MAJORS) {
  for (const loading of ['script', 'async'] as const) {
    test(`${major}, ${loading}: the popup shows the SDK's own ids and one save lands on recorded replay`, async ({
      sandbox,
      context,
      popupFor,
    }) => {
      test.setTimeout(120_000);
      const page = await context.newPage();
      // Not the load event: the async snippet's bundle delays it, and the popup must meet the stub.
      await page.goto(`${sandbox.url}${rumPagePath(major, loading)}`, { waitUntil: 'domcontentloaded' });
      const popup = await popupFor(page);
      const truth = await internalContext(page);
      const detected = popup.getByRole('region', { name: 'Detected' });
      for (const id of [truth.application_id, truth.session_id, truth.view?.id ?? '']) {
        await expect(detected).toContainText(id);
      }
      const version = await sdkVersion(page);
      await expect(detected).toContainText(`v${version}`);

      await page.getByRole('button', { name: 'Click me' }).click();
      await saveFromPopup(popup);
      const snapshots = sandbox.state().snapshots;
      expect(snapshots).toHaveLength(1);
      expect(sandbox.apiRequests().filter((request) => request.startsWith('POST '))).toEqual([
        'POST /api/v2/replay/heatmap/snapshots',
      ]);
      const saved = snapshots[0]?.attributes;
      expect(saved).toMatchObject({
        application_id: truth.application_id,
        session_id: truth.session_id,
        view_id: truth.view?.id,
      });
      const at = (saved?.start ?? -1) + (await sessionCreated(page));
      const [first, last] = recordedSpan(sandbox, truth.view?.id ?? '', version);
      expect(at).toBeGreaterThanOrEqual(first);
      expect(at).toBeLessThanOrEqual(last);
    });
  }
}

/**
 * Pages that cannot give a heatmap background each get their own sentence, no save button and no
 * request to Datadog's API.
 */
const CANNOT_SAVE = [
  { path: rumPagePath('slim', 'script'), says: 'This page uses @datadog/browser-rum-slim' },
  { path: rumPagePath('v7', 'sampled-out'), says: 'This visit is not tracked by Datadog RUM' },
  { path: rumPagePath('v4', 'sampled-out'), says: 'This visit is not tracked by Datadog RUM' },
  { path: rumPagePath('v4', 'replay-off'), says: 'cannot be asked to record it: that needs 5.21' },
] as const;

for (const { path, says } of CANNOT_SAVE) {
  test(`${path}: says why there is no heatmap background, sends nothing`, async ({
    sandbox,
    popupFor,
    openDemo,
  }) => {
    const page = await openDemo(path);
    await page.waitForFunction(() => /expire=/.test(document.cookie));
    const popup = await popupFor(page);
    await expect(popup.getByText(says)).toBeVisible();
    await expect(popup.getByRole('button', { name: 'Save snapshot' })).toHaveCount(0);
    await expect(popup.getByRole('button', { name: 'Start recording' })).toHaveCount(0);
    expect(sandbox.apiRequests()).toEqual([]);
  });
}

test('v5 session not sampled for replay: offers Start recording (the SDK can force it from 5.21)', async ({
  popupFor,
  openDemo,
}) => {
  const popup = await popupFor(await openDemo(rumPagePath('v5', 'replay-off')));
  await popup.getByRole('button', { name: 'Start recording' }).click();
  await expect(popup.getByRole('region', { name: 'Detected' })).toContainText('Recording (started by you)');
  await expect(popup.getByRole('button', { name: 'Save snapshot' })).toBeVisible();
});

test('v4 app that never started the recording: Start recording starts it', async ({ popupFor, openDemo }) => {
  const popup = await popupFor(await openDemo(rumPagePath('v4', 'manual-start')));
  await expect(popup.getByText('never called DD_RUM.startSessionReplayRecording()')).toBeVisible();
  await popup.getByRole('button', { name: 'Start recording' }).click();
  await expect(popup.getByRole('button', { name: 'Save snapshot' })).toBeVisible();
});

test('the privacy level the background will carry is shown before saving', async ({ popupFor, openDemo }) => {
  const masked = await popupFor(await openDemo(rumPagePath('v6', 'masked')));
  const privacy = masked.getByRole('region', { name: 'Detected' });
  await expect(privacy).toContainText('mask · The background masks all text and every input.');
  await expect(privacy).toContainText('1 element on this page sets its own privacy level.');
  await expect(masked.getByRole('button', { name: 'Save snapshot' })).toBeVisible();
});
