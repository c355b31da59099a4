import { normaliseApiUrl } from '@/lib/shared/api-url';
import type { DatadogSettings, SiteId } from '../settings';
import { SITES } from '../settings';
import { apiBaseUrl, appBaseUrl } from '../sites';

/** The client a token call names: its id, and its secret when Datadog issued one (a confidential client). */
export interface OAuthClient {
  clientId: string;
  clientSecret?: string;
}

/**
 * The OAuth client this build signs in as, from the build's configuration
 * (`WXT_DATADOG_OAUTH_CLIENT_ID`, and `WXT_DATADOG_OAUTH_CLIENT_SECRET` when Datadog issued the
 * client a secret: DataDog/documentation `content/en/extend/authorization/oauth2_endpoints.md`,
 * "client_secret (if issued)"; neither is ever in the repository). Null: the build has none, and
 * each installation registers its own client per API origin (./registration.ts), as `pup` does.
 */
export const BUILD_OAUTH_CLIENT: OAuthClient | null = buildClient(
  import.meta.env.WXT_DATADOG_OAUTH_CLIENT_ID ?? '',
  import.meta.env.WXT_DATADOG_OAUTH_CLIENT_SECRET ?? '',
);

export function buildClient(clientId: string, clientSecret: string): OAuthClient | null {
  if (clientId === '') return null;
  return clientSecret === '' ? { clientId } : { clientId, clientSecret };
}

/**
 * The scopes asked for, Datadog permission names only, kept here alone. The extension reads replay
 * segments and lists, creates, updates and deletes heatmap snapshots. The official clients' spec
 * (datadog-api-client, `RumReplayHeatmapsApi` / `RumReplaySessionsApi`) accepts an OAuth token
 * (`AuthZ`) on all of them and names no permission for any; the one documented permission about
 * replays is `rum_session_replay_read` ("View Session Replays", DataDog/documentation
 * `content/en/account_management/rbac/permissions.md`), which `pup` also requests (DataDog/pup
 * `src/auth/types.rs`, both scope lists). There is no replay or heatmap *write* permission
 * (`rum_session_replay_write` does not exist), so nothing else is asked for: whether creating a
 * snapshot needs more is unknown, and a 403 names the permission this sign-in holds
 * (`forbiddenSentence`).
 */
export const DATADOG_OAUTH_SCOPES = ['rum_session_replay_read'] as const;

/** What a signed-in request refused with 403 tells the person: what the sign-in was granted. */
export function forbiddenSentence(grantedScope: string): string {
  const granted = grantedScope.trim() === '' ? DATADOG_OAUTH_SCOPES.join(' ') : grantedScope.trim();
  return `Datadog refused this signed-in request (403): your sign-in grants only ${granted}, and your Datadog role must hold that permission. Ask an admin, or use keys.`;
}

/** An access token is refreshed this long before it expires, so no request carries one that lapses in flight. */
export const REFRESH_MARGIN_MS = 60_000;

/**
 * Whether "Sign in with Datadog" is offered for `site`: on every build (with the build's client,
 * or a client registered on first sign-in), but not on government sites, where no client of this
 * extension is known to be allowed; those orgs keep using keys.
 */
export function signInOffered(site: SiteId): boolean {
  return SITES.some((entry) => entry.id === site && !entry.government);
}

/** Where the consent page is: the custom app URL (a proxy, the sandbox) when set, else the site's web app. */
export function oauthBaseUrl(settings: Pick<DatadogSettings, 'site' | 'appUrl'>): string {
  const custom = normaliseApiUrl(settings.appUrl);
  return custom.length > 0 ? custom : appBaseUrl(settings.site);
}

/**
 * Where registration, token and revoke calls go: `https://api.{domain}` (the callback's `domain`,
 * already checked to be the profile's site), or the custom API URL (a proxy, the sandbox) when set.
 * DataDog/documentation `oauth2_in_datadog.md` step 5: "https://api.<domain>/oauth2/v1/token".
 */
export function oauthApiBaseUrl(settings: Pick<DatadogSettings, 'apiUrl'>, domain: SiteId): string {
  return apiBaseUrl({ site: domain, apiUrl: settings.apiUrl });
}
