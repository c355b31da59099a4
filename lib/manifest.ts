/**
 * The manifest, as a plain function so a unit test can check what each build asks for.
 * Production asks for no access to web pages: the popup, context menu and shortcut grant
 * `activeTab` on the page the person acts on; its host permissions are the providers' API hosts
 * only. The e2e build adds loopback hosts and `<all_urls>` because tests cannot click the toolbar
 * (so `activeTab` is never granted there).
 */
export const LOOPBACK_HOSTS = ['http://127.0.0.1/*', 'http://localhost/*'];

/**
 * `tabs.captureVisibleTab` needs `activeTab` or `<all_urls>`; specific hosts are not enough. In
 * production the person's click grants `activeTab`; tests cannot click, so the e2e build alone
 * asks for `<all_urls>`.
 */
const E2E_CAPTURE_HOSTS = ['<all_urls>'];

/**
 * Datadog's API hosts, `api.{site}` for each of its nine sites, and nothing else of its domains
 * (not the web app): the service worker needs them to call the API without CORS. Written out
 * because the build config cannot load the extension's modules; a unit test keeps this list equal
 * to Datadog's table of sites.
 */
export const DATADOG_API_HOSTS = [
  'https://api.datadoghq.com/*',
  'https://api.us3.datadoghq.com/*',
  'https://api.us5.datadoghq.com/*',
  'https://api.datadoghq.eu/*',
  'https://api.ap1.datadoghq.com/*',
  'https://api.ap2.datadoghq.com/*',
  'https://api.uk1.datadoghq.com/*',
  'https://api.ddog-gov.com/*',
  'https://api.us2.ddog-gov.com/*',
];

/**
 * PostHog Cloud's API hosts (US and EU); a self-hosted PostHog goes through the optional
 * permission. A unit test keeps this list equal to PostHog's table of cloud hosts.
 */
export const POSTHOG_API_HOSTS = ['https://us.posthog.com/*', 'https://eu.posthog.com/*'];

/**
 * "Save for all devices" lays the page out at each device's width through `chrome.debugger`
 * (lib/background/device-layout.ts). Optional in production, asked for from the popup's click;
 * the e2e build cannot answer a permission prompt, so it asks for it up front. Firefox has no
 * `debugger` API and does not offer the action.
 */
export const DEVICE_LAYOUT_PERMISSION = 'debugger' as const;

/** The second shortcut: save at once with the popup's defaults; `_execute_action` opens the popup. */
export const SAVE_NOW_COMMAND = 'save-heatmap-snapshot-now';

/**
 * What every build asks for. `alarms`: a paused or interrupted save goes on by itself
 * (lib/jobs/runner.ts). `notifications`: a one-action save (context menu, shortcut) has no popup
 * to say how it went.
 */
const PERMISSIONS = ['activeTab', 'scripting', 'storage', 'contextMenus', 'alarms', 'notifications'];

/**
 * "Sign in with Datadog" shows Datadog's consent page in the browser's auth window
 * (`launchWebAuthFlow`, `getRedirectURL`); its registration and token calls go to the API hosts
 * (already in `host_permissions`; a proxy or the sandbox through the optional host permission asked
 * for on the click). Every build offers sign-in (a build without its own OAuth client registers one
 * on first sign-in), so every build asks for it: required rather than optional because Chrome shows
 * no install warning for `identity` (only `identity.email` has one) and a required permission
 * cannot be missing when the sign-in's message arrives in the background.
 */
export const SIGN_IN_PERMISSION = 'identity' as const;

/**
 * The toolbar and store icon sizes, rendered from assets/icon.svg by `@wxt-dev/auto-icons`
 * (wxt.config.ts), which declares `icons`; the toolbar button gets the same files.
 */
export const ICON_SIZES = [16, 32, 48, 128] as const;
export const iconPath = (size: number) => `icons/${size}.png`;

/** PRIVACY.md as the package carries it (wxt.config.ts), linked from the options page. */
export const PRIVACY_PAGE = 'privacy.txt';

export function manifestFor({ browser, e2e }: { browser: string; e2e: boolean }) {
  const permissions = [...PERMISSIONS, SIGN_IN_PERMISSION];
  return {
    // The strings live in public/_locales/en/messages.json, so the listing can be translated.
    default_locale: 'en',
    name: '__MSG_name__',
    description: '__MSG_description__',
    action: { default_icon: Object.fromEntries(ICON_SIZES.map((size) => [size, iconPath(size)])) },
    // Firefox has no `debugger` (it would only warn about an unknown permission).
    permissions: e2e && browser !== 'firefox' ? [...permissions, DEVICE_LAYOUT_PERMISSION] : permissions,
    ...(browser === 'firefox' || e2e ? {} : { optional_permissions: [DEVICE_LAYOUT_PERMISSION] }),
    host_permissions: [
      ...DATADOG_API_HOSTS,
      ...POSTHOG_API_HOSTS,
      ...(e2e ? [...LOOPBACK_HOSTS, ...E2E_CAPTURE_HOSTS] : []),
    ],
    // The sandbox or a proxy is reached through an optional permission asked for in the options page.
    optional_host_permissions: ['http://*/*', 'https://*/*'],
    commands: {
      _execute_action: {
        suggested_key: { default: 'Alt+Shift+H' },
        description: '__MSG_commandOpenPopup__',
      },
      // Saves at once with the popup's defaults (lib/background/one-action.ts).
      [SAVE_NOW_COMMAND]: {
        suggested_key: { default: 'Alt+Shift+S' },
        description: '__MSG_commandSaveNow__',
      },
    },
    // Chrome's enterprise policy for managed profiles (lib/profiles/managed.ts); Firefox reads
    // policies.json without a schema.
    ...(browser === 'firefox' ? {} : { storage: { managed_schema: 'managed-schema.json' } }),
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'heatmap-snapshots@example.com',
              // 140 (an ESR): the first to read `data_collection_permissions` (the data consent below);
              // detection's MAIN-world `scripting.executeScript` needs 128.
              strict_min_version: '140.0',
              // Page-derived data (view names, ids, pictures of the page) goes to the person's own Datadog or PostHog.
              data_collection_permissions: { required: ['websiteActivity'] },
            },
            // Firefox for Android reads the data consent from 142; without this, 140 would apply there too.
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  };
}
