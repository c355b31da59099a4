import { describe, expect, it } from 'vitest';
import { DATADOG_API_HOSTS, LOOPBACK_HOSTS, manifestFor, POSTHOG_API_HOSTS } from '@/lib/manifest';
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
    expect(manifest.permissions).toEqual(['activeTab', 'scripting', 'storage', 'contextMenus', 'alarms']);
    expect(manifest.host_permissions).toEqual([...DATADOG_API_HOSTS, ...POSTHOG_API_HOSTS]);
    expect(POSTHOG_API_HOSTS).toEqual(POSTHOG_CLOUD_HOSTS.map((cloud) => `${cloud.apiUrl}/*`));
    // Only the API host of each Datadog site: never the web app or any other subdomain.
    expect(DATADOG_API_HOSTS).toEqual(SITES.map((site) => `https://api.${site.id}/*`));
  });

  it('the e2e build adds loopback hosts because tests cannot grant activeTab', () => {
    expect(manifestFor({ browser: 'chrome', e2e: true }).host_permissions).toEqual(
      expect.arrayContaining(LOOPBACK_HOSTS),
    );
  });

  it('Firefox gets an add-on id; Chrome does not', () => {
    expect(manifestFor({ browser: 'firefox', e2e: false })).toHaveProperty(
      'browser_specific_settings.gecko.id',
    );
    expect(manifestFor({ browser: 'chrome', e2e: false })).not.toHaveProperty('browser_specific_settings');
  });
});
