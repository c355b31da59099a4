import { normaliseApiUrl } from '@/lib/shared/api-url';
import type { DatadogSettings, SiteId } from '../settings';
import { SITES } from '../settings';
import { appBaseUrl } from '../sites';

/**
 * The OAuth client this build signs in as, from the build's configuration
 * (`WXT_DATADOG_OAUTH_CLIENT_ID`; registering a client with Datadog is a step outside the code).
 * Empty: sign-in is not offered.
 */
export const DATADOG_OAUTH_CLIENT_ID: string = import.meta.env.WXT_DATADOG_OAUTH_CLIENT_ID ?? '';

/**
 * The least the extension needs: reading replay segments and heatmap snapshots, and writing
 * snapshots. Datadog's reference for these endpoints names no OAuth scope; these are the
 * session-replay permissions' names, kept here alone so they are corrected in one place.
 */
export const DATADOG_OAUTH_SCOPES = ['rum_session_replay_read', 'rum_session_replay_write'] as const;

/** An access token is refreshed this long before it expires, so no request carries one that lapses in flight. */
export const REFRESH_MARGIN_MS = 60_000;

/**
 * Whether "Sign in with Datadog" is offered for `site`: a client id is configured, and the site is
 * not a government one (the client is not registered there; those orgs keep using keys).
 */
export function signInOffered(site: SiteId, clientId: string = DATADOG_OAUTH_CLIENT_ID): boolean {
  return clientId !== '' && SITES.some((entry) => entry.id === site && !entry.government);
}

/** Where sign-in happens: the custom app URL (a proxy, the sandbox) when set, else the site's web app. */
export function oauthBaseUrl(settings: Pick<DatadogSettings, 'site' | 'appUrl'>): string {
  const custom = normaliseApiUrl(settings.appUrl);
  return custom.length > 0 ? custom : appBaseUrl(settings.site);
}
