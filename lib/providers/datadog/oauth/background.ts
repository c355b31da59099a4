import { browser } from 'wxt/browser';
import { guardedFetch, type HostAccessCheck } from '@/lib/shared/host-access';
import { readGrant, readProfile, removeGrant, writeGrant, writeSettings } from '@/lib/storage/items';
import { type BearerSource, DatadogApiError } from '../client';
import { noSignIn } from '../connection';
import type { DatadogSignInState } from '../protocol';
import type { DatadogSettings } from '../settings';
import { DATADOG_OAUTH_CLIENT_ID, oauthBaseUrl, signInOffered } from './config';
import { type AccessResult, createGrantKeeper, type GrantStorage } from './grant';
import { signIn } from './sign-in';
import { createTokenEndpoint } from './token-endpoint';

/**
 * The browser side of signing in with Datadog: grants in the extension's storage, token calls
 * through the host gate (to the app URL only), the auth window through `identity`.
 */

const grantStorage: GrantStorage = {
  read: (profileId) => readGrant('datadog', profileId),
  write: (profileId, grant, persist) => writeGrant('datadog', profileId, grant, persist),
  remove: (profileId) => removeGrant('datadog', profileId),
};

function endpointFor(base: string, hasAccess?: HostAccessCheck) {
  return createTokenEndpoint({
    base,
    clientId: DATADOG_OAUTH_CLIENT_ID,
    fetch: guardedFetch(base, 'Datadog', hasAccess),
  });
}

const keeper = createGrantKeeper({ storage: grantStorage, endpointFor: (base) => endpointFor(base) });

function tokenOf(result: AccessResult): string {
  if (result.ok) return result.token;
  throw new DatadogApiError(result.why === 'unreachable' ? 'network' : 'auth', result.message);
}

/** The bearer token source of a signed-in profile, for its API client. */
export function bearerFor(profileId: string, persist: boolean): BearerSource {
  return {
    current: async () => tokenOf(await keeper.accessToken(profileId, persist)),
    afterRefusal: async (refused) => tokenOf(await keeper.afterRefusal(profileId, persist, refused)),
  };
}

/** What pages may see of a profile's sign-in. */
export async function signInState(profileId: string, settings: DatadogSettings): Promise<DatadogSignInState> {
  const none = noSignIn(settings);
  // A keys profile reads no grant: this runs on every popup open, before Save can be clicked.
  if (settings.credential.kind === 'keys') return none;
  const grant = await keeper.readGrant(profileId);
  if (grant === null) return none;
  const { status, base, signedInAt } = grant;
  return { ...none, status, host: new URL(base).host, signedInAt };
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
  if (!signInOffered(settings.site)) {
    return DATADOG_OAUTH_CLIENT_ID === ''
      ? 'This build of the extension has no Datadog sign-in configured: use keys.'
      : 'Sign-in is not offered on government sites: use keys.';
  }
  const base = oauthBaseUrl(settings);
  const result = await signIn(base, {
    clientId: DATADOG_OAUTH_CLIENT_ID,
    redirectUri: browser.identity.getRedirectURL(),
    launch: async (url) => (await browser.identity.launchWebAuthFlow({ url, interactive: true })) ?? '',
    endpoint: endpointFor(base),
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
  const revoked = await endpointFor(grant.base).revoke(grant.refreshToken);
  return revoked.ok ? null : `Signed out here, but ${revoked.message}`;
}
