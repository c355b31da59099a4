import { describe, expect, it } from 'vitest';
import { EXTENSION_ORIGIN } from './firefox';
import { useFirefox } from './fixtures';

describe('Firefox: options', () => {
  const fixture = useFirefox();

  it('a custom API URL: Firefox asks for the host, the person allows it, the keys are saved', async () => {
    const { firefox, sandbox } = fixture;
    await firefox.inBackground('await browser.storage.local.clear();');
    // The API on `localhost`, whose access the e2e build was granted at install: withdrawn first,
    // as a person who never allowed it, so Save must ask for it.
    const apiUrl = sandbox.url.replace('127.0.0.1', 'localhost');
    await firefox.withdrawHostPermissions(['<all_urls>', 'http://localhost/*']);
    await firefox.allowPermissionPrompts();

    const options = await fixture.openOptions();
    await options.fill('API key', sandbox.apiKey, 'Datadog');
    await options.fill('Application key', sandbox.appKey, 'Datadog');
    await options.fill('API URL', apiUrl, 'Datadog');
    await options.waitForText('not a Datadog host', 'Datadog');
    // Save with a key press: `permissions.request` needs the person's gesture.
    await options.focusButton('Save', 'Datadog');
    await firefox.pressEnter(`${EXTENSION_ORIGIN}/options.html`);
    await options.waitForText('Settings saved', 'Datadog');

    expect(await firefox.permissionPrompts()).toEqual([['http://localhost/*']]);
    expect(
      await firefox.inBackground(`return browser.permissions.contains({ origins: ['http://localhost/*'] });`),
    ).toBe(true);
    const stored = await firefox.inBackground<{ settings: unknown }>(
      `return browser.storage.local.get('settings');`,
    );
    expect(stored.settings).toMatchObject({
      datadog: { profiles: [{ settings: { apiUrl, apiKey: sandbox.apiKey, appKey: sandbox.appKey } }] },
    });
    // The page shows at most a hint of the keys, never the keys.
    expect(await options.text()).not.toContain(sandbox.appKey);
  });
});
