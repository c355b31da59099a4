import type { BrowserContext, Worker } from '@playwright/test';
import { configureForSandbox } from '../harness/browser';
import { expect, test } from './fixtures';

/** What the extension stored under `settings`, read in its service worker. */
function storedSettings(serviceWorker: Worker) {
  return serviceWorker.evaluate(() =>
    (
      globalThis as unknown as {
        chrome: { storage: { local: { get(key: string): Promise<Record<string, unknown>> } } };
      }
    ).chrome.storage.local.get('settings'),
  );
}

async function openOptions(context: BrowserContext, extensionId: string) {
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  return options;
}

test('options: warns about a non-Datadog API URL, tells a bad API key from a bad application key, saves', async ({
  context,
  sandbox,
  extensionId,
  serviceWorker,
}) => {
  const options = await openOptions(context, extensionId);
  // The page has one fieldset per provider, each with its own Save and Test connection.
  const datadog = options.getByRole('group', { name: 'Datadog' });
  await expect(datadog.getByLabel('API URL')).toHaveValue(sandbox.url);
  await expect(datadog.getByRole('alert').filter({ hasText: 'not a Datadog host' })).toBeVisible();

  await datadog.getByLabel('API key', { exact: true }).fill('not-the-key');
  await datadog.getByRole('button', { name: 'Test connection' }).click();
  await expect(datadog.getByRole('alert').filter({ hasText: /API key/ })).toContainText(
    'does not accept this API key',
  );

  await datadog.getByLabel('API key', { exact: true }).fill(sandbox.apiKey);
  await datadog.getByLabel('Application key').fill('not-the-app-key');
  await datadog.getByRole('button', { name: 'Test connection' }).click();
  await expect(datadog.getByRole('alert').filter({ hasText: /application key/ })).toContainText(
    'the application key is not',
  );

  await datadog.getByLabel('Application key').fill(sandbox.appKey);
  await datadog.getByRole('button', { name: 'Test connection' }).click();
  await expect(datadog.getByRole('status').filter({ hasText: 'both keys are valid' })).toBeVisible();

  await datadog.getByLabel('Datadog site').selectOption('us5.datadoghq.com');
  await datadog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(datadog.getByRole('status').filter({ hasText: 'Settings saved' })).toBeVisible();
  await options.reload();
  await expect(datadog.getByLabel('Datadog site')).toHaveValue('us5.datadoghq.com');
  // The stored key is only hinted at, never shown back.
  await expect(datadog.getByLabel('API key', { exact: true })).toHaveValue('');
  expect(await options.content()).not.toContain(sandbox.appKey);
  // Saving Datadog's settings leaves PostHog's exactly as they were.
  const stored = await storedSettings(serviceWorker);
  // Each provider's settings live in its profiles (lib/profiles/); here the one “Default”.
  expect(stored.settings).toMatchObject({
    datadog: {
      profiles: [{ settings: { site: 'us5.datadoghq.com', apiKey: sandbox.apiKey, appKey: sandbox.appKey } }],
    },
    posthog: {
      profiles: [
        { settings: { apiKey: sandbox.posthog.fullKey, projectId: String(sandbox.posthog.projectId) } },
      ],
    },
  });
});

test('options: a key with spaces is refused with a message naming the problem', async ({
  context,
  extensionId,
}) => {
  const options = await openOptions(context, extensionId);
  // The page has one fieldset per provider, each with its own Save and Test connection.
  const datadog = options.getByRole('group', { name: 'Datadog' });
  await datadog.getByLabel('API key', { exact: true }).fill('abc def');
  await datadog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(datadog.getByText(/API key contains spaces/)).toBeVisible();
});

test('the popup points out a page reporting to another Datadog site, and the options preselect it', async ({
  context,
  sandbox,
  serviceWorker,
  popupFor,
  openDemo,
}) => {
  // The demo's SDK reports to datadoghq.eu; the extension is set to US1 with no custom API URL.
  await configureForSandbox(serviceWorker, sandbox, { site: 'datadoghq.com', apiUrl: '' });
  const page = await openDemo('/demo/custom-name.html');
  const popup = await popupFor(page);
  await expect(
    popup.getByText(/reports to datadoghq\.eu, but the extension uses datadoghq\.com/),
  ).toBeVisible();

  const optionsOpened = context.waitForEvent('page');
  await popup.getByRole('button', { name: 'Change site' }).click();
  const options = await optionsOpened;
  await expect(options.getByLabel('Datadog site')).toHaveValue('datadoghq.eu');
  await expect(options.getByText('Preselected from the page’s Datadog SDK')).toBeVisible();
});

test('options: an API URL with credentials, an over-long one and a key with an invisible character are refused next to their fields', async ({
  context,
  extensionId,
  serviceWorker,
}) => {
  const options = await openOptions(context, extensionId);
  const datadog = options.getByRole('group', { name: 'Datadog' });
  const apiUrl = datadog.getByLabel('API URL');
  const save = datadog.getByRole('button', { name: 'Save', exact: true });

  await apiUrl.fill('https://user:secret@proxy.example');
  await save.click();
  await expect(apiUrl).toHaveAccessibleDescription(/API URL must not contain a user name or password/);

  await apiUrl.fill(`https://proxy.example/${'a'.repeat(400)}`);
  await save.click();
  await expect(apiUrl).toHaveAccessibleDescription(/API URL is over 300 characters/);

  await apiUrl.fill('http://proxy.example');
  await save.click();
  await expect(apiUrl).toHaveAccessibleDescription(/http:\/\/ only for localhost, 127\.0\.0\.1 or \[::1\]/);

  await apiUrl.fill('');
  await datadog.getByLabel('API key', { exact: true }).fill('abc\u200bdef');
  await save.click();
  await expect(datadog.getByLabel('API key', { exact: true })).toHaveAccessibleDescription(
    /API key contains an invisible character/,
  );

  const posthog = options.getByRole('group', { name: 'PostHog' });
  await posthog.getByLabel('PostHog URL').fill('https://eu.posthog.com/?token=1');
  await posthog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(posthog.getByLabel('PostHog URL')).toHaveAccessibleDescription(/must not contain a query/);

  // Nothing of it was stored.
  const stored = await storedSettings(serviceWorker);
  expect(JSON.stringify(stored)).not.toMatch(/proxy\.example|\u200b|token=1/);
});
