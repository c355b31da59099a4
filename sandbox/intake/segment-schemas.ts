import { z } from 'zod';

/**
 * Wire shapes of what the browser SDK uploads (see shared/reference/rum-sdk.md).
 * Objects are loose: the SDK sends more than the sandbox indexes, and newer SDKs add fields.
 */

const IdRef = z.looseObject({ id: z.string().min(1) });

/** The `event` part of a replay upload: the segment metadata. */
export const SegmentMetaSchema = z.looseObject({
  start: z.int(),
  end: z.int(),
  creation_reason: z.string(),
  records_count: z.int().nonnegative(),
  has_full_snapshot: z.boolean(),
  index_in_view: z.int().nonnegative(),
  source: z.string(),
  raw_segment_size: z.int().nonnegative(),
  application: IdRef,
  session: IdRef,
  view: IdRef,
});
export type SegmentMetaInput = z.infer<typeof SegmentMetaSchema>;

/** The `segment` part once inflated. Records are kept as sent; only `type` and `timestamp` are checked. */
export const SegmentBodySchema = z.looseObject({
  records: z.array(z.looseObject({ type: z.int(), timestamp: z.number() })),
});

/** A `view` or v7 `view_update` RUM event. `view_update` is a diff, so only ids, url and date are certain. */
export const ViewEventSchema = z.looseObject({
  type: z.enum(['view', 'view_update']),
  date: z.number(),
  application: IdRef,
  session: z.looseObject({ id: z.string().min(1), has_replay: z.boolean().optional() }),
  view: z.looseObject({ id: z.string().min(1), url: z.string().optional(), name: z.string().optional() }),
  display: z
    .looseObject({ viewport: z.looseObject({ width: z.number(), height: z.number() }).optional() })
    .optional(),
  _dd: z.looseObject({ document_version: z.int().optional() }).optional(),
});
export type ViewEvent = z.infer<typeof ViewEventSchema>;

/** Every RUM event line must at least be an object with a string `type`; other types are accepted but not indexed. */
export const RumEventEnvelopeSchema = z.looseObject({ type: z.string() });
