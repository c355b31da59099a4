import { type Settings, SITES, type SiteId } from '@/lib/settings/settings';

/** Where API calls go: the custom URL when set (a proxy or the sandbox), else Datadog's host. */
export function apiBaseUrl(settings: Pick<Settings, 'site' | 'apiUrl'>): string {
  const custom = settings.apiUrl.trim().replace(/\/+$/, '');
  return custom.length > 0 ? custom : `https://api.${settings.site}`;
}

function siteEntry(site: SiteId): (typeof SITES)[number] {
  const entry = SITES.find((candidate) => candidate.id === site);
  if (!entry) throw new Error(`Unknown Datadog site "${site}".`);
  return entry;
}

/** The web app host, e.g. `https://app.datadoghq.eu` (not always `app.{site}`: see SITES). */
export function appBaseUrl(site: SiteId): string {
  return `https://${siteEntry(site).app}`;
}

/**
 * True only for `https://api.{site}` of a known site, with no port or credentials: used to tell
 * people whether their keys go to Datadog itself or to somewhere else.
 */
export function isDatadogApiHost(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' || parsed.username !== '' || parsed.password !== '') return false;
  return SITES.some((site) => parsed.host === `api.${site.id}`);
}

/** Datadog's heatmaps page (its query format is not published, so no deep link into a view). */
export function heatmapsLink(site: SiteId): string {
  return `${appBaseUrl(site)}/rum/heatmap/`;
}
