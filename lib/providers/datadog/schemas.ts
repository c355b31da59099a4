import { z } from 'zod';
import { DeviceTypeSchema } from '@/lib/page/page-info';
import { SnapshotNameSchema, ViewNameSchema } from './names';

/**
 * Datadog API wire shapes, one schema each, from ../shared/reference/datadog-api.md.
 * Requests are strict (we send exactly what Datadog documents); responses are tolerant
 * (every attribute is optional in Datadog's schema, unknown keys are dropped).
 */

export const CreateSnapshotAttributesSchema = z.object({
  application_id: z.string().min(1),
  device_type: DeviceTypeSchema,
  event_id: z.string().min(1),
  is_device_type_selected_by_user: z.boolean(),
  session_id: z.string().min(1).optional(),
  view_id: z.string().min(1).optional(),
  snapshot_name: SnapshotNameSchema,
  start: z.number().int().nonnegative(),
  view_name: ViewNameSchema,
});
export const CreateSnapshotRequestSchema = z.object({
  data: z.object({ type: z.literal('snapshots'), attributes: CreateSnapshotAttributesSchema }),
});
export type CreateSnapshotRequest = z.infer<typeof CreateSnapshotRequestSchema>;

export const UpdateSnapshotAttributesSchema = z.object({
  event_id: z.string().min(1),
  is_device_type_selected_by_user: z.boolean(),
  start: z.number().int().nonnegative(),
  session_id: z.string().min(1).optional(),
  view_id: z.string().min(1).optional(),
});
export type UpdateSnapshotAttributes = z.infer<typeof UpdateSnapshotAttributesSchema>;
export const UpdateSnapshotRequestSchema = z.object({
  data: z.object({
    type: z.literal('snapshots'),
    id: z.string().min(1).optional(),
    attributes: UpdateSnapshotAttributesSchema,
  }),
});
export type UpdateSnapshotRequest = z.infer<typeof UpdateSnapshotRequestSchema>;

export const SnapshotSchema = z.object({
  id: z.string().min(1).max(200),
  type: z.literal('snapshots'),
  attributes: z
    .object({
      application_id: z.string().max(200),
      created_at: z.string().max(100),
      created_by: z.string().max(500),
      created_by_handle: z.string().max(500),
      created_by_user_id: z.number(),
      device_type: z.string().max(100),
      event_id: z.string().max(200),
      is_device_type_selected_by_user: z.boolean(),
      modified_at: z.string().max(100),
      org_id: z.number(),
      session_id: z.string().max(200),
      snapshot_name: z.string().max(1000),
      start: z.number(),
      view_id: z.string().max(200),
      view_name: z.string().max(2000),
    })
    .partial()
    .default({}),
});
export type Snapshot = z.infer<typeof SnapshotSchema>;

export const SnapshotResponseSchema = z.object({ data: SnapshotSchema });
export const SnapshotListResponseSchema = z.object({ data: z.array(SnapshotSchema) });

/** Datadog error bodies: `{errors: ["..."]}`, or JSON:API objects on some v2 endpoints. */
export const ErrorBodySchema = z.object({
  errors: z.array(
    z.union([
      z.string(),
      z.object({
        status: z.string().optional(),
        title: z.string().optional(),
        detail: z.string().optional(),
      }),
    ]),
  ),
});
