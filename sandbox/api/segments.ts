import { z } from 'zod';
import type { RumIndex, StoredSegment } from '../intake/rum-index';
import { parseOrThrow } from '../validation';
import { decodePagingToken, encodePagingToken } from './paging-token';
import { type SegmentJson, type SegmentsPage, segmentJson, segmentsResponseBody } from './segments-response';
import { PositiveIntString } from './snapshot-schemas';
import { type ApiHandler, queryObject } from './types';

/** RUM Replay Sessions API: `GET /api/v2/rum/replay/sessions/{session_id}/views/{view_id}/segments`. */

const SegmentsQuerySchema = z.object({
  source: z.enum(['event_platform', 'blob']).optional(),
  ts: z
    .string()
    .regex(/^-?[0-9]{1,16}$/, 'must be an integer')
    .transform(Number)
    .optional(),
  max_list_size: PositiveIntString.optional(),
  paging: z.string().min(1, 'must be a non-empty paging token').optional(),
});

export function segmentsHandler(index: RumIndex, now: () => number): ApiHandler {
  return (req) => {
    const query = parseOrThrow(SegmentsQuerySchema, queryObject(req.url), { root: 'query' });
    const session = req.params.session_id ?? '';
    const view = req.params.view_id ?? '';
    const ts = query.ts ?? null;
    const offset = query.paging === undefined ? 0 : decodePagingToken(query.paging, { session, view, ts });
    // Unknown session or view: Datadog has simply nothing to return, so an empty list, not 404.
    const all = visibleSegments(index.findView(session, view)?.segments ?? [], now(), ts);
    const page = cutPage(all.slice(offset).map(segmentJson), query.max_list_size);
    const next = offset + page.length;
    const result: SegmentsPage = { segments: page };
    if (next < all.length) result.paging = encodePagingToken({ session, view, ts, offset: next });
    return { status: 200, body: segmentsResponseBody(result) };
  };
}

/** Segments past their ingestion delay and ending at or after `ts`, in replay order. */
function visibleSegments(segments: StoredSegment[], nowMs: number, ts: number | null): StoredSegment[] {
  return segments
    .filter((s) => s.visible_at <= nowMs && (ts === null || s.meta.end >= ts))
    .sort((a, b) => a.meta.index_in_view - b.meta.index_in_view || a.meta.start - b.meta.start);
}

/** Keeps segments while their serialized size fits `maxBytes`, but always at least one. */
function cutPage(segments: SegmentJson[], maxBytes: number | undefined): SegmentJson[] {
  if (maxBytes === undefined) return segments;
  let used = 0;
  const page: SegmentJson[] = [];
  for (const segment of segments) {
    used += Buffer.byteLength(JSON.stringify(segment));
    if (page.length > 0 && used > maxBytes) break;
    page.push(segment);
  }
  return page;
}
