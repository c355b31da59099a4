import { z } from 'zod';
import type { RumIndex } from './intake/rum-index';

/**
 * `POST /_admin/seed-segments`: a view with N synthetic replay segments, for the bench's segment
 * lookup figure (bench/segments.ts). Test-only, like every `/_admin/` route: real views get their
 * segments from the SDK's uploads (intake/). Each segment is `spacingMs` long, one after another from
 * `start`, with two records (a full snapshot in the first), visible at once (no ingestion delay).
 */

export const SeedSegmentsSchema = z.object({
  applicationId: z.string().min(1),
  sessionId: z.string().min(1),
  viewId: z.string().min(1),
  count: z.int().positive().max(100_000),
  start: z.int().positive(),
  spacingMs: z.int().positive().default(5_000),
});
export type SeedSegments = z.input<typeof SeedSegmentsSchema>;

const FULL_SNAPSHOT = 2;
const INCREMENTAL = 3;

export function seedSegments(index: RumIndex, seed: z.infer<typeof SeedSegmentsSchema>, now: number): number {
  for (let i = 0; i < seed.count; i++) {
    const start = seed.start + i * seed.spacingMs;
    const end = start + seed.spacingMs - 1;
    const records = [
      { type: i === 0 ? FULL_SNAPSHOT : INCREMENTAL, timestamp: start, data: {} },
      { type: INCREMENTAL, timestamp: end, data: {} },
    ];
    const meta = {
      start,
      end,
      creation_reason: i === 0 ? ('init' as const) : ('segment_duration_limit' as const),
      records_count: records.length,
      has_full_snapshot: i === 0,
      index_in_view: i,
      source: 'browser' as const,
      raw_segment_size: JSON.stringify({ records }).length,
      compressed_segment_size: 0,
      application: { id: seed.applicationId },
      session: { id: seed.sessionId },
      view: { id: seed.viewId },
    };
    index.addSegment(meta, records, { sdkVersion: undefined, now, delayMs: 0 });
  }
  return seed.count;
}
