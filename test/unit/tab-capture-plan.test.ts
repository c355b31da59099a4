import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_CAPTURE_HEIGHT, planSlices, rowsInViewport, toImagePixels } from '@/lib/tab-capture/plan';

describe('planSlices', () => {
  it('takes one slice, cropped to the page, when the page is shorter than the viewport', () => {
    expect(planSlices(500, 800)).toEqual({
      slices: [{ scrollY: 0, top: 0, height: 500 }],
      height: 500,
      truncated: false,
    });
  });

  it('takes exactly as many full slices as fit when the height is a multiple of the viewport', () => {
    expect(planSlices(2400, 800).slices).toEqual([
      { scrollY: 0, top: 0, height: 800 },
      { scrollY: 800, top: 800, height: 800 },
      { scrollY: 1600, top: 1600, height: 800 },
    ]);
  });

  it('aligns a short last slice to the bottom and keeps only its new rows', () => {
    expect(planSlices(2000, 800).slices).toEqual([
      { scrollY: 0, top: 0, height: 800 },
      { scrollY: 800, top: 800, height: 800 },
      { scrollY: 1200, top: 1600, height: 400 },
    ]);
  });

  it('cuts a page taller than the cap and says so', () => {
    const plan = planSlices(40_000, 1000);
    expect(plan.truncated).toBe(true);
    expect(plan.height).toBe(MAX_CAPTURE_HEIGHT);
    expect(plan.slices).toHaveLength(15);
    expect(plan.slices.at(-1)).toEqual({ scrollY: 14_000, top: 14_000, height: 1000 });
  });

  it('aligns the last slice to the cap, not to the document bottom, when truncating', () => {
    const plan = planSlices(20_000, 700, 1000);
    expect(plan.slices).toEqual([
      { scrollY: 0, top: 0, height: 700 },
      { scrollY: 300, top: 700, height: 300 },
    ]);
  });

  it('does not flag a page exactly at the cap', () => {
    expect(planSlices(MAX_CAPTURE_HEIGHT, 1000).truncated).toBe(false);
  });

  it('refuses a viewport without height (a minimised or zero-size window)', () => {
    expect(() => planSlices(1000, 0)).toThrow(/viewport/);
  });

  it('covers every row exactly once, each slice within one viewport of its scroll position', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30_000 }),
        fc.integer({ min: 50, max: 3000 }),
        (page, viewport) => {
          const plan = planSlices(page, viewport);
          let next = 0;
          for (const slice of plan.slices) {
            expect(slice.top).toBe(next);
            expect(slice.top - slice.scrollY).toBeGreaterThanOrEqual(0);
            expect(slice.top - slice.scrollY + slice.height).toBeLessThanOrEqual(viewport);
            expect(slice.scrollY + viewport).toBeLessThanOrEqual(Math.max(plan.height, viewport));
            next += slice.height;
          }
          expect(next).toBe(plan.height);
          expect(plan.height).toBe(Math.min(page, MAX_CAPTURE_HEIGHT));
        },
      ),
    );
  });
});

describe('rowsInViewport', () => {
  const lastSlice = { scrollY: 1200, top: 1600, height: 400 };

  it('finds the rows below the part already captured', () => {
    expect(rowsInViewport(lastSlice, 1200, 1280, 800)).toEqual({ x: 0, y: 400, width: 1280, height: 400 });
  });

  it('cuts from where the page really scrolled, accepting sub-pixel drift', () => {
    expect(rowsInViewport(lastSlice, 1250, 1280, 800).y).toBe(350);
    expect(rowsInViewport(lastSlice, 1199.5, 1280, 800).y).toBe(400);
    expect(rowsInViewport(lastSlice, 1200.5, 1280, 800).y).toBe(399.5);
  });

  it('refuses a screenshot that does not hold the rows (the page did not scroll there)', () => {
    expect(() => rowsInViewport(lastSlice, 0, 1280, 800)).toThrow(/did not scroll to 1200 px/);
    expect(() => rowsInViewport({ scrollY: 800, top: 800, height: 800 }, 900, 1280, 800)).toThrow(
      /did not scroll/,
    );
  });
});

describe('toImagePixels', () => {
  it.each([
    ['device pixel ratio 2', { x: 0, y: 400, width: 1265, height: 400 }, 2560, 1280, [0, 800, 2530, 800]],
    [
      'a 1.25 zoom (the screenshot’s own ratio)',
      { x: 0, y: 100, width: 1000, height: 200 },
      1250,
      1000,
      [0, 125, 1250, 250],
    ],
  ])(
    'scales CSS pixels to screenshot pixels at %s',
    (_, rect, imageWidth, viewportWidth, [x, y, width, height]) => {
      expect(toImagePixels(rect, imageWidth, viewportWidth)).toEqual({ x, y, width, height });
    },
  );
});
