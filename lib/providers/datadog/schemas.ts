import { z } from 'zod/mini';
import { DeviceTypeSchema } from '@/lib/page/page-info';
import { SnapshotNameSchema, ViewNameSchema } from './names';

/**
 * Datadog API wire shapes, one schema each, from ../shared/reference/datadog-api.md.
 * Requests are strict (we send exactly what Datadog documents); responses are tolerant
 * (every attribute is optional in Datadog's schema, unknown keys are dropped).
 */

export const CreateSnapshotAttributesSchema = z.object({
  application_id: z.string().check(z.minLength(1)),
  device_type: DeviceTypeSchema,
  event_id: z.string().check(z.minLength(1)),
  is_device_type_selected_by_user: z.boolean(),
  session_id: z.optional(z.string().check(z.minLength(1))),
  view_id: z.optional(z.string().check(z.minLength(1))),
  snapshot_name: SnapshotNameSchema,
  start: z.int().check(z.nonnegative()),
  view_name: ViewNameSchema,
});
export const CreateSnapshotRequestSchema = z.object({
  data: z.object({ type: z.literal('snapshots'), attributes: CreateSnapshotAttributesSchema }),
});
export type CreateSnapshotRequest = z.infer<typeof CreateSnapshotRequestSchema>;

export const UpdateSnapshotAttributesSchema = z.object({
  event_id: z.string().check(z.minLength(1)),
  is_device_type_selected_by_user: z.boolean(),
  start: z.int().check(z.nonnegative()),
  session_id: z.optional(z.string().check(z.minLength(1))),
  view_id: z.optional(z.string().check(z.minLength(1))),
});
export type UpdateSnapshotAttributes = z.infer<typeof UpdateSnapshotAttributesSchema>;
export const UpdateSnapshotRequestSchema = z.object({
  data: z.object({
    type: z.literal('snapshots'),
    id: z.optional(z.string().check(z.minLength(1))),
    attributes: UpdateSnapshotAttributesSchema,
  }),
});
export type UpdateSnapshotRequest = z.infer<typeof UpdateSnapshotRequestSchema>;

export const SnapshotSchema = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(200)),
  type: z.literal('snapshots'),
  attributes: z._default(
    z.partial(
      z.object({
        application_id: z.string().check(z.maxLength(200)),
        created_at: z.string().check(z.maxLength(100)),
        created_by: z.string().check(z.maxLength(500)),
        created_by_handle: z.string().check(z.maxLength(500)),
        created_by_user_id: z.number(),
        device_type: z.string().check(z.maxLength(100)),
        event_id: z.string().check(z.maxLength(200)),
        is_device_type_selected_by_user: z.boolean(),
        modified_at: z.string().check(z.maxLength(100)),
        org_id: z.number(),
        session_id: z.string().check(z.maxLength(200)),
        snapshot_name: z.string().check(z.maxLength(1000)),
        start: z.number(),
        view_id: z.string().check(z.maxLength(200)),
        view_name: z.string().check(z.maxLength(2000)),
      }),
    ),
    {},
  ),
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
        status: z.optional(z.string()),
        title: z.optional(z.string()),
        detail: z.optional(z.string()),
      }),
    ]),
  ),
});
