import { type FieldErrors, fieldErrorsOf } from '@/components/shared/errors';
import type { DatadogSettingsInput as SettingsInput } from '@/lib/providers/datadog/protocol';
import {
  DEFAULT_DATADOG_SETTINGS,
  DatadogSettingsSchema as SettingsSchema,
  type SiteId,
} from '@/lib/providers/datadog/settings';
import { isDatadogApiHost } from '@/lib/providers/datadog/sites';
import { checkApiUrl, normaliseApiUrl } from '@/lib/shared/api-url';

/** The form as typed. Empty keys mean "keep the stored key". */
export type SettingsFormValues = { site: SiteId; apiKey: string; appKey: string; apiUrl: string };
export type SettingsField = keyof SettingsFormValues;

/**
 * The stored-settings rules (SettingsSchema) applied to what was typed, for messages before
 * anything is sent. The background checks again and its sentence is shown for anything else.
 */
export function validateSettings(values: SettingsFormValues): FieldErrors<SettingsField> {
  const parsed = SettingsSchema.safeParse({ ...DEFAULT_DATADOG_SETTINGS, ...values });
  return parsed.success ? {} : fieldErrorsOf<SettingsField>(parsed.error);
}

export function toSettingsInput(values: SettingsFormValues): SettingsInput {
  return {
    site: values.site,
    apiUrl: values.apiUrl.trim(),
    ...(values.apiKey ? { apiKey: values.apiKey } : {}),
    ...(values.appKey ? { appKey: values.appKey } : {}),
  };
}

/**
 * The custom API URL when it passes the API-URL rule and is not a Datadog API host; else null.
 * Same rule as the background's `apiBaseIsDatadog` (https, no port): anything else is outside
 * the manifest's host permissions and needs the warning and an optional permission. A URL the
 * rule refuses gets its field error instead: keys never go there.
 */
export function foreignApiUrl(apiUrl: string): URL | null {
  const checked = checkApiUrl(normaliseApiUrl(apiUrl), 'API URL');
  if (!checked.ok) return null;
  return isDatadogApiHost(checked.url.href) ? null : checked.url;
}
