import { z } from 'zod';

/**
 * Wire shapes of what the browser SDK uploads (see shared/reference/rum-sdk.md).
 * Objects are loose: the SDK sends more than the sandbox indexes, and newer SDKs add fields.
 */

const IdRef = z.looseObject({ id: z.string().min(1) });

/**
 * The SDK's version, as every major names itself in the forwarded query's `dd-evp-origin-version`
 * (4.50.1 to 7.16.2 alike; `ddtags`' `sdk_version:` is sent by v4 and v5 only, and events carry none).
 */
export const SdkVersionSchema = z.string().regex(/^\d{1,3}\.\d{1,4}\.\d{1,4}(?:[-+][0-9A-Za-z.-]{1,40})?$/, {
  error: 'must be a version such as 7.16.2',
});

/** The query of a forwarded upload, as every major sends it (the intake's own checks come first). */
export const ForwardedQuerySchema = z.looseObject({
  ddsource: z.literal('browser'),
  'dd-evp-origin-version': SdkVersionSchema.optional(),
});

export const CREATION_REASONS = [
  'init',
  'segment_duration_limit',
  'segment_bytes_limit',
  'view_change',
  'before_unload',
  'visibility_hidden',
  'page_frozen',
] as const;

/** The `event` part of a replay upload: the segment metadata (the same fields from 4.50.1 to 7.16.2). */
export const SegmentMetaSchema = z.looseObject({
  start: z.int(),
  end: z.int(),
  creation_reason: z.enum(CREATION_REASONS),
  records_count: z.int().positive(),
  has_full_snapshot: z.boolean(),
  index_in_view: z.int().nonnegative(),
  source: z.literal('browser'),
  raw_segment_size: z.int().nonnegative(),
  compressed_segment_size: z.int().nonnegative(),
  application: IdRef,
  session: IdRef,
  view: IdRef,
});
export type SegmentMetaInput = z.infer<typeof SegmentMetaSchema>;

/** The `segment` part once inflated. Records are kept as sent; only `type` and `timestamp` are checked. */
export const SegmentBodySchema = z.looseObject({
  records: z.array(z.looseObject({ type: z.int(), timestamp: z.number() })).min(1),
});

const FULL_SNAPSHOT = 2;

/**
 * The records that give the page's layout viewport: Meta (type 4, `{href, width, height}`, at the
 * start of every full snapshot) and IncrementalSnapshot (type 3) ViewportResize (`data.source` 4,
 * `{width, height}`). Datadog replays each frame at the size these say, so a heatmap's background
 * shows the layout recorded at its `start`.
 */
export const ViewportRecordSchema = z.union([
  z.looseObject({
    type: z.literal(4),
    timestamp: z.number(),
    data: z.looseObject({ width: z.number(), height: z.number() }),
  }),
  z.looseObject({
    type: z.literal(3),
    timestamp: z.number(),
    data: z.looseObject({ source: z.literal(4), width: z.number(), height: z.number() }),
  }),
]);

/**
 * A whole replay upload: the metadata must describe the records it came with, as every major's
 * does (sizes, count, time range, full snapshot). A segment that contradicts itself is refused, so
 * a hand-made upload cannot pass for one the SDK made.
 */
export const ReplayUploadSchema = z
  .object({
    event: SegmentMetaSchema,
    segment: SegmentBodySchema,
    inflatedBytes: z.int(),
    compressedBytes: z.int(),
  })
  .superRefine(({ event, segment, inflatedBytes, compressedBytes }, ctx) => {
    const timestamps = segment.records.map((record) => record.timestamp);
    const facts: [keyof SegmentMetaInput, unknown, string][] = [
      ['raw_segment_size', inflatedBytes, 'the inflated part "segment" size'],
      ['compressed_segment_size', compressedBytes, 'the part "segment" size'],
      ['records_count', segment.records.length, 'the number of records'],
      ['start', Math.min(...timestamps), 'the first record time'],
      ['end', Math.max(...timestamps), 'the last record time'],
      [
        'has_full_snapshot',
        segment.records.some((r) => r.type === FULL_SNAPSHOT),
        'whether a record is a full snapshot',
      ],
    ];
    for (const [field, actual, what] of facts) {
      if (event[field] !== actual) {
        ctx.addIssue({ code: 'custom', path: ['event', field], message: `must equal ${what} (${actual})` });
      }
    }
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
