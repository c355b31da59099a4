import { z } from 'zod';

/**
 * Query parameters of the Datadog operations the sandbox serves, by name and type as the official
 * client sends them (`@datadog/datadog-api-client` 1.64.0, `dist/packages/datadog-api-client-v2/apis/`:
 * `RumReplayHeatmapsApi.js` `listReplayHeatmapSnapshots`, `RumReplaySessionsApi.js` `getSegments`,
 * each `setQueryParam(name, serialize(value, type, format))`; the client's request bodies are checked
 * in official-models.ts). Query values arrive as text: `int64` is digits with an optional sign.
 */

const Int64String = z
  .string()
  .regex(/^-?[0-9]{1,16}$/, 'must be an integer')
  .transform(Number);

/**
 * A count or size (`page[limit]`, `max_list_size`: int64 in the spec, which gives no minimum). The
 * sandbox's choice: below 1 it is no limit a list can be cut to, so it is refused.
 */
const PositiveInt64String = z
  .string()
  .regex(/^[1-9][0-9]{0,14}$/, 'must be a positive integer')
  .transform(Number);

/** `GET /api/v2/replay/heatmap/snapshots`: `filter[view_name]` is required (the client's `RequiredError`). */
export const ListSnapshotsQuerySchema = z.object({
  'filter[view_name]': z.string(),
  'filter[device_type]': z.string().optional(),
  'filter[application_id]': z.string().optional(),
  'page[limit]': PositiveInt64String.optional(),
});
export type ListSnapshotsQuery = z.infer<typeof ListSnapshotsQuerySchema>;

/**
 * `GET /api/v2/rum/replay/sessions/{session_id}/views/{view_id}/segments`. `source` is a string whose
 * description lists "'event_platform' or 'blob'"; `ts` ("server-side timestamp in milliseconds") is
 * read in segments.ts.
 */
export const SegmentsQuerySchema = z.object({
  source: z.enum(['event_platform', 'blob']).optional(),
  ts: Int64String.optional(),
  max_list_size: PositiveInt64String.optional(),
  paging: z.string().min(1, 'must be a non-empty paging token').optional(),
});
