import { z } from 'zod';
import { integer } from '../validation';

/**
 * Request bodies of the RUM Replay Heatmaps API, exactly as shared/reference/datadog-api.md
 * documents them. Unknown attributes are ignored (as Datadog's JSON decoding does), except the
 * ones an update may not change, which are rejected explicitly in the handler.
 */

const SnapshotsType = z.literal('snapshots');

export const CreateSnapshotBodySchema = z.object({
  data: z.object({
    type: SnapshotsType,
    attributes: z.object({
      application_id: z.string(),
      device_type: z.string(),
      event_id: z.string(),
      is_device_type_selected_by_user: z.boolean(),
      session_id: z.string().optional(),
      view_id: z.string().optional(),
      snapshot_name: z.string(),
      start: integer(),
      view_name: z.string(),
    }),
  }),
});
export type CreateSnapshotBody = z.infer<typeof CreateSnapshotBodySchema>;

export const UpdateSnapshotBodySchema = z.object({
  data: z.object({
    type: SnapshotsType,
    id: z.string().optional(),
    attributes: z.looseObject({
      event_id: z.string(),
      is_device_type_selected_by_user: z.boolean(),
      start: integer(),
      session_id: z.string().optional(),
      view_id: z.string().optional(),
    }),
  }),
});
export type UpdateSnapshotBody = z.infer<typeof UpdateSnapshotBodySchema>;

/** "The name, device type and view name cannot be changed by an update"; nor can the application. */
export const IMMUTABLE_ATTRIBUTES = ['snapshot_name', 'device_type', 'view_name', 'application_id'] as const;

/** Query values are strings; a positive integer is digits only, no sign, no leading zero. */
export const PositiveIntString = z
  .string()
  .regex(/^[1-9][0-9]{0,14}$/, 'must be a positive integer')
  .transform(Number);

export const ListSnapshotsQuerySchema = z.object({
  'filter[view_name]': z.string(),
  'filter[device_type]': z.string().optional(),
  'filter[application_id]': z.string().optional(),
  'page[limit]': PositiveIntString.optional(),
});
export type ListSnapshotsQuery = z.infer<typeof ListSnapshotsQuerySchema>;
