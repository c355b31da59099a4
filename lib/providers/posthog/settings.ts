import { z } from 'zod';
import { POSTHOG_CLOUD_HOSTS, toHttpOrigin } from '@/lib/providers/posthog/hosts';
import { normaliseApiUrl } from '@/lib/shared/api-url';

/**
 * What the person configures for PostHog: which PostHog (a cloud region or a self-hosted
 * address), which project, and a personal API key. Messages are sentences naming the field,
 * shown next to it in the options page.
 */

const API_URL_MESSAGE = 'PostHog URL must be an http(s) address with no path, like https://eu.posthog.com';

function isBareHttpAddress(url: string): boolean {
  if (toHttpOrigin(url) === null) return false;
  const parsed = new URL(url);
  return parsed.pathname === '/' && parsed.search === '' && parsed.hash === '';
}

/**
 * The address people type, normalised with the shared rule (trimmed, no trailing slash), then
 * reduced to its origin; a path, query or credentials are refused rather than dropped silently.
 */
const ApiUrlSchema = z
  .string()
  .max(300, 'PostHog URL is over 300 characters')
  .transform(normaliseApiUrl)
  .refine(isBareHttpAddress, API_URL_MESSAGE)
  .transform((url) => toHttpOrigin(url) ?? url);

/** Personal API keys are opaque to us; bound them and refuse whitespace, always a paste mistake. */
const ApiKeySchema = z
  .string()
  .max(200, 'Personal API key is over 200 characters')
  .regex(/^\S*$/, 'Personal API key contains spaces or line breaks');

/** PostHog project ids are integers; empty until the person fills it in (or it is found from the page). */
const ProjectIdSchema = z
  .string()
  .trim()
  .max(20, 'Project ID is over 20 digits')
  .regex(/^\d*$/, 'Project ID must be digits only, like 12345');

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
