import { DatadogDetectionSchema } from './context';
import { DatadogJobSchema } from './job';
import { DATADOG_MESSAGES } from './protocol';
import { DatadogSettingsSchema, DEFAULT_DATADOG_SETTINGS } from './settings';

/** Datadog as the core sees it: schemas only (shared by the pages and the background). */
export const datadogDefinition = {
  id: 'datadog',
  label: 'Datadog',
  detectionSchema: DatadogDetectionSchema,
  settingsSchema: DatadogSettingsSchema,
  defaultSettings: DEFAULT_DATADOG_SETTINGS,
  jobSchema: DatadogJobSchema,
  messages: DATADOG_MESSAGES,
} as const;
