import { describe, expect, it } from 'vitest';
import { sandboxView } from '../e2e/page';
import { until } from './firefox';
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

  it('the real SDK loaded but not initialised: says so', async () => {
    const page = await fixture.openDemo('/demo/no-rum.html');
    await page.addScriptTag({ url: '/sdk/v7/datadog-rum.js' });
    const popup = await fixture.popupFor(page);
    await popup.waitForText('Datadog RUM is not initialised yet');
    expect(await popup.hasButton('Save snapshot')).toBe(false);
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
