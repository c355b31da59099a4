import { PosthogDetectionSchema } from './context';
import { PosthogJobSchema } from './job';
import { POSTHOG_MESSAGES } from './protocol';
import { DEFAULT_POSTHOG_SETTINGS, PosthogBindingSchema, PosthogSettingsSchema } from './settings';

/** PostHog as the core sees it: schemas only (shared by the pages and the background). */
export const posthogDefinition = {
  id: 'posthog',
  label: 'PostHog',
  detectionSchema: PosthogDetectionSchema,
  settingsSchema: PosthogSettingsSchema,
  defaultSettings: DEFAULT_POSTHOG_SETTINGS,
  /** What a profile binds to: the project token (lib/profiles/profile.ts). */
  bindingLabel: 'Project tokens this profile serves',
  bindingSchema: PosthogBindingSchema,
  jobSchema: PosthogJobSchema,
  messages: POSTHOG_MESSAGES,
} as const;
