import { authorizeUrl, readCallback } from './authorize';
import { DATADOG_OAUTH_SCOPES } from './config';
import { type Grant, grantFromTokens } from './grant';
import { createPkce } from './pkce';
import type { TokenEndpoint } from './token-endpoint';

export type SignInResult = { ok: true; grant: Grant } | { ok: false; message: string };

export interface SignInDeps {
  clientId: string;
  /** `identity.getRedirectURL()`: `https://<extension id>.chromiumapp.org/`. */
  redirectUri: string;
  /** `identity.launchWebAuthFlow({url, interactive: true})`: the URL the flow ended on. */
  launch(url: string): Promise<string>;
  endpoint: TokenEndpoint;
  now?: () => number;
  createPkce?: typeof createPkce;
}

/**
 * One sign-in: Datadog's own consent page in the browser's auth window, then the code exchanged
 * with its PKCE verifier. The callback's state and domain are checked before the code is used.
 */
export async function signIn(base: string, deps: SignInDeps): Promise<SignInResult> {
  const pkce = await (deps.createPkce ?? createPkce)();
  const url = authorizeUrl({
    base,
    clientId: deps.clientId,
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
  const callback = readCallback(redirectedTo, pkce.state, base);
  if (!callback.ok) return { ok: false, message: callback.message };
  const answer = await deps.endpoint.exchangeCode(callback.code, pkce.verifier, deps.redirectUri);
  if (!answer.ok) return { ok: false, message: answer.message };
  return { ok: true, grant: grantFromTokens(answer.tokens, base, (deps.now ?? Date.now)()) };
}
