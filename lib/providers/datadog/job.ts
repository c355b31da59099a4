import { z } from 'zod/mini';
import { JobBaseSchema } from '@/lib/jobs/job';
import { DeviceTypeSchema } from '@/lib/page/page-info';
import { PageContextSchema } from './context';
import { SnapshotNameSchema, ViewNameSchema } from './names';

/** What the person chose in the popup. */
export const SaveInputSchema = z.object({
  snapshotName: SnapshotNameSchema,
  viewName: ViewNameSchema,
  deviceType: DeviceTypeSchema,
  deviceTypeSelectedByUser: z.boolean(),
});
export type SaveInput = z.infer<typeof SaveInputSchema>;

export const DatadogResultSchema = z.object({
  snapshotId: z.string(),
  snapshotName: z.string(),
  start: z.number(),
  /** `segment`: placed on the view's ingested replay; `capture-moment`: replay not confirmed. */
  startSource: z.enum(['segment', 'capture-moment']),
  notes: z.array(z.string()),
});

/** A Datadog save: the page context and input it started from, and the snapshot once created. */
export const DatadogJobSchema = z.extend(JobBaseSchema, {
  provider: z.literal('datadog'),
  context: PageContextSchema,
  input: SaveInputSchema,
  result: z.optional(DatadogResultSchema),
});
export type DatadogJob = z.infer<typeof DatadogJobSchema>;

/** How lists name a Datadog save. */
export function datadogJobLabel(input: SaveInput): string {
  return `“${input.snapshotName}” · ${input.viewName}`;
}
