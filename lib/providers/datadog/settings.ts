import { z } from 'zod/mini';
import { apiKeySchema } from '@/lib/shared/api-key';
import { apiUrlSchema } from '@/lib/shared/api-url';
import { UUID_PATTERN } from '@/lib/shared/uuid';

/**
 * Datadog sites from the reference table; the API host is `api.{site}` for every one. `government`
 * marks the US government sites (FedRAMP): keys of one kind never go to a site of the other.
 */
export const SITES = [
  { id: 'datadoghq.com', label: 'US1 (datadoghq.com)', app: 'app.datadoghq.com', government: false },
  { id: 'us3.datadoghq.com', label: 'US3 (us3.datadoghq.com)', app: 'us3.datadoghq.com', government: false },
  { id: 'us5.datadoghq.com', label: 'US5 (us5.datadoghq.com)', app: 'us5.datadoghq.com', government: false },
  { id: 'datadoghq.eu', label: 'EU1 (datadoghq.eu)', app: 'app.datadoghq.eu', government: false },
  { id: 'ap1.datadoghq.com', label: 'AP1 (ap1.datadoghq.com)', app: 'ap1.datadoghq.com', government: false },
  { id: 'ap2.datadoghq.com', label: 'AP2 (ap2.datadoghq.com)', app: 'ap2.datadoghq.com', government: false },
  { id: 'uk1.datadoghq.com', label: 'UK1 (uk1.datadoghq.com)', app: 'uk1.datadoghq.com', government: false },
  { id: 'ddog-gov.com', label: 'US1-FED (ddog-gov.com)', app: 'app.ddog-gov.com', government: true },
  { id: 'us2.ddog-gov.com', label: 'US2-FED (us2.ddog-gov.com)', app: 'us2.ddog-gov.com', government: true },
] as const;

export const SiteIdSchema = z.enum(SITES.map((site) => site.id) as [SiteId, ...SiteId[]]);
export type SiteId = (typeof SITES)[number]['id'];

/**
 * How a profile proves who it is: its API and application keys (the fields beside), or a sign-in
 * with Datadog (OAuth; the tokens live in lib/providers/datadog/oauth/grant-store.ts, never here).
 * `persist`: the person chose to keep the sign-in across browser restarts (tokens in local storage).
 */
export const DatadogCredentialSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('keys') }),
  z.object({ kind: z.literal('sign-in'), persist: z.boolean() }),
]);
export type DatadogCredential = z.infer<typeof DatadogCredentialSchema>;

export const DatadogSettingsSchema = z.object({
  site: SiteIdSchema,
  credential: DatadogCredentialSchema,
  /** Used when `credential` is keys; a signed-in profile keeps none (empty). */
  apiKey: apiKeySchema('API key'),
  appKey: apiKeySchema('Application key'),
  /** Custom API base URL (a proxy, or the local sandbox); empty means `https://api.{site}`. */
  apiUrl: apiUrlSchema('API URL', { optional: true }),
  /** Custom web app URL for sign-in (the sandbox, a proxy); empty means the site's app host. */
  appUrl: apiUrlSchema('App URL', { optional: true }),
});
export type DatadogSettings = z.infer<typeof DatadogSettingsSchema>;

export const DEFAULT_DATADOG_SETTINGS: DatadogSettings = {
  site: 'datadoghq.com',
  credential: { kind: 'keys' },
  apiKey: '',
  appKey: '',
  apiUrl: '',
  appUrl: '',
};

/** An application id a profile serves, as typed in the options page. */
export const DatadogBindingSchema = z
  .string()
  .check(
    z.trim(),
    z.regex(UUID_PATTERN, 'Datadog application ids are UUIDs, like 0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9'),
  );
