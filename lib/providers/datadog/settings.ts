import { z } from 'zod';

/** Datadog sites from the reference table; the API host is `api.{site}` for every one. */
export const SITES = [
  { id: 'datadoghq.com', label: 'US1 (datadoghq.com)', app: 'app.datadoghq.com' },
  { id: 'us3.datadoghq.com', label: 'US3 (us3.datadoghq.com)', app: 'us3.datadoghq.com' },
  { id: 'us5.datadoghq.com', label: 'US5 (us5.datadoghq.com)', app: 'us5.datadoghq.com' },
  { id: 'datadoghq.eu', label: 'EU1 (datadoghq.eu)', app: 'app.datadoghq.eu' },
  { id: 'ap1.datadoghq.com', label: 'AP1 (ap1.datadoghq.com)', app: 'ap1.datadoghq.com' },
  { id: 'ap2.datadoghq.com', label: 'AP2 (ap2.datadoghq.com)', app: 'ap2.datadoghq.com' },
  { id: 'uk1.datadoghq.com', label: 'UK1 (uk1.datadoghq.com)', app: 'uk1.datadoghq.com' },
  { id: 'ddog-gov.com', label: 'US1-FED (ddog-gov.com)', app: 'app.ddog-gov.com' },
  { id: 'us2.ddog-gov.com', label: 'US2-FED (us2.ddog-gov.com)', app: 'us2.ddog-gov.com' },
] as const;

export const SiteIdSchema = z.enum(SITES.map((site) => site.id) as [SiteId, ...SiteId[]]);
export type SiteId = (typeof SITES)[number]['id'];

/** Keys are opaque to us; bound them and refuse whitespace, which is always a paste mistake. */
const key = (label: string) =>
  z
    .string()
    .max(200, `${label} is over 200 characters`)
    .regex(/^\S*$/, `${label} contains spaces or line breaks`);

export const DatadogSettingsSchema = z.object({
  site: SiteIdSchema,
  apiKey: key('API key'),
  appKey: key('Application key'),
  /** Custom API base URL (a proxy, or the local sandbox); empty means `https://api.{site}`. */
  apiUrl: z.union([z.literal(''), z.url({ protocol: /^https?$/, error: 'API URL must be an http(s) URL' })]),
});
export type DatadogSettings = z.infer<typeof DatadogSettingsSchema>;

export const DEFAULT_DATADOG_SETTINGS: DatadogSettings = {
  site: 'datadoghq.com',
  apiKey: '',
  appKey: '',
  apiUrl: '',
};
