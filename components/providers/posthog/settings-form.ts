import type { z } from 'zod/mini';
import { type Checked, fieldErrorsOf } from '@/components/shared/errors';
import { isPosthogCloudHost, toHttpOrigin } from '@/lib/providers/posthog/hosts';
import type { PosthogSettingsInput } from '@/lib/providers/posthog/protocol';
import { PosthogSettingsSchema } from '@/lib/providers/posthog/settings';
import { checkApiUrl } from '@/lib/shared/api-url';

/** The form as typed: the stored settings' input. An empty key means "keep the stored key". */
export type PosthogFormValues = z.input<typeof PosthogSettingsSchema>;
export type PosthogSettingsField = keyof PosthogFormValues;

/**
 * The stored-settings rules (PosthogSettingsSchema) applied to what was typed, for messages next
 * to the fields before anything is sent; the request carries the normalised values.
 */
export function toSettingsInput(
  values: PosthogFormValues,
): Checked<PosthogSettingsInput, PosthogSettingsField> {
  const parsed = PosthogSettingsSchema.safeParse(values);
  if (!parsed.success) return { ok: false, errors: fieldErrorsOf<PosthogSettingsField>(parsed.error) };
  const { apiUrl, projectId, apiKey } = parsed.data;
  return { ok: true, input: { apiUrl, projectId, ...(apiKey ? { apiKey } : {}) } };
}

/**
 * The typed address when it is an http(s) origin that is not PostHog Cloud (self-hosted, a proxy,
 * the sandbox); else null. Such a host is outside the manifest's host permissions: it gets the
 * warning and an optional permission. An address the API-URL rule refuses gets its field error
 * instead: the key never goes there.
 */
export function selfHostedUrl(apiUrl: string): URL | null {
  const origin = toHttpOrigin(apiUrl.trim());
  if (origin === null || !checkApiUrl(origin, 'PostHog URL').ok || isPosthogCloudHost(origin)) return null;
  return new URL(origin);
}
