import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { configureForSandbox } from '../harness/browser';
import { expect, test } from './fixtures';

/**
 * Keys go only to the configured API URL. Two local servers stand in for the world outside: a
 * "proxy" at the configured URL that answers every request with a 307 to "another site" (another
 * loopback origin), and that other site, which records every request and the headers it carries.
 */

interface Recorded {
  path: string;
  headers: IncomingHttpHeaders;
}

async function listen(server: Server, host: string): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return `http://${host}:${(server.address() as AddressInfo).port}`;
}

/** "Another site": records everything it receives, answers like a permissive API. */
async function anotherSite() {
  const received: Recorded[] = [];
  const server = createServer((request, response) => {
    received.push({ path: request.url ?? '', headers: request.headers });
    response.writeHead(200, {
      'Content-Type': 'application/json',
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Headers': '*',
    });
    response.end(JSON.stringify({ valid: true, status: 'ok', results: [], count: 0 }));
  });
  return { url: await listen(server, 'localhost'), received, close: () => server.close() };
}

/** The configured API URL: every request is sent on with a 307 to `target`, same path. */
async function redirectingProxy(target: string) {
  let hits = 0;
  const server = createServer((request, response) => {
    hits++;
    response.writeHead(307, { Location: `${target}${request.url ?? '/'}` });
    response.end();
  });
  return { url: await listen(server, '127.0.0.1'), hits: () => hits, close: () => server.close() };
}

/** Every value of `keys` found in any header the other site received. */
function keysReceived(received: Recorded[], keys: string[]): string[] {
  const values = received.flatMap(({ headers }) => Object.values(headers).flat().map(String));
  return keys.filter((key) => values.some((value) => value.includes(key)));
}

test('a 307 from the API URL to another origin delivers no key, and Test connection reports the failure', async ({
  context,
  sandbox,
  serviceWorker,
  extensionId,
}) => {
  const other = await anotherSite();
  const proxy = await redirectingProxy(other.url);
  try {
    await configureForSandbox(serviceWorker, sandbox, { apiUrl: proxy.url }, { apiUrl: proxy.url });
    const options = await context.newPage();
    await options.goto(`chrome-extension://${extensionId}/options.html`);

    /** Click Test connection in a fieldset and wait for its outcome, whatever it is. */
    const testIn = async (name: string) => {
      const fieldset = options.getByRole('group', { name });
      await fieldset.getByRole('button', { name: 'Test connection' }).click();
      // The Datadog fieldset's warning about a non-Datadog host is an alert from the start.
      const outcome = fieldset.getByRole('alert').filter({ hasNotText: 'not a Datadog host' });
      await expect(outcome.or(fieldset.getByRole('status').filter({ hasText: /\S/ }))).toBeVisible();
      return fieldset;
    };
    const datadog = await testIn('Datadog');
    const posthog = await testIn('PostHog');

    // The proxy was asked (and redirected); the other site never saw a key.
    expect(proxy.hits()).toBeGreaterThan(0);
    expect(keysReceived(other.received, [sandbox.apiKey, sandbox.appKey, sandbox.posthog.fullKey])).toEqual(
      [],
    );
    // And neither fieldset claims success.
    await expect(datadog.getByRole('alert').filter({ hasText: 'Could not reach' })).toContainText(
      new URL(proxy.url).host,
    );
    await expect(datadog.getByText('both keys are valid')).toHaveCount(0);
    await expect(posthog.getByRole('alert')).toContainText('Could not reach');
    await expect(posthog.getByText('the key can read and save heatmaps')).toHaveCount(0);
  } finally {
    proxy.close();
    other.close();
  }
});

test('settings stored by an older version that fail today’s rules: the options page and the popup say what to fix', async ({
  context,
  sandbox,
  serviceWorker,
  extensionId,
  openDemoProduct,
  popupFor,
}) => {
  // `http:` to a host that is not this computer was accepted before; the keys must not go there.
  await configureForSandbox(serviceWorker, sandbox, { apiUrl: 'http://proxy.example:8080' });
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  const datadog = options.getByRole('group', { name: 'Datadog' });
  await expect(
    datadog.getByText('Your saved Datadog settings need fixing: API URL must start with https://'),
  ).toBeVisible();

  const popup = await popupFor(await openDemoProduct());
  await expect(popup.getByText('Your saved Datadog settings need fixing')).toBeVisible();
  await expect(popup.getByRole('button', { name: 'Save snapshot' })).toBeDisabled();

  // Fixing the field and saving clears it.
  await datadog.getByLabel('API URL').fill(sandbox.url);
  await datadog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(datadog.getByRole('status').filter({ hasText: 'Settings saved' })).toBeVisible();
  await expect(datadog.getByText('need fixing')).toHaveCount(0);
});
