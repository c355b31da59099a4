import { z } from 'zod/mini';
import { datadogDefinition } from './datadog/definition';
import { posthogDefinition } from './posthog/definition';

/**
 * THE list of providers, as schemas: what the core (messages, storage, jobs, popup) composes its
 * own shapes from without knowing any provider's wire shapes. Adding a provider adds one line
 * here (and one in `background.ts`, `page-probes.ts` and `components/providers/registry.ts`,
 * each bundle's own registry; see docs/architecture.md).
 */
export const PROVIDERS = {
  datadog: datadogDefinition,
  posthog: posthogDefinition,
} as const;

export type ProviderId = keyof typeof PROVIDERS;
export type ProviderDefinition<P extends ProviderId = ProviderId> = (typeof PROVIDERS)[P];
export const PROVIDER_IDS = Object.keys(PROVIDERS) as ProviderId[];
export const ProviderIdSchema = z.enum(PROVIDER_IDS as [ProviderId, ...ProviderId[]]);

export type DetectionOf<P extends ProviderId> = z.infer<ProviderDefinition<P>['detectionSchema']>;
export type SettingsOf<P extends ProviderId> = z.infer<ProviderDefinition<P>['settingsSchema']>;
export type JobOf<P extends ProviderId> = z.infer<ProviderDefinition<P>['jobSchema']>;
/** Any provider's save job (a union discriminated by `provider`). */
export type SaveJob = { [P in ProviderId]: JobOf<P> }[ProviderId];
export type ProvidersDetection = { [P in ProviderId]: DetectionOf<P> };

/** An object with one entry per provider, built by `make`. */
export function perProvider<T>(make: (id: ProviderId) => T): Record<ProviderId, T> {
  return Object.fromEntries(PROVIDER_IDS.map((id) => [id, make(id)])) as Record<ProviderId, T>;
}

const jobSchemas = PROVIDER_IDS.map((id) => PROVIDERS[id].jobSchema);
export const SaveJobSchema = z.discriminatedUnion(
  'provider',
  jobSchemas as [(typeof jobSchemas)[number], ...(typeof jobSchemas)[number][]],
) as unknown as z.ZodMiniType<SaveJob>;

export const ProvidersDetectionSchema = z.object(
  perProvider((id) => PROVIDERS[id].detectionSchema),
) as unknown as z.ZodMiniType<ProvidersDetection>;
