import type { BrowserContext, Locator, Page, Worker } from '@playwright/test';
import type { Sandbox } from '../../sandbox/server';
import { configureForSandbox } from '../harness/browser';
import { controlWorker } from '../harness/worker-control';
import { expect, test } from './fixtures';
import { saveFromPopup } from './page';

/**
 * "Sign in with Datadog" through the sandbox's OAuth server: the real `identity.launchWebAuthFlow`
 * window (a page of the persistent context in headless Chromium), its consent button, the redirect
 * to `https://<id>.chromiumapp.org/` caught by Chrome, then saves with a bearer token.
 * The profile's API URL is the sandbox's API origin and its app URL the sandbox's app origin (a
 * second listener), so every token call can be seen to go to the API origin, as at Datadog.
 */

const GRANT_KEY = 'grant:datadog:default';
const CLIENTS_KEY = 'oauthClients:datadog';

/** The slice of the extension API these tests call inside the service worker. */
type StorageArea = {
  get(keys: string | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
};
declare const chrome: { storage: { local: StorageArea; session: StorageArea } };

/** Everything in an extension storage area, read in the service worker. */
function storageArea(serviceWorker: Worker, area: 'local' | 'session'): Promise<Record<string, unknown>> {
  return serviceWorker.evaluate((name) => chrome.storage[name].get(null), area);
}

async function openOptions(context: BrowserContext, extensionId: string): Promise<Page> {
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  return options;
}

/** Click "Sign in with Datadog", answer the consent page that opens, and return the options page's fieldset. */
async function signInThroughConsent(context: BrowserContext, options: Page, stay = false) {
  const fieldset = options.getByTestId('datadog-sign-in');
  if (stay) await fieldset.getByLabel('Stay signed in after the browser closes').check();
  const consentPage = context.waitForEvent('page', (page) => page.url().includes('/oauth2/v1/authorize'));
  await fieldset.getByRole('button', { name: 'Sign in with Datadog' }).click();
  const consent = await consentPage;
  await consent.getByRole('button', { name: 'Authorize' }).click();
  return fieldset;
}

/** The stored grant's expiry moved (tests cannot wait an hour), in whichever area holds it. */
async function setGrantExpiry(serviceWorker: Worker, expiresAt: number) {
  await serviceWorker.evaluate(
    async ({ key, at }) => {
      const stored = (await chrome.storage.session.get(key))[key] as Record<string, unknown>;
      await chrome.storage.session.set({ [key]: { ...stored, expiresAt: at } });
    },
    { key: GRANT_KEY, at: expiresAt },
  );
}

function apiCalls(sandbox: Sandbox) {
  return sandbox.apiRequestKeys();
}

/** Every token and revoke call so far went to the sandbox's API origin (none to its app origin). */
function expectTokenCallsOnApiOrigin(sandbox: Sandbox, count: number) {
  const hosts = sandbox.oauth.stats().tokenRequestHosts;
  expect(hosts).toHaveLength(count);
  expect(hosts.every((host) => host === new URL(sandbox.url).host)).toBe(true);
}

/** Each test starts on the options page; `signIn` answers the consent page, `signedIn` also waits for the outcome. */
const oauthTest = test.extend<{
  options: Page;
  signIn: (stay?: boolean) => Promise<Locator>;
  signedIn: (stay?: boolean) => Promise<Locator>;
}>({
  options: async ({ context, extensionId, sandbox, serviceWorker }, use) => {
    await configureForSandbox(serviceWorker, sandbox, { appUrl: sandbox.appUrl });
    await use(await openOptions(context, extensionId));
  },
  signIn: async ({ context, options }, use) => use((stay) => signInThroughConsent(context, options, stay)),
  signedIn: async ({ signIn }, use) =>
    use(async (stay) => {
      const fieldset = await signIn(stay);
      await expect(fieldset.getByRole('status')).toContainText('Signed in');
      return fieldset;
    }),
});

oauthTest(
  'sign in through the consent page: tokens only in session storage, and a save carries a bearer token and no key',
  async ({ sandbox, serviceWorker, signedIn, openDemoProduct, popupFor }) => {
    const fieldset = await signedIn();
    await expect(fieldset.getByRole('status')).toContainText('Signed in to datadoghq.eu');
    await expect(fieldset.getByRole('status')).toContainText('until the browser closes');

    const session = await storageArea(serviceWorker, 'session');
    expect(session[GRANT_KEY]).toMatchObject({
      status: 'signed-in',
      apiBase: sandbox.url,
      clientId: 'sandbox-oauth-client',
      site: 'datadoghq.eu',
    });
    // The build's client: no registration.
    expect(sandbox.oauth.stats().registrations).toBe(0);
    const local = await storageArea(serviceWorker, 'local');
    expect(Object.keys(local).filter((key) => key.startsWith('grant:'))).toEqual([]);
    const token = (session[GRANT_KEY] as { accessToken: string }).accessToken;
    expect(JSON.stringify(local)).not.toContain(token);
    // One credential per profile: the keys are gone.
    expect(JSON.stringify(local)).not.toContain(sandbox.apiKey);

    const page = await openDemoProduct();
    const popup = await popupFor(page);
    await expect(popup.getByTestId('datadog-credential')).toContainText('Signed in to datadoghq.eu');
    await saveFromPopup(popup);
    expect(sandbox.state().snapshots).toHaveLength(1);
    const calls = apiCalls(sandbox);
    expect(calls.some((call) => call.request.startsWith('POST /api/v2/replay/heatmap/snapshots'))).toBe(true);
    expect(calls.every((call) => call.bearer && !call.keyHeaders && call.org === 'default')).toBe(true);
  },
);

oauthTest(
  'an access token that expires while a save waits for the replay is refreshed once, and the save is made once',
  async ({ sandbox, signedIn, openDemoProduct, popupFor }) => {
    await signedIn();

    const page = await openDemoProduct();
    const popup = await popupFor(page);
    await popup.getByRole('button', { name: 'Save snapshot' }).click();
    await expect(popup.getByRole('status').filter({ hasText: 'Waiting for Datadog' })).toBeVisible();
    // Mid-save, Datadog stops accepting the token the extension holds (it believes it valid for an hour).
    const callsBefore = apiCalls(sandbox).length;
    sandbox.oauth.expireAccessTokens();
    await expect(popup.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible({ timeout: 60_000 });

    expect(sandbox.state().snapshots).toHaveLength(1);
    expect(sandbox.oauth.stats().refreshes).toBe(1);
    const afterExpiry = apiCalls(sandbox).slice(callsBefore);
    expect(afterExpiry.filter((call) => call.org === null).length).toBeGreaterThanOrEqual(1);
    expect(afterExpiry.some((call) => call.request.startsWith('POST ') && call.org === 'default')).toBe(true);
    expect(apiCalls(sandbox).every((call) => call.bearer && !call.keyHeaders)).toBe(true);
  },
);

oauthTest(
  'a refresh token revoked at Datadog: the save says "Signed out: sign in again", and so do the options',
  async ({ sandbox, serviceWorker, options, signedIn, openDemoProduct, popupFor }) => {
    await signedIn();
    sandbox.oauth.revokeAll();
    await setGrantExpiry(serviceWorker, 0);

    const page = await openDemoProduct();
    const popup = await popupFor(page);
    await popup.getByRole('button', { name: 'Save snapshot' }).click();
    await expect(
      popup.getByRole('alert').filter({ hasText: 'Signed out: sign in again' }).first(),
    ).toBeVisible();
    expect(sandbox.state().snapshots).toHaveLength(0);
    expect((await storageArea(serviceWorker, 'session'))[GRANT_KEY]).toMatchObject({ status: 'signed-out' });

    await options.reload();
    await expect(options.getByTestId('datadog-sign-in').getByRole('alert')).toHaveText(
      'Signed out: sign in again.',
    );
  },
);

oauthTest(
  'sign-out revokes the grant at Datadog and forgets the tokens',
  async ({ sandbox, serviceWorker, signedIn }) => {
    const fieldset = await signedIn();
    expect(sandbox.oauth.stats()).toMatchObject({ liveGrants: 1, revocations: 0 });

    await fieldset.getByRole('button', { name: 'Sign out' }).click();
    await expect(fieldset.getByRole('button', { name: 'Sign in with Datadog' })).toBeVisible();
    expect(sandbox.oauth.stats()).toMatchObject({ liveGrants: 0, revocations: 1 });
    expect((await storageArea(serviceWorker, 'session'))[GRANT_KEY]).toBeUndefined();
  },
);

oauthTest(
  'a callback with the wrong state, or from another site’s org, is refused before any code exchange',
  async ({ sandbox, serviceWorker, signIn }) => {
    sandbox.oauth.configure({ forgeState: true });
    let fieldset = await signIn();
    await expect(fieldset.getByRole('alert')).toContainText('its state did not match');

    // The profile chose EU1; the org Datadog signed in to is on US1.
    sandbox.oauth.configure({ forgeState: false, callbackDomain: 'datadoghq.com' });
    fieldset = await signIn();
    await expect(fieldset.getByRole('alert')).toContainText(
      'You signed in to an organisation on datadoghq.com, not datadoghq.eu',
    );

    expect(sandbox.oauth.stats().exchanges).toBe(0);
    expectTokenCallsOnApiOrigin(sandbox, 0);
    expect((await storageArea(serviceWorker, 'session'))[GRANT_KEY]).toBeUndefined();
  },
);

oauthTest(
  'a callback whose domain is the profile’s site signs in on US1 and on EU1, and the token call goes to the API origin',
  async ({ sandbox, serviceWorker, options, signedIn }) => {
    // EU1 (the harness's site): domain=datadoghq.eu, the sandbox's default.
    let fieldset = await signedIn();
    await expect(fieldset.getByRole('status')).toContainText('Signed in to datadoghq.eu');
    expectTokenCallsOnApiOrigin(sandbox, 1);
    await fieldset.getByRole('button', { name: 'Sign out' }).click();
    await expect(fieldset.getByRole('button', { name: 'Sign in with Datadog' })).toBeVisible();
    expectTokenCallsOnApiOrigin(sandbox, 2);

    // US1: the profile's site and the callback's domain are datadoghq.com.
    await configureForSandbox(serviceWorker, sandbox, { site: 'datadoghq.com', appUrl: sandbox.appUrl });
    sandbox.oauth.configure({ callbackDomain: 'datadoghq.com' });
    await options.reload();
    fieldset = await signedIn();
    await expect(fieldset.getByRole('status')).toContainText('Signed in to datadoghq.com');
    expect((await storageArea(serviceWorker, 'session'))[GRANT_KEY]).toMatchObject({
      site: 'datadoghq.com',
      apiBase: sandbox.url,
    });
    expect(sandbox.oauth.stats().exchanges).toBe(2);
    expectTokenCallsOnApiOrigin(sandbox, 3);
  },
);

oauthTest(
  'a build without a client of its own registers one on the API origin first, then reuses it; a callback without state is accepted',
  async ({ sandbox, serviceWorker, signedIn }) => {
    // Test-only (e2e build): act as a build without WXT_DATADOG_OAUTH_CLIENT_ID.
    await serviceWorker.evaluate(() => chrome.storage.session.set({ e2eOAuthRegister: true }));
    let fieldset = await signedIn();
    const registered = (await storageArea(serviceWorker, 'local'))[CLIENTS_KEY] as Record<
      string,
      { clientId: string; redirectUri: string }
    >;
    const client = registered[sandbox.url];
    expect(client?.clientId).toMatch(/^dcr-/);
    expect(client?.redirectUri).toMatch(/^https:\/\/[a-p]{32}\.chromiumapp\.org\/$/);
    expect((await storageArea(serviceWorker, 'session'))[GRANT_KEY]).toMatchObject({
      status: 'signed-in',
      clientId: client?.clientId,
    });
    expect(sandbox.oauth.stats()).toMatchObject({ registrations: 1, exchanges: 1 });

    // Sign out (revoked as the registered client), then in again: the same client, no new registration,
    // and Datadog not echoing `state` does not stop it (PKCE binds the code).
    await fieldset.getByRole('button', { name: 'Sign out' }).click();
    await expect(fieldset.getByRole('button', { name: 'Sign in with Datadog' })).toBeVisible();
    expect(sandbox.oauth.stats()).toMatchObject({ revocations: 1, liveGrants: 0 });
    sandbox.oauth.configure({ echoState: false });
    fieldset = await signedIn();
    expect(sandbox.oauth.stats()).toMatchObject({ registrations: 1, exchanges: 2 });
    expect((await storageArea(serviceWorker, 'session'))[GRANT_KEY]).toMatchObject({
      clientId: client?.clientId,
    });
    expectTokenCallsOnApiOrigin(sandbox, 3);
  },
);

oauthTest(
  '“Stay signed in” keeps the sign-in in local storage instead, and says so',
  async ({ sandbox, serviceWorker, signedIn }) => {
    const fieldset = await signedIn(true);
    await expect(fieldset.getByRole('status')).toContainText('kept after the browser closes');
    expect((await storageArea(serviceWorker, 'local'))[GRANT_KEY]).toMatchObject({
      status: 'signed-in',
      apiBase: sandbox.url,
    });
    expect((await storageArea(serviceWorker, 'session'))[GRANT_KEY]).toBeUndefined();
  },
);

oauthTest(
  'entering both keys and saving switches the profile back to keys and ends the sign-in at Datadog',
  async ({ sandbox, serviceWorker, options, signedIn }) => {
    await signedIn();
    const datadog = options.getByRole('group', { name: 'Datadog', exact: true });
    await datadog.getByLabel('API key', { exact: true }).fill(sandbox.apiKey);
    await datadog.getByLabel('Application key', { exact: true }).fill(sandbox.appKey);
    await datadog.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(
      options.getByTestId('datadog-sign-in').getByRole('button', { name: 'Sign in with Datadog' }),
    ).toBeVisible();
    expect(sandbox.oauth.stats()).toMatchObject({ liveGrants: 0, revocations: 1 });
    expect((await storageArea(serviceWorker, 'session'))[GRANT_KEY]).toBeUndefined();
  },
);

oauthTest(
  'signed in, the worker stopped while the save waits for the replay: the resumed save reads the grant again and saves once, by bearer',
  async ({ sandbox, context, signedIn, openDemoProduct, popupFor }) => {
    await signedIn();
    sandbox.setFaults({ ingestionDelayMs: 5_000 });
    const page = await openDemoProduct();
    const popup = await popupFor(page);
    const worker = await controlWorker(context, popup);
    await popup.getByRole('button', { name: 'Save snapshot' }).click();
    await expect(popup.getByRole('status')).toContainText(/Waiting for Datadog/i);
    // The grant lives in storage.session, which outlives the worker (not the browser).
    await worker.stop();
    await expect(popup.getByRole('status').filter({ hasText: 'Saved' })).toBeVisible({ timeout: 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(sandbox.state().snapshots).toHaveLength(1);
    expect(apiCalls(sandbox).every((call) => call.bearer && !call.keyHeaders && call.org === 'default')).toBe(
      true,
    );
    expect(sandbox.oauth.stats().refreshes).toBe(0);
  },
);
