import type { Worker } from '@playwright/test';
import { DEMO_APPLICATION_ID } from '../../sandbox/demo/config';
import { expect, test } from './fixtures';
import { posthogLoaded, saveFromPopup } from './page';

/**
 * Profiles: two Datadog orgs in the sandbox, one extension profile for each, bound to one demo
 * application each. The sandbox records whose keys every request carried.
 */

const SECOND_APP = '5a0dbc00-de70-4a11-8000-000000000002';
const BLOG_ORG = { name: 'blog-org', apiKey: 'blog-api-key', appKey: 'blog-app-key' };

test.use({ sandboxOptions: { orgs: [BLOG_ORG] } });

/** Stores two profiles as the extension does (settings v3): “Shop” (the default) and “Blog”. */
async function storeTwoProfiles(
  serviceWorker: Worker,
  sandbox: { url: string; apiKey: string; appKey: string },
) {
  const settings = (apiKey: string, appKey: string) => ({
    site: 'datadoghq.eu',
    credential: { kind: 'keys' },
    appUrl: '',
    apiUrl: sandbox.url,
    apiKey,
    appKey,
  });
  const datadog = {
    defaultId: 'shop',
    profiles: [
      {
        id: 'shop',
        name: 'Shop',
        bindings: [DEMO_APPLICATION_ID],
        settings: settings(sandbox.apiKey, sandbox.appKey),
      },
      {
        id: 'blog',
        name: 'Blog',
        bindings: [SECOND_APP],
        settings: settings(BLOG_ORG.apiKey, BLOG_ORG.appKey),
      },
    ],
  };
  await serviceWorker.evaluate(async (value) => {
    const { settings } = await chrome.storage.local.get('settings');
    await chrome.storage.local.set({ settings: { ...(settings as object), datadog: value } });
  }, datadog);
}

declare const chrome: {
  storage: {
    local: { get(key: string): Promise<Record<string, unknown>>; set(items: object): Promise<void> };
    session: { set(items: object): Promise<void> };
  };
};

/** Which org's keys created each snapshot, by name, in creation order. */
function creatingOrgs(sandbox: { apiRequestKeys(): { request: string; org: string | null }[] }) {
  return sandbox
    .apiRequestKeys()
    .filter((entry) => entry.request === 'POST /api/v2/replay/heatmap/snapshots')
    .map((entry) => entry.org);
}

test('each page saves with the profile bound to its application; switching in the popup uses the other keys', async ({
  sandbox,
  serviceWorker,
  popupFor,
  openDemo,
  openDemoProduct,
}) => {
  await storeTwoProfiles(serviceWorker, sandbox);

  const shopPage = await openDemoProduct();
  let popup = await popupFor(shopPage);
  const datadog = () => popup.getByRole('region', { name: 'Datadog' });
  await expect(datadog().getByText('Profile: Shop (bound to this application)')).toBeVisible();
  await saveFromPopup(popup);
  await popup.close();

  const blogPage = await openDemo('/demo/second-app.html');
  popup = await popupFor(blogPage);
  await expect(datadog().getByText('Profile: Blog (bound to this application)')).toBeVisible();
  await saveFromPopup(popup);
  expect(creatingOrgs(sandbox)).toEqual(['default', 'blog-org']);
  // The Blog org's snapshot is listed with the Blog profile's keys.
  await popup.getByText('Snapshots of this view').click();
  await expect(popup.getByRole('listitem')).toHaveCount(1);

  // Switch this page to Shop: the next save, and the list, use Shop's keys.
  await datadog().getByLabel('Use profile').selectOption({ label: 'Shop' });
  await expect(datadog().getByText('Profile: Shop (chosen for this page)')).toBeVisible();
  await expect(popup.getByText('No snapshots of this view yet.')).toBeVisible();
  await popup.getByLabel('Snapshot name').fill('With the shop keys');
  await saveFromPopup(popup);
  expect(creatingOrgs(sandbox)).toEqual(['default', 'blog-org', 'default']);
  expect(sandbox.state().snapshots.map((snapshot) => snapshot.attributes.org_id)).toEqual([1, 2, 1]);
  // Only key hints ever reach the popup.
  expect(await popup.content()).not.toContain(BLOG_ORG.appKey);
});

test('options: add a profile, bind it, and a binding already used by another profile is refused with a sentence', async ({
  context,
  extensionId,
}) => {
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  const datadog = options.getByRole('group', { name: 'Datadog' });
  await expect(datadog.getByLabel('Profile', { exact: true })).toHaveValue('default');
  await datadog.getByLabel('Application IDs this profile serves').fill(DEMO_APPLICATION_ID);
  await datadog.getByRole('button', { name: 'Save bindings' }).click();
  await expect(datadog.getByRole('status').filter({ hasText: 'Bindings saved.' })).toBeVisible();

  await datadog.getByRole('button', { name: 'Add profile' }).click();
  await expect(datadog.getByLabel('Profile name')).toHaveValue('Profile 2');
  await datadog.getByLabel('Profile name').fill('Blog');
  await datadog.getByRole('button', { name: 'Rename' }).click();
  await expect(datadog.getByLabel('Profile', { exact: true }).locator('option')).toHaveText([
    'Default (default)',
    'Blog',
  ]);
  // The form shows the new profile's own settings (defaults), not the sandbox ones of “Default”.
  await expect(datadog.getByLabel('API URL')).toHaveValue('');
  await datadog
    .getByLabel('Application IDs this profile serves')
    .fill(`${SECOND_APP}\n${DEMO_APPLICATION_ID}`);
  await datadog.getByRole('button', { name: 'Save bindings' }).click();
  await expect(datadog.getByRole('alert')).toContainText(
    `${DEMO_APPLICATION_ID} is already bound to the profile “Default”`,
  );

  await datadog.getByRole('button', { name: 'Make default' }).click();
  await expect(datadog.getByLabel('Profile', { exact: true }).locator('option')).toHaveText([
    'Default',
    'Blog (default)',
  ]);
  await datadog.getByRole('button', { name: 'Delete profile' }).click();
  await expect(datadog.getByLabel('Profile', { exact: true }).locator('option')).toHaveText([
    'Default (default)',
  ]);
  await expect(datadog.getByRole('button', { name: 'Delete profile' })).toBeDisabled();
});

test('options: a managed profile (policy injected as the e2e build reads it) shows as locked', async ({
  context,
  extensionId,
  serviceWorker,
  sandbox,
}) => {
  // The e2e build reads the policy from `storage.session` (lib/storage/items.ts); production reads storage.managed.
  const policy = {
    datadog: {
      profiles: [
        {
          name: 'Company',
          bindings: [SECOND_APP],
          default: true,
          settings: {
            site: 'datadoghq.eu',
            apiUrl: sandbox.url,
            apiKey: BLOG_ORG.apiKey,
            appKey: BLOG_ORG.appKey,
          },
        },
      ],
    },
  };
  await serviceWorker.evaluate((value) => chrome.storage.session.set({ e2eManagedPolicy: value }), policy);
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  const datadog = options.getByRole('group', { name: 'Datadog' });
  await expect(datadog.getByLabel('Profile', { exact: true }).locator('option')).toHaveText([
    'Company (default)',
    'Default',
  ]);
  await expect(datadog.getByText('Managed by your organisation.')).toBeVisible();
  await expect(datadog.getByLabel('API URL')).toBeDisabled();
  await expect(datadog.getByLabel('API key', { exact: true })).toBeDisabled();
  await expect(datadog.getByRole('button', { name: 'Delete profile' })).toBeDisabled();
  await expect(datadog.getByRole('button', { name: 'Save bindings' })).toBeDisabled();
  await expect(datadog.getByLabel('Profile name')).toBeDisabled();
  await expect(datadog.getByLabel(/Application IDs this profile serves/)).toBeDisabled();
  // The person's own profile stays editable.
  await datadog.getByLabel('Profile', { exact: true }).selectOption({ label: 'Default' });
  await expect(datadog.getByLabel('API URL')).toBeEnabled();
  await expect(datadog.getByLabel('Profile name')).toBeEnabled();
  await expect(datadog.getByText('Managed by your organisation.')).toHaveCount(0);
});

test('options: a policy that fails the schema is ignored with a sentence', async ({
  context,
  extensionId,
  serviceWorker,
}) => {
  await serviceWorker.evaluate((value) => chrome.storage.session.set({ e2eManagedPolicy: value }), {
    datadog: { profiles: [{ name: 'Company', bindings: ['not-a-uuid'] }] },
  });
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  const datadog = options.getByRole('group', { name: 'Datadog' });
  await expect(
    datadog.getByText(/could not be read \(datadog\.profiles\.0\.bindings\.0: .*so they are ignored/),
  ).toBeVisible();
  await expect(datadog.getByLabel('Profile', { exact: true }).locator('option')).toHaveText([
    'Default (default)',
  ]);
});

test('PostHog: the popup names the profile bound to the page’s project token, and lists with its key', async ({
  sandbox,
  serviceWorker,
  openDemo,
  popupFor,
}) => {
  await serviceWorker.evaluate(
    async ({ token, key }) => {
      const { settings } = await chrome.storage.local.get('settings');
      const posthog = (settings as { posthog: { profiles: { bindings: string[]; settings: object }[] } })
        .posthog;
      const [first] = posthog.profiles;
      if (!first) throw new Error('no PostHog profile');
      // A second profile with the read-only key, bound to the demo's project token.
      const bound = {
        id: 'bound',
        name: 'Read only',
        bindings: [token],
        settings: { ...first.settings, apiKey: key },
      };
      await chrome.storage.local.set({
        settings: { ...(settings as object), posthog: { ...posthog, profiles: [first, bound] } },
      });
    },
    { token: sandbox.posthog.projectToken, key: sandbox.posthog.readKey },
  );
  const page = await openDemo('/demo/posthog.html');
  await posthogLoaded(page);
  const popup = await popupFor(page);
  const section = popup.getByRole('region', { name: 'PostHog' });
  await expect(section.getByText('Profile: Read only (bound to this project)')).toBeVisible();
  await section.getByText('Saved heatmaps of this page').click();
  await expect(section.getByText('No saved heatmaps of this page yet.')).toBeVisible();
  expect(sandbox.posthogRequestKeys().map((use) => use.key)).toContain(sandbox.posthog.readKey);
  expect(sandbox.posthogRequestKeys().map((use) => use.key)).not.toContain(sandbox.posthog.fullKey);
});
