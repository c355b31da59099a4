import { keyHint } from '@/lib/shared/key-hint';
import { isPosthogCloudHost } from './hosts';
import type { PosthogPublicSettings, PosthogSettingsInput } from './protocol';
import { type PosthogSettings, PosthogSettingsSchema } from './settings';

/** Settings as pages may see them. */
export function publicPosthogSettings(
  settings: PosthogSettings,
  needsFixing: string | null = null,
): PosthogPublicSettings {
  return {
    apiUrl: settings.apiUrl,
    projectId: settings.projectId,
    apiKeyHint: keyHint(settings.apiKey),
    apiUrlIsCloud: isPosthogCloudHost(settings.apiUrl),
    needsFixing,
  };
}

/** What the options page sent, applied onto the stored settings; an omitted key keeps the stored one. */
export function mergePosthogSettings(stored: PosthogSettings, input: PosthogSettingsInput): PosthogSettings {
  const merged = PosthogSettingsSchema.safeParse({
    apiUrl: input.apiUrl,
    projectId: input.projectId,
    apiKey: input.apiKey === undefined || input.apiKey === '' ? stored.apiKey : input.apiKey.trim(),
  });
  if (!merged.success) throw new Error(merged.error.issues.map((issue) => issue.message).join('. '));
  return merged.data;
}
