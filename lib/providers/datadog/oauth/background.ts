import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import { guardedFetch } from '@/lib/shared/host-access';
import {
  readGrant,
  readOAuthClients,
  readProfile,
  removeGrant,
  writeGrant,
  writeOAuthClients,
  writeSettings,
} from '@/lib/storage/items';
import { type BearerSource, DatadogApiError } from '../client';
import { noSignIn } from '../connection';
import type { DatadogSignInState } from '../protocol';
import type { DatadogSettings } from '../settings';
import { BUILD_OAUTH_CLIENT, forbiddenSentence, type OAuthClient, signInOffered } from './config';
import { type AccessResult, createGrantKeeper, type GrantOrigin, type GrantStorage } from './grant';
import { createClientRegistry, registerClient } from './registration';
import { signIn } from './sign-in';
import { createTokenEndpoint } from './token-endpoint';

/**
 * The browser side of signing in with Datadog: grants and registered clients in the extension's
 * storage, token and registration calls through the host gate (to the API origin only), the auth
 * window through `identity`.
 */

const grantStorage: GrantStorage = {
  read: (profileId) => readGrant('datadog', profileId),
  write: (profileId, grant, persist) => writeGrant('datadog', profileId, grant, persist),
  remove: (profileId) => removeGrant('datadog', profileId),
};

/**
 * The build's client. The e2e build alone can be told to act as a build without one (test-only
 * `session:e2eOAuthRegister`, as `session:e2eManagedPolicy`), so one build tests both paths.
 */
async function buildClientForSignIn(): Promise<OAuthClient | null> {
  if (
    import.meta.env.MODE === 'e2e' &&
    (await storage.getItem<unknown>('session:e2eOAuthRegister')) === true
  ) {
    return null;
  }
  return BUILD_OAUTH_CLIENT;
}

/** A grant's client: the build's (with its secret) when it is that one, else a registered (public) one. */
function clientOf(clientId: string): OAuthClient {
  return BUILD_OAUTH_CLIENT?.clientId === clientId ? BUILD_OAUTH_CLIENT : { clientId };
}

function endpointFor(apiBase: string, client: OAuthClient) {
  return createTokenEndpoint({ base: apiBase, client, fetch: guardedFetch(apiBase, 'Datadog') });
}

const endpointOfGrant = (grant: GrantOrigin) => endpointFor(grant.apiBase, clientOf(grant.clientId));

const keeper = createGrantKeeper({ storage: grantStorage, endpointFor: endpointOfGrant });

const clients = createClientRegistry({
  storage: {
    read: () => readOAuthClients('datadog'),
    write: (registered) => writeOAuthClients('datadog', registered),
  },
  register: (apiBase, redirectUri) =>
    registerClient({ apiBase, redirectUri, fetch: guardedFetch(apiBase, 'Datadog') }),
});

function tokenOf(result: AccessResult): string {
  if (result.ok) return result.token;
  throw new DatadogApiError(result.why === 'unreachable' ? 'network' : 'auth', result.message);
}

/** The bearer token source of a signed-in profile, for its API client. */
export function bearerFor(profileId: string, persist: boolean): BearerSource {
  return {
    current: async () => tokenOf(await keeper.accessToken(profileId, persist)),
    afterRefusal: async (refused) => tokenOf(await keeper.afterRefusal(profileId, persist, refused)),
    forbidden: async () => {
      const grant = await keeper.readGrant(profileId);
      return forbiddenSentence(grant?.status === 'signed-in' ? grant.scope : '');
    },
  };
}

/** What pages may see of a profile's sign-in. */
export async function signInState(profileId: string, settings: DatadogSettings): Promise<DatadogSignInState> {
  const none = noSignIn(settings);
  // A keys profile reads no grant: this runs on every popup open, before Save can be clicked.
  if (settings.credential.kind === 'keys') return none;
  const grant = await keeper.readGrant(profileId);
  if (grant === null) return none;
  const { status, site, signedInAt } = grant;
  return { ...none, status, site, signedInAt };
}

/**
 * Sign the profile in. On success its grant is stored (session storage unless `persist`) and the
 * profile switches to it, its keys dropped: one credential per profile.
 */
export async function signInProfile(profileId: string | undefined, persist: boolean): Promise<string | null> {
  const profile = await readProfile('datadog', profileId);
  const { settings } = profile;
  // The organisation chose this profile's keys: a sign-in to another account would route around them.
  if (profile.managedFields?.some((field) => field === 'apiKey' || field === 'appKey')) {
    return 'Your organisation set this profile’s keys, so it cannot sign in instead: use another profile.';
  }
  if (!signInOffered(settings.site)) return 'Sign-in is not offered on government sites: use keys.';
  const result = await signIn(settings, {
    buildClient: await buildClientForSignIn(),
    clients,
    redirectUri: browser.identity.getRedirectURL(),
    launch: async (url) => (await browser.identity.launchWebAuthFlow({ url, interactive: true })) ?? '',
    endpointFor,
  });
  if (!result.ok) return result.message;
  await removeGrant('datadog', profile.id);
  await writeGrant('datadog', profile.id, result.grant, persist);
  await writeSettings(
    'datadog',
    { ...settings, credential: { kind: 'sign-in', persist }, apiKey: '', appKey: '' },
    profile.id,
  );
  return null;
}

/** Forget the sign-in here, then revoke it at Datadog; a sentence when revocation failed. */
export async function signOutProfile(profileId: string | undefined): Promise<string | null> {
  const profile = await readProfile('datadog', profileId);
  const grant = await keeper.readGrant(profile.id);
  await removeGrant('datadog', profile.id);
  if (grant?.status !== 'signed-in') return null;
  const revoked = await endpointOfGrant(grant).revoke(grant.refreshToken);
  return revoked.ok ? null : `Signed out here, but ${revoked.message}`;
}
