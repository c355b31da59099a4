import {
  guardedFetch,
  type HostAccessCheck,
  HostAccessError,
  hostAccessProblem,
} from '@/lib/shared/host-access';
import type { HttpClientOptions } from '@/lib/shared/http';
import { type CheckedProfile, readProfile } from '@/lib/storage/items';
import { createDatadogClient, type DatadogClient, type DatadogClientOptions } from './client';
import { bearerFor } from './oauth/background';
import { apiBaseUrl } from './sites';

/**
 * A client whose every request passes the host gate (lib/shared/host-access.ts): to its base URL
 * only, with the host permission held at that moment.
 */
export function guardedDatadogClient(
  options: DatadogClientOptions,
  hasAccess?: HostAccessCheck,
): DatadogClient {
  return createDatadogClient({
    ...options,
    fetch: guardedFetch(options.baseUrl, 'Datadog', hasAccess, options.fetch),
  });
}

/**
 * A client for a profile's stored settings (the default profile's when `profileId` is omitted;
 * `http` for a save's budget): see `clientForProfile`.
 */
export async function clientFromSettings(
  http: HttpClientOptions = {},
  hasAccess?: HostAccessCheck,
  profileId?: string,
): Promise<DatadogClient> {
  return clientForProfile(await readProfile('datadog', profileId), http, hasAccess);
}

/**
 * A client for a profile already read, with its keys or its sign-in's bearer token; the keys never
 * leave the background. Refused with a sentence saying what to do when the stored settings need
 * fixing, a key is missing, the profile is signed out, or the host may not be reached.
 */
export async function clientForProfile(
  { id, settings, problem }: CheckedProfile<'datadog'>,
  http: HttpClientOptions = {},
  hasAccess?: HostAccessCheck,
): Promise<DatadogClient> {
  if (problem !== null) throw new Error(problem);
  const signedIn = settings.credential.kind === 'sign-in';
  if (!signedIn && (!settings.apiKey || !settings.appKey)) {
    throw new Error('Add your Datadog API and application keys in the extension settings first.');
  }
  const baseUrl = apiBaseUrl(settings);
  const refusal = await hostAccessProblem(baseUrl, 'Datadog', hasAccess);
  if (refusal !== null) throw new HostAccessError(refusal);
  if (settings.credential.kind === 'sign-in') {
    const bearer = bearerFor(id, settings.credential.persist);
    await bearer.current(); // Signed out, or never signed in: say so now, before anything is sent.
    return guardedDatadogClient({ baseUrl, bearer, ...http }, hasAccess);
  }
  return guardedDatadogClient(
    { baseUrl, apiKey: settings.apiKey, appKey: settings.appKey, ...http },
    hasAccess,
  );
}
