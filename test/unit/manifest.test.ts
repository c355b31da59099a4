import { describe, expect, it } from 'vitest';
import {
  DATADOG_API_HOSTS,
  DEVICE_LAYOUT_PERMISSION,
  LOOPBACK_HOSTS,
  manifestFor,
  POSTHOG_API_HOSTS,
  SAVE_NOW_COMMAND,
  SIGN_IN_PERMISSION,
} from '@/lib/manifest';
import { SITES } from '@/lib/providers/datadog/settings';
import { POSTHOG_CLOUD_HOSTS } from '@/lib/providers/posthog/hosts';

describe('manifest', () => {
  it('production asks for no loopback or all-sites access and no content scripts', () => {
    for (const browser of ['chrome', 'firefox']) {
      const manifest = manifestFor({ browser, e2e: false });
      const hosts = manifest.host_permissions.join(' ');
      for (const loopback of LOOPBACK_HOSTS) expect(hosts).not.toContain(loopback);
      expect(hosts).not.toMatch(/<all_urls>|^\*:\/\/\*\/\*|https?:\/\/\*\/\*/);
      expect(manifest).not.toHaveProperty('content_scripts');
      expect(manifest.permissions).toEqual(expect.arrayContaining(['activeTab', 'scripting']));
    }
  });

  it("production permissions are exactly the audited list: the providers' API hosts, nothing broader", () => {
    const manifest = manifestFor({ browser: 'chrome', e2e: false });
    // `notifications`: a one-action save (context menu, Alt+Shift+S) reports its outcome without a popup.
    expect(manifest.permissions).toEqual([
      'activeTab',
      'scripting',
      'storage',
      'contextMenus',
      'alarms',
      'notifications',
      // `identity`: "Sign in with Datadog" (its auth window), offered by every build.
      'identity',
    ]);
    // `debugger`, optional: "Save for all devices" lays the page out at each device's width (asked for on click).
    expect(manifest.optional_permissions).toEqual([DEVICE_LAYOUT_PERMISSION]);
    expect(manifestFor({ browser: 'firefox', e2e: false })).not.toHaveProperty('optional_permissions');
    expect(manifest.host_permissions).toEqual([...DATADOG_API_HOSTS, ...POSTHOG_API_HOSTS]);
    // Alt+Shift+H opens the popup; Alt+Shift+S saves at once (both changeable in the browser's shortcut settings).
    expect(manifest.commands).toEqual({
      _execute_action: expect.objectContaining({ suggested_key: { default: 'Alt+Shift+H' } }),
      [SAVE_NOW_COMMAND]: expect.objectContaining({ suggested_key: { default: 'Alt+Shift+S' } }),
    });
    expect(POSTHOG_API_HOSTS).toEqual(POSTHOG_CLOUD_HOSTS.map((cloud) => `${cloud.apiUrl}/*`));
    // Only the API host of each Datadog site: never the web app or any other subdomain.
    expect(DATADOG_API_HOSTS).toEqual(SITES.map((site) => `https://api.${site.id}/*`));
  });

  it('every build asks for `identity` (its sign-in window): sign-in is offered with or without a build client', () => {
    // `identity`: "Sign in with Datadog" opens Datadog's consent page in the browser's auth window.
    for (const browser of ['chrome', 'firefox']) {
      for (const e2e of [false, true]) {
        expect(manifestFor({ browser, e2e }).permissions).toContain(SIGN_IN_PERMISSION);
      }
      const manifest = manifestFor({ browser, e2e: false });
      // Required, not optional: the background never has to ask for it when the sign-in message arrives.
      expect('optional_permissions' in manifest ? manifest.optional_permissions : []).not.toContain(
        SIGN_IN_PERMISSION,
      );
    }
  });

  it('the e2e build adds loopback hosts because tests cannot grant activeTab', () => {
    expect(manifestFor({ browser: 'chrome', e2e: true }).host_permissions).toEqual(
      expect.arrayContaining(LOOPBACK_HOSTS),
    );
  });

  it('the e2e build requires `debugger` because tests cannot answer the permission prompt', () => {
    const manifest = manifestFor({ browser: 'chrome', e2e: true });
    expect(manifest.permissions).toContain(DEVICE_LAYOUT_PERMISSION);
    expect(manifest).not.toHaveProperty('optional_permissions');
    expect(manifestFor({ browser: 'chrome', e2e: false }).permissions).not.toContain(
      DEVICE_LAYOUT_PERMISSION,
    );
    // Firefox has no `debugger` API: its e2e build would only carry an unknown permission.
    expect(manifestFor({ browser: 'firefox', e2e: true }).permissions).not.toContain(
      DEVICE_LAYOUT_PERMISSION,
    );
  });

  it('Firefox gets an add-on id; Chrome does not', () => {
    expect(manifestFor({ browser: 'firefox', e2e: false })).toHaveProperty(
      'browser_specific_settings.gecko.id',
    );
    // The data consent key is read from Firefox 140 and Firefox for Android 142 (web-ext lint warns below).
    expect(manifestFor({ browser: 'firefox', e2e: false }).browser_specific_settings).toMatchObject({
      gecko: { strict_min_version: '140.0', data_collection_permissions: { required: ['websiteActivity'] } },
      gecko_android: { strict_min_version: '142.0' },
    });
    expect(manifestFor({ browser: 'chrome', e2e: false })).not.toHaveProperty('browser_specific_settings');
  });
});
