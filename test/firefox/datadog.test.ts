import { describe, expect, it } from 'vitest';
import { sandboxView } from '../e2e/page';
import { sandboxSettings } from '../harness/browser';
import { sleep, until } from './firefox';
import { internalContext, openDemoProduct, useFirefox } from './fixtures';

describe('Firefox: Datadog', () => {
  const fixture = useFirefox();

  it('detects the SPA view the real SDK tracks and saves one snapshot with its ids', async () => {
    const page = await openDemoProduct(fixture);
    const truth = await internalContext(page);
    const popup = await fixture.popupFor(page);
    const detected = await popup.waitForText(truth.session_id, 'Detected');
    expect(detected).toContain(truth.application_id);
    expect(detected).toContain(truth.view?.id ?? 'missing view');
    expect(await popup.value('View name')).toBe('/demo/products/?');

    await popup.click('Save snapshot');
    const status = await popup.waitForText('Saved', 'Datadog', 60_000);
    const { snapshots } = fixture.sandbox.state();
    expect(snapshots).toHaveLength(1);
    expect(status).toContain(snapshots[0]?.id ?? 'no snapshot');
    expect(snapshots[0]?.attributes).toMatchObject({
      application_id: truth.application_id,
      session_id: truth.session_id,
      view_id: truth.view?.id,
      view_name: '/demo/products/?',
      device_type: 'desktop',
    });
  });

  it('a page without RUM gets a plain explanation and no save button', async () => {
    const popup = await fixture.popupFor(await fixture.openDemo('/demo/no-rum.html'));
    await popup.waitForText('No Datadog or PostHog on this page');
    expect(await popup.hasButton('Save snapshot')).toBe(false);
  });

  it('the real SDK loaded but not initialised: says so, and Try again finds it once started', async () => {
    const page = await fixture.openDemo('/demo/no-rum.html');
    await page.addScriptTag({ url: '/sdk/v7/datadog-rum.js' });
    const popup = await fixture.popupFor(page);
    await popup.waitForText('Datadog RUM is not initialised yet');
    expect(await popup.hasButton('Save snapshot')).toBe(false);

    await page.addScriptTag({ url: '/demo/rum-config.js' });
    await page.addScriptTag({ url: '/demo/rum-init.js' });
    await page.evaluate('window.sandboxStartRum({})');
    await internalContext(page);
    await popup.click('Try again');
    await until(() => popup.hasButton('Save snapshot'), 'the Save snapshot button');
  });

  it('a session not recorded for replay: Start recording, then the SDK uploads the replay', async () => {
    const page = await fixture.openDemo('/demo/no-replay.html');
    const truth = await internalContext(page);
    const popup = await fixture.popupFor(page);
    await popup.waitForText('Not recorded', 'Detected');
    await popup.click('Start recording');
    const detected = await popup.waitForText('Recording', 'Detected');
    expect(detected).not.toContain('Not recorded');
    await until(
      async () => (sandboxView(fixture.sandbox.state(), truth.view?.id ?? '')?.segments.length ?? 0) > 0,
      'replay segments of the view',
      30_000,
    );
  });
});

describe('Firefox: the event page and host permissions', () => {
  const fixture = useFirefox();

  /** One snapshot stored, and no second one arriving later (a resent create, a second run). */
  async function savedOnce() {
    await until(
      async () => fixture.sandbox.state().snapshots.length === 1,
      'one snapshot in the sandbox',
      60_000,
    );
    await sleep(2_000);
    expect(fixture.sandbox.state().snapshots).toHaveLength(1);
  }

  it('the event page stopped while the save waits for the replay: woken by the popup, the save ends once', async () => {
    fixture.sandbox.setFaults({ ingestionDelayMs: 5_000 });
    const popup = await fixture.popupFor(await openDemoProduct(fixture));
    await popup.click('Save snapshot');
    await popup.waitForText(/Waiting for Datadog/i, 'Datadog');
    const stopped = await fixture.firefox.background();
    await fixture.firefox.stopBackground();
    await savedOnce();
    await popup.waitForText('Saved', 'Datadog', 30_000);
    // A new event page took the save over.
    expect((await fixture.firefox.background()).actor).not.toBe(stopped.actor);
  });

  it('the event page stopped while the create is in flight: the resumed save adopts it, never sends it twice', async () => {
    const popup = await fixture.popupFor(await openDemoProduct(fixture));
    fixture.sandbox.setFaults({
      slowRequests: { count: 1, ms: 4_000 },
      method: 'POST',
      pathPrefix: '/api/v2/replay/heatmap/snapshots',
    });
    await popup.click('Save snapshot');
    await popup.waitForText('Saving the snapshot in Datadog', 'Datadog');
    await fixture.firefox.stopBackground();
    await savedOnce();
    const status = await popup.waitForText('Saved', 'Datadog', 60_000);
    expect(status).toContain('already saved this snapshot before it was interrupted');
    expect(status).not.toContain('copies of this save');
  });

  it('host permission withdrawn (as in about:addons): the popup says so and nothing reaches the API', async () => {
    // The API on `localhost`, the page on 127.0.0.1: the page stays readable while the API's host is withdrawn.
    const apiUrl = fixture.sandbox.url.replace('127.0.0.1', 'localhost');
    await fixture.firefox.inBackground(
      `await browser.storage.local.set(${JSON.stringify(sandboxSettings(fixture.sandbox, { apiUrl }))});`,
    );
    await fixture.firefox.withdrawHostPermissions(['<all_urls>', 'http://localhost/*']);
    expect(
      await fixture.firefox.inBackground(
        `return browser.permissions.contains({ origins: ['http://localhost/*'] });`,
      ),
    ).toBe(false);

    const popup = await fixture.popupFor(await openDemoProduct(fixture));
    await popup.click('Save snapshot');
    const said = await popup.waitForText('keys were not sent', 'Datadog');
    expect(said).toContain(`no permission to reach ${new URL(apiUrl).host}`);
    await sleep(1_000);
    expect(fixture.sandbox.apiRequests()).toEqual([]);
    expect(fixture.sandbox.state().snapshots).toEqual([]);
  });
});
