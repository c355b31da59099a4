import type { DatadogSettings } from '../settings';
import { authorizeUrl, readCallback } from './authorize';
import { DATADOG_OAUTH_SCOPES, type OAuthClient, oauthApiBaseUrl, oauthBaseUrl } from './config';
import { type Grant, grantFromTokens } from './grant';
import { createPkce } from './pkce';
import type { ClientRegistry } from './registration';
import type { TokenEndpoint } from './token-endpoint';

export type SignInResult = { ok: true; grant: Grant } | { ok: false; message: string };

export interface SignInDeps {
  /** The build's own client; null: a client registered for the API origin (./registration.ts). */
  buildClient: OAuthClient | null;
  clients: ClientRegistry;
  /** `identity.getRedirectURL()`: `https://<extension id>.chromiumapp.org/` in Chromium. */
  redirectUri: string;
  /** `identity.launchWebAuthFlow({url, interactive: true})`: the URL the flow ended on. */
  launch(url: string): Promise<string>;
  endpointFor(apiBase: string, client: OAuthClient): TokenEndpoint;
  now?: () => number;
  createPkce?: typeof createPkce;
}

type Attempt = SignInResult | { ok: false; retry: 'client-refused' };

/**
 * One sign-in: the client (the build's, or this installation's registered one), Datadog's consent
 * page in the browser's auth window, then the code exchanged on the API origin with its PKCE
 * verifier. The callback's state and domain (= the profile's site) are checked before the API
 * origin is used. A registered client that Datadog refuses (`invalid_client`) is forgotten and a
 * new one registered, once; the build's own client is never replaced.
 */
export async function signIn(
  settings: Pick<DatadogSettings, 'site' | 'apiUrl' | 'appUrl'>,
  deps: SignInDeps,
): Promise<SignInResult> {
  const first = await attempt(settings, deps);
  if (!('retry' in first)) return first;
  const second = await attempt(settings, deps);
  return 'retry' in second
    ? { ok: false, message: 'Datadog did not accept this extension’s sign-in client, even newly registered.' }
    : second;
}

async function attempt(
  settings: Pick<DatadogSettings, 'site' | 'apiUrl' | 'appUrl'>,
  deps: SignInDeps,
): Promise<Attempt> {
  const registrationBase = oauthApiBaseUrl(settings, settings.site);
  let client = deps.buildClient;
  if (client === null) {
    const registered = await deps.clients.clientFor(registrationBase, deps.redirectUri);
    if (!registered.ok) return registered;
    client = registered.client;
  }
  const pkce = await (deps.createPkce ?? createPkce)();
  const url = authorizeUrl({
    base: oauthBaseUrl(settings),
    clientId: client.clientId,
    redirectUri: deps.redirectUri,
    challenge: pkce.challenge,
    state: pkce.state,
    scopes: DATADOG_OAUTH_SCOPES,
  });
  let redirectedTo: string;
  try {
    redirectedTo = await deps.launch(url);
  } catch {
    // The browser says only that the window closed or could not load: nothing more to tell.
    return {
      ok: false,
      message: 'Sign-in did not finish (the window was closed or Datadog could not be reached).',
    };
  }
  const callback = readCallback(redirectedTo, pkce.state, settings.site);
  if (!callback.ok) return { ok: false, message: callback.message };
  const apiBase = oauthApiBaseUrl(settings, callback.domain);
  const answer = await deps
    .endpointFor(apiBase, client)
    .exchangeCode(callback.code, pkce.verifier, deps.redirectUri);
  if (!answer.ok) {
    if (answer.failure === 'invalid-client' && deps.buildClient === null) {
      await deps.clients.forget(registrationBase, client.clientId);
      return { ok: false, retry: 'client-refused' };
    }
    return { ok: false, message: answer.message };
  }
  const origin = { apiBase, clientId: client.clientId, site: callback.domain };
  return { ok: true, grant: grantFromTokens(answer.tokens, origin, (deps.now ?? Date.now)()) };
}
