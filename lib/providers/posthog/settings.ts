import { z } from 'zod/mini';
import { PROJECT_TOKEN_PATTERN } from '@/lib/providers/posthog/context';
import { POSTHOG_CLOUD_HOSTS, toHttpOrigin } from '@/lib/providers/posthog/hosts';
import { apiKeySchema } from '@/lib/shared/api-key';
import { apiUrlSchema } from '@/lib/shared/api-url';

/**
 * What the person configures for PostHog: which PostHog (a cloud region or a self-hosted
 * address), which project, and a personal API key. Messages are sentences naming the field,
 * shown next to it in the options page.
 */

function hasNoPath(url: string): boolean {
  return toHttpOrigin(url) !== null && new URL(url).pathname === '/';
}

/**
 * The address people type: the shared API-URL rule (lib/shared/api-url.ts), then no path, and
 * reduced to its origin; a path is refused rather than dropped silently.
 */
const ApiUrlSchema = z.pipe(
  apiUrlSchema('PostHog URL').check(
    z.refine(hasNoPath, 'PostHog URL must be an address with no path, like https://eu.posthog.com'),
  ),
  z.transform((url) => toHttpOrigin(url) ?? url),
);

/** Personal API keys: the shared key rule (lib/shared/api-key.ts). */
const ApiKeySchema = apiKeySchema('Personal API key');

/** PostHog project ids are integers; empty until the person fills it in (or it is found from the page). */
const ProjectIdSchema = z
  .string()
  .check(
    z.trim(),
    z.maxLength(20, 'Project ID is over 20 digits'),
    z.regex(/^\d*$/, 'Project ID must be digits only, like 12345'),
  );

export const PosthogSettingsSchema = z.object({
  apiUrl: ApiUrlSchema,
  projectId: ProjectIdSchema,
  apiKey: ApiKeySchema,
});
export type PosthogSettings = z.infer<typeof PosthogSettingsSchema>;

/** A fresh install: PostHog Cloud US (PostHog's default region), nothing else filled in. */
export const DEFAULT_POSTHOG_SETTINGS: PosthogSettings = {
  apiUrl: POSTHOG_CLOUD_HOSTS[0].apiUrl,
  projectId: '',
  apiKey: '',
};

/** True when calls can be made: a key and a project are set. */
export function isPosthogConfigured(settings: PosthogSettings): boolean {
  return settings.apiKey.length > 0 && settings.projectId.length > 0;
}

/** A project token a profile serves, as typed in the options page. */
export const PosthogBindingSchema = z
  .string()
  .check(
    z.trim(),
    z.regex(PROJECT_TOKEN_PATTERN, 'PostHog project tokens start with phc_, like phc_AbC123dEf456gHi789'),
  );
