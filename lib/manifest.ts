/**
 * The manifest, as a plain function so a unit test can check what each build asks for.
 * Production asks for no host access at all: the popup, context menu and shortcut grant
 * `activeTab` on the page the person acts on. The e2e build adds loopback host access
 * because tests cannot click the toolbar (so `activeTab` is never granted there).
 */
export const LOOPBACK_HOSTS = ['http://127.0.0.1/*', 'http://localhost/*'];

/**
 * `tabs.captureVisibleTab` needs `activeTab` or `<all_urls>`; specific hosts are not enough. In
 * production the person's click grants `activeTab`; tests cannot click, so the e2e build alone
 * asks for `<all_urls>`.
 */
const E2E_CAPTURE_HOSTS = ['<all_urls>'];

/** Datadog API hosts, one per site; the service worker needs them to call the API without CORS. */
export const DATADOG_API_HOSTS = [
  'https://*.datadoghq.com/*',
  'https://*.datadoghq.eu/*',
  'https://*.ddog-gov.com/*',
];

/** PostHog Cloud's API hosts (US and EU); a self-hosted PostHog goes through the optional permission. */
export const POSTHOG_API_HOSTS = ['https://us.posthog.com/*', 'https://eu.posthog.com/*'];

export function manifestFor({ browser, e2e }: { browser: string; e2e: boolean }) {
  return {
    name: 'Heatmap Snapshots for Datadog RUM and PostHog',
    description: 'Save a Datadog RUM or PostHog heatmap of the page you are looking at, in one click.',
    permissions: ['activeTab', 'scripting', 'storage', 'contextMenus'],
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
        description: 'Save a heatmap snapshot of this page',
      },
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'heatmap-snapshots@example.com',
              // 128: scripting.executeScript in the MAIN world, which detection needs.
              strict_min_version: '128.0',
              // Page-derived data (view names, ids) goes to the user's own Datadog account.
              data_collection_permissions: { required: ['websiteActivity'] },
            },
          },
        }
      : {}),
  };
}
