import { configureForSandbox } from '../harness/browser';
import { expect, test } from './fixtures';

test('options: warns about a non-Datadog API URL, tells a bad API key from a bad application key, saves', async ({
  context,
  sandbox,
  extensionId,
}) => {
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await expect(options.getByLabel('API URL')).toHaveValue(sandbox.url);
  await expect(options.getByRole('alert').filter({ hasText: 'not a Datadog host' })).toBeVisible();

  await options.getByLabel('API key', { exact: true }).fill('not-the-key');
  await options.getByRole('button', { name: 'Test connection' }).click();
  await expect(options.getByRole('alert').filter({ hasText: /API key/ })).toContainText(
    'does not accept this API key',
  );

  await options.getByLabel('API key', { exact: true }).fill(sandbox.apiKey);
  await options.getByLabel('Application key').fill('not-the-app-key');
  await options.getByRole('button', { name: 'Test connection' }).click();
  await expect(options.getByRole('alert').filter({ hasText: /application key/ })).toContainText(
    'the application key is not',
  );

  await options.getByLabel('Application key').fill(sandbox.appKey);
  await options.getByRole('button', { name: 'Test connection' }).click();
  await expect(options.getByRole('status').filter({ hasText: 'both keys are valid' })).toBeVisible();

  await options.getByLabel('Datadog site').selectOption('us5.datadoghq.com');
  await options.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(options.getByRole('status').filter({ hasText: 'Settings saved' })).toBeVisible();
  await options.reload();
  await expect(options.getByLabel('Datadog site')).toHaveValue('us5.datadoghq.com');
  // The stored key is only hinted at, never shown back.
  await expect(options.getByLabel('API key', { exact: true })).toHaveValue('');
  expect(await options.content()).not.toContain(sandbox.appKey);
});

test('options: a key with spaces is refused with a message naming the problem', async ({
  context,
  extensionId,
}) => {
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await options.getByLabel('API key', { exact: true }).fill('abc def');
  await options.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(options.getByText(/API key contains spaces/)).toBeVisible();
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
