import { z } from 'zod';
import { DeviceTypeSchema, PageContextSchema } from '@/lib/detect/page-context';

/** What the person chose in the popup. */
export const SaveInputSchema = z.object({
  snapshotName: z
    .string()
    .trim()
    .min(1, 'Snapshot name is empty')
    .max(200, 'Snapshot name is over 200 characters'),
  viewName: z.string().trim().min(1, 'View name is empty').max(1000, 'View name is over 1000 characters'),
  deviceType: DeviceTypeSchema,
  deviceTypeSelectedByUser: z.boolean(),
});
export type SaveInput = z.infer<typeof SaveInputSchema>;

/**
 * A save, kept in storage from the click until Datadog answers, so closing the popup or the
 * service worker going to sleep never loses it: pending jobs resume when the worker starts.
 */
export const SaveJobSchema = z.object({
  id: z.string().min(1).max(100),
  createdAt: z.number(),
  context: PageContextSchema,
  input: SaveInputSchema,
  state: z.enum(['waiting-for-replay', 'creating', 'done', 'failed']),
  /** A sentence for the popup: what the job is doing now, or how it ended. */
  progress: z.string().max(1000),
  attempts: z.number().int().nonnegative(),
  result: z
    .object({
      snapshotId: z.string(),
      snapshotName: z.string(),
      start: z.number(),
      /** `segment`: placed on the view's ingested replay; `capture-moment`: replay not confirmed. */
      startSource: z.enum(['segment', 'capture-moment']),
      notes: z.array(z.string()),
    })
    .optional(),
  error: z.string().max(2000).optional(),
});
export type SaveJob = z.infer<typeof SaveJobSchema>;
