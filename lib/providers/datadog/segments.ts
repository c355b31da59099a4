import { z } from 'zod/mini';
import type { DatadogClient } from '@/lib/providers/datadog/client';
import { isRecord } from '@/lib/shared/is-record';

/**
 * Replay segments of one view, from `GET /api/v2/rum/replay/sessions/{s}/views/{v}/segments`.
 *
 * Datadog does not publish this response's schema, so every shape it plausibly has is accepted
 * here and nowhere else: a top-level array, `{data: [...]}`, `{segments: [...]}` or
 * `{data: {segments: [...], paging}}`; segment fields flat or under `attributes` (JSON:API);
 * `start`/`end` given, or derived from the records' timestamps. Anything else is "unrecognised",
 * which callers treat as "replay availability unknown", never as a failure.
 */

export interface SegmentSummary {
  /** Epoch ms of the segment's first and last record. */
  start: number;
  end: number;
  indexInView?: number;
  hasFullSnapshot?: boolean;
  recordsCount?: number;
}

export type SegmentPage = { status: 'recognised'; segments: SegmentSummary[]; paging: string | null };
export type ParsedSegments = SegmentPage | { status: 'unrecognised' };
export type SegmentLookup = { status: 'recognised'; segments: SegmentSummary[] } | { status: 'unrecognised' };

const MAX_PAGES = 20;
const MAX_PAGING_TOKEN = 4096;

/** Epoch ms as a number or a digit string (some APIs serialise 64-bit integers as strings). */
const EpochMsSchema = z.pipe(
  z.union([z.number(), z.pipe(z.string().check(z.regex(/^\d{1,16}$/)), z.transform(Number))]),
  z.number().check(z.positive()),
);
const optional = <T extends z.ZodMiniType>(schema: T) => z.catch(z.optional(schema), undefined);

const SegmentFieldsSchema = z.object({
  start: optional(EpochMsSchema),
  end: optional(EpochMsSchema),
  index_in_view: optional(z.int().check(z.nonnegative())),
  has_full_snapshot: optional(z.boolean()),
  records_count: optional(z.int().check(z.nonnegative())),
  records: optional(z.array(z.unknown())),
});
const RecordTimestampSchema = z.object({ timestamp: EpochMsSchema });
const PagingTokenSchema = z.string().check(z.minLength(1), z.maxLength(MAX_PAGING_TOKEN));

/** Fields of a JSON:API resource live under `attributes`; flat fields win when both exist. */
function segmentFields(item: unknown): z.infer<typeof SegmentFieldsSchema> | null {
  if (!isRecord(item)) return null;
  const merged = isRecord(item.attributes) ? { ...item.attributes, ...item } : item;
  const parsed = SegmentFieldsSchema.safeParse(merged);
  return parsed.success ? parsed.data : null;
}

function recordTimestamps(records: unknown[] | undefined): number[] {
  return (records ?? []).flatMap((record) => {
    const parsed = RecordTimestampSchema.safeParse(record);
    return parsed.success ? [parsed.data.timestamp] : [];
  });
}

function toSummary(item: unknown): SegmentSummary | null {
  const fields = segmentFields(item);
  if (!fields) return null;
  const timestamps = recordTimestamps(fields.records);
  // reduce, not Math.min(...): a segment can hold more records than a call takes arguments.
  const start =
    fields.start ?? timestamps.reduce<number | undefined>((min, t) => Math.min(min ?? t, t), undefined);
  const end =
    fields.end ?? timestamps.reduce<number | undefined>((max, t) => Math.max(max ?? t, t), undefined);
  if (start === undefined || end === undefined || end < start) return null;
  const summary: SegmentSummary = { start, end };
  if (fields.index_in_view !== undefined) summary.indexInView = fields.index_in_view;
  if (fields.has_full_snapshot !== undefined) summary.hasFullSnapshot = fields.has_full_snapshot;
  const recordsCount = fields.records_count ?? fields.records?.length;
  if (recordsCount !== undefined) summary.recordsCount = recordsCount;
  return summary;
}

/** The first usable paging token among the places APIs put one. */
function pagingToken(...containers: unknown[]): string | null {
  for (const container of containers) {
    if (!isRecord(container)) continue;
    const meta = container.meta;
    const candidates = [container.paging, container.next, isRecord(meta) ? meta.paging : undefined];
    candidates.push(isRecord(meta) ? meta.next : undefined);
    for (const candidate of candidates) {
      const token = PagingTokenSchema.safeParse(candidate);
      if (token.success) return token.data;
    }
  }
  return null;
}

function segmentList(json: unknown): { items: unknown[]; paging: string | null } | null {
  if (Array.isArray(json)) return { items: json, paging: null };
  if (!isRecord(json)) return null;
  if (Array.isArray(json.data)) return { items: json.data, paging: pagingToken(json) };
  if (Array.isArray(json.segments)) return { items: json.segments, paging: pagingToken(json) };
  if (isRecord(json.data) && Array.isArray(json.data.segments)) {
    return { items: json.data.segments, paging: pagingToken(json.data, json) };
  }
  return null;
}

/**
 * One page of the segments response. Every item must read as a segment: a list mixing in other
 * things means the shape is not the one we think, and guessing would misplace the snapshot.
 */
export function parseSegments(json: unknown): ParsedSegments {
  const list = segmentList(json);
  if (!list) return { status: 'unrecognised' };
  const segments: SegmentSummary[] = [];
  for (const item of list.items) {
    const summary = toSummary(item);
    if (!summary) return { status: 'unrecognised' };
    segments.push(summary);
  }
  return { status: 'recognised', segments, paging: list.paging };
}

function segmentKey(segment: SegmentSummary): string {
  return `${segment.start}:${segment.end}:${segment.indexInView ?? ''}`;
}

/** Pages merged in time order; a segment repeated across pages counts once. */
function mergeSegments(segments: SegmentSummary[]): SegmentSummary[] {
  const unique = new Map(segments.map((segment) => [segmentKey(segment), segment]));
  return [...unique.values()].sort((a, b) => a.start - b.start || a.end - b.end);
}

/**
 * The ingested segments of a view, following paging tokens (at most 20 pages, and never the same
 * token twice): all of them, or those the API's `ts` keeps, passed as given (what it keeps is
 * read in replay-lookup.ts only). API errors propagate: the caller decides whether "not found"
 * means "not yet".
 */
export async function lookupViewSegments(
  client: Pick<DatadogClient, 'getSegments'>,
  { sessionId, viewId }: { sessionId: string; viewId: string },
  ts?: number,
): Promise<SegmentLookup> {
  const segments: SegmentSummary[] = [];
  const seenTokens = new Set<string>();
  let paging: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const parsed = parseSegments(await client.getSegments({ sessionId, viewId, ts, paging }));
    if (parsed.status === 'unrecognised') return parsed;
    segments.push(...parsed.segments);
    if (parsed.paging === null || seenTokens.has(parsed.paging)) break;
    seenTokens.add(parsed.paging);
    paging = parsed.paging;
  }
  return { status: 'recognised', segments: mergeSegments(segments) };
}
