import type { StoredSegment } from '../intake/rum-index';

/**
 * The ONE place that decides the shape of
 * `GET /api/v2/rum/replay/sessions/{session_id}/views/{view_id}/segments`.
 *
 * Datadog does not publish this response schema (its official client returns `void`), so the
 * sandbox picks this shape; if the real one turns out different, change it here only:
 *
 * ```json
 * { "data": {
 *     "segments": [ { "start", "end", "index_in_view", "has_full_snapshot", "records_count",
 *                     "creation_reason", "source", "raw_segment_size",
 *                     "application": {"id"}, "session": {"id"}, "view": {"id"},
 *                     "records": [ ... ] } ],
 *     "paging": "<opaque token>" } }
 * ```
 *
 * Segments are sorted by `index_in_view`, then `start`. `paging` is present only when more
 * segments remain; pass it back as the `paging` query parameter to get the next page.
 */

export interface SegmentsPage {
  segments: SegmentJson[];
  paging?: string;
}

export type SegmentJson = StoredSegment['meta'] & { records: unknown[] };

export function segmentJson(segment: StoredSegment): SegmentJson {
  return { ...segment.meta, records: segment.records };
}

export function segmentsResponseBody(page: SegmentsPage): unknown {
  return { data: page.paging === undefined ? { segments: page.segments } : page };
}
