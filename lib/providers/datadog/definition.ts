import { DatadogDetectionSchema } from './context';
import { DatadogJobSchema } from './job';
import { DATADOG_MESSAGES } from './protocol';
import { DatadogBindingSchema, DatadogSettingsSchema, DEFAULT_DATADOG_SETTINGS } from './settings';

/** Datadog as the core sees it: schemas only (shared by the pages and the background). */
export const datadogDefinition = {
  id: 'datadog',
  label: 'Datadog',
  detectionSchema: DatadogDetectionSchema,
  settingsSchema: DatadogSettingsSchema,
  defaultSettings: DEFAULT_DATADOG_SETTINGS,
  /**
   * The fields an organisation's policy sets (public/managed-schema.json); a policy setting them all
   * locks the profile whole. How it signs in is not among them: a policy's keys are its credential.
   */
  policyFields: ['site', 'apiUrl', 'apiKey', 'appKey'],
  /** What a profile binds to: the RUM application id (lib/profiles/profile.ts). */
  bindingLabel: 'Application IDs this profile serves',
  bindingSchema: DatadogBindingSchema,
  jobSchema: DatadogJobSchema,
  messages: DATADOG_MESSAGES,
} as const;
