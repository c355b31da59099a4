import { isOwnApiHost, normaliseApiUrl } from '@/lib/shared/api-url';

/**
 * Where PostHog lives: its two cloud regions (the web app and the API share one host), links into
 * the web app, and the guess of the API URL from what posthog-js on a page reports to.
 */

/** PostHog Cloud regions. `ingest` are the hosts posthog-js sends events to in that region. */
export const POSTHOG_CLOUD_HOSTS = [
  {
    id: 'us',
    label: 'PostHog Cloud US (us.posthog.com)',
    apiUrl: 'https://us.posthog.com',
    ingest: ['us.i.posthog.com', 'us-assets.i.posthog.com', 'us.posthog.com', 'app.posthog.com'],
  },
  {
    id: 'eu',
    label: 'PostHog Cloud EU (eu.posthog.com)',
    apiUrl: 'https://eu.posthog.com',
    ingest: ['eu.i.posthog.com', 'eu-assets.i.posthog.com', 'eu.posthog.com'],
  },
] as const;
export type PosthogCloud = (typeof POSTHOG_CLOUD_HOSTS)[number];

const CLOUD_API_HOSTS = POSTHOG_CLOUD_HOSTS.map((cloud) => new URL(cloud.apiUrl).host);

/**
 * `url` as an http(s) origin (`https://host[:port]`), resolved against `base` when relative
 * (posthog-js accepts `api_host: '/ingest'`); null for anything else. The one URL rule for hosts
 * read from pages and typed by people.
 */
export function toHttpOrigin(url: string, base?: string): string | null {
  try {
    const parsed = new URL(url, base);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
    if (parsed.username !== '' || parsed.password !== '') return null;
    return parsed.origin;
  } catch {
    return null;
  }
}

/** True for a string that already is an http(s) origin as `URL.origin` writes it. */
export function isHttpOrigin(value: string): boolean {
  return toHttpOrigin(value) === value;
}

/** True only for PostHog Cloud's own API hosts: tells people whether their key goes to PostHog itself. */
export function isPosthogCloudHost(url: string): boolean {
  return isOwnApiHost(url, CLOUD_API_HOSTS);
}

function cloudOfHost(url: string | null): PosthogCloud | null {
  if (url === null) return null;
  const origin = toHttpOrigin(url);
  if (origin === null || !origin.startsWith('https://')) return null;
  const host = new URL(origin).host;
  return POSTHOG_CLOUD_HOSTS.find((cloud) => (cloud.ingest as readonly string[]).includes(host)) ?? null;
}

/** What the page's posthog-js config says about which API URL the person probably needs. */
export type ApiUrlSuggestion =
  | { kind: 'cloud'; apiUrl: string; label: string }
  /** Neither host is PostHog Cloud: a self-hosted PostHog, or a reverse proxy in front of either. */
  | { kind: 'self-hosted-or-proxy'; apiUrl: string }
  | { kind: 'none' };

/**
 * Maps a page's `api_host` / `ui_host` to a likely API URL. A reverse proxy hides the region in
 * `api_host`, but PostHog's proxy guide has such pages set `ui_host` to the region's app host,
 * so `ui_host` is asked first.
 */
export function suggestApiUrl(hosts: { apiHost: string | null; uiHost: string | null }): ApiUrlSuggestion {
  const cloud = cloudOfHost(hosts.uiHost) ?? cloudOfHost(hosts.apiHost);
  if (cloud) return { kind: 'cloud', apiUrl: cloud.apiUrl, label: cloud.label };
  const origin = toHttpOrigin(hosts.uiHost ?? hosts.apiHost ?? '');
  return origin === null ? { kind: 'none' } : { kind: 'self-hosted-or-proxy', apiUrl: origin };
}

/**
 * One saved heatmap in the web app. The reference names the list page
 * (`/project/{project_id}/heatmaps/`); the saved heatmap's own page under it is inferred.
 */
export function savedHeatmapLink(apiUrl: string, projectId: string, shortId: string): string {
  return `${normaliseApiUrl(apiUrl)}/project/${encodeURIComponent(projectId)}/heatmaps/${encodeURIComponent(shortId)}`;
}
