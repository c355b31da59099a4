import { describe, expect, it } from 'vitest';
import { RumIndex } from '../../sandbox/intake/rum-index';
import { SeedSegmentsSchema, seedSegments } from '../../sandbox/seed-segments';

describe('the sandbox’s synthetic segments (bench figure 5)', () => {
  it('seeds N back-to-back segments of one view, visible at once, the first with a full snapshot', () => {
    const index = new RumIndex();
    const seed = SeedSegmentsSchema.parse({
      applicationId: 'app',
      sessionId: 'session',
      viewId: 'view',
      count: 25,
      start: 1_000_000,
    });
    expect(seedSegments(index, seed, 5_000_000)).toBe(25);
    const segments = index.findView('session', 'view')?.segments ?? [];
    expect(segments).toHaveLength(25);
    expect(segments.map((segment) => segment.meta.index_in_view)).toEqual([...Array(25).keys()]);
    expect(segments[0]?.meta).toMatchObject({ start: 1_000_000, end: 1_004_999, has_full_snapshot: true });
    expect(segments[24]?.meta).toMatchObject({ start: 1_120_000, has_full_snapshot: false });
    expect(segments.every((segment) => segment.visible_at === 5_000_000)).toBe(true);
  });

  it('refuses a count it could not serve', () => {
    const base = { applicationId: 'a', sessionId: 's', viewId: 'v', start: 1 };
    expect(SeedSegmentsSchema.safeParse({ ...base, count: 0 }).success).toBe(false);
    expect(SeedSegmentsSchema.safeParse({ ...base, count: 100_001 }).success).toBe(false);
  });
});
