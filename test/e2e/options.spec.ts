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
