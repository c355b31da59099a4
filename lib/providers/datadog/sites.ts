import { isOwnApiHost, normaliseApiUrl } from '@/lib/shared/api-url';
import { type DatadogSettings, SITES, type SiteId } from './settings';

/** Where API calls go: the custom URL when set (a proxy or the sandbox), else Datadog's host. */
export function apiBaseUrl(settings: Pick<DatadogSettings, 'site' | 'apiUrl'>): string {
  const custom = normaliseApiUrl(settings.apiUrl);
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

const API_HOSTS = SITES.map((site) => `api.${site.id}`);

/** True only for `https://api.{site}` of a known site: whether keys go to Datadog itself or elsewhere. */
export function isDatadogApiHost(url: string): boolean {
  return isOwnApiHost(url, API_HOSTS);
}

/** Datadog's heatmaps page (its query format is not published, so no deep link into a view). */
export function heatmapsLink(site: SiteId): string {
  return `${appBaseUrl(site)}/rum/heatmap/`;
}
