import type { RumIndex, StoredSegment } from '../intake/rum-index';
import { parseOrThrow } from '../validation';
import { decodePagingToken, encodePagingToken } from './paging-token';
import { SegmentsQuerySchema } from './queries';
import { type SegmentJson, type SegmentsPage, segmentJson, segmentsResponseBody } from './segments-response';
import { type ApiHandler, queryObject } from './types';

/**
 * RUM Replay Sessions API: `GET /api/v2/rum/replay/sessions/{session_id}/views/{view_id}/segments`
 * (the official client's `RumReplaySessionsApi.getSegments`; query in queries.ts).
 *
 * THE sandbox's reading of `ts`. Datadog publishes only "server-side timestamp in milliseconds"
 * (its meaning is unknown), so the reading is an option, one of:
 * - `ending-from` (default, the one the extension's replay-lookup.ts asks by): segments whose last
 *   record is at or after `ts`;
 * - `ignored`: `ts` changes nothing;
 * - `ingested-until`: the list as the server held it at `ts`, i.e. segments ingested at or before
 *   it. A lookup near a moment just recorded then comes back empty although the view has that
 *   replay: what the extension's one unbounded fallback is for.
 */
export type SegmentsTsReading = 'ending-from' | 'ignored' | 'ingested-until';
export const DEFAULT_SEGMENTS_TS_READING: SegmentsTsReading = 'ending-from';

const TS_READINGS: Record<SegmentsTsReading, (segment: StoredSegment, ts: number) => boolean> = {
  'ending-from': (segment, ts) => segment.meta.end >= ts,
  ignored: () => true,
  'ingested-until': (segment, ts) => segment.visible_at <= ts,
};

export function segmentsHandler(
  index: RumIndex,
  now: () => number,
  tsReading: SegmentsTsReading,
): ApiHandler {
  const keptBy = TS_READINGS[tsReading];
  return (req) => {
    const query = parseOrThrow(SegmentsQuerySchema, queryObject(req.url), { root: 'query' });
    const session = req.params.session_id ?? '';
    const view = req.params.view_id ?? '';
    const ts = query.ts ?? null;
    const offset = query.paging === undefined ? 0 : decodePagingToken(query.paging, { session, view, ts });
    // Unknown session or view: Datadog has simply nothing to return, so an empty list, not 404.
    const all = (index.findView(session, view)?.segments ?? [])
      .filter((segment) => segment.visible_at <= now() && (ts === null || keptBy(segment, ts)))
      .sort((a, b) => a.meta.index_in_view - b.meta.index_in_view || a.meta.start - b.meta.start);
    const page = cutPage(all.slice(offset).map(segmentJson), query.max_list_size);
    const next = offset + page.length;
    const result: SegmentsPage = { segments: page };
    if (next < all.length) result.paging = encodePagingToken({ session, view, ts, offset: next });
    return { status: 200, body: segmentsResponseBody(result) };
  };
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
