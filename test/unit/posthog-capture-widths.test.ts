import { describe, expect, it, vi } from 'vitest';
import type { DeviceLayoutSession } from '@/lib/background/device-layout';
import type { DeviceLayout } from '@/lib/page/device-layouts';
import {
  type CaptureWidthsDeps,
  captureAtWidths,
  LAYOUT_SETTLE_MS,
  picturesTabAsItIs,
} from '@/lib/providers/posthog/capture-widths';
import type { CapturedPage } from '@/lib/tab-capture/capture';

const TAB = 7;
const SHOT = 'data:image/png;base64,AAAA';

/**
 * A tab 1440 px wide whose layout width follows the applied layout (or stays at `stuckAt`), and
 * captures that `failAt` refuses; every step is logged in order.
 */
function setup({ failAt, stuckAt }: { failAt?: number; stuckAt?: number } = {}) {
  const log: string[] = [];
  let width = 1440;
  const layout: DeviceLayoutSession = {
    apply: vi.fn(async (applied: DeviceLayout, height: number) => {
      log.push(`apply ${applied.width} mobile=${applied.mobile} height=${height}`);
      width = stuckAt ?? applied.width;
    }),
    captureViewport: vi.fn(async () => SHOT),
    end: vi.fn(async () => {
      log.push('end');
      width = 1440;
    }),
  };
  const reports: (string | null)[] = [];
  const deps: CaptureWidthsDeps = {
    measure: vi.fn(async () => ({ width: 1440, height: 900 })),
    openLayout: vi.fn(async () => layout),
    capture: vi.fn(async (_tabId: number, viewportShot?: () => Promise<string>): Promise<CapturedPage> => {
      const shot = viewportShot ? await viewportShot() : 'window';
      log.push(`capture ${width} ${shot === SHOT ? 'viewport' : shot}`);
      if (width === failAt) throw new Error('The page did not answer within 5 s.');
      return {
        jpeg: new Blob([String(width)]),
        width,
        height: 3000,
        slices: 4,
        truncated: false,
        imageScale: 1,
      };
    }),
    keep: vi.fn(async (kept: number, page: CapturedPage) => void log.push(`keep ${kept} (${page.width})`)),
    sleep: vi.fn(async () => {}),
    report: (sentence) => reports.push(sentence),
  };
  return { deps, layout, log, reports };
}

describe('captureAtWidths', () => {
  it('the tab’s own width alone: pictured as it is, no layout, no debugger', async () => {
    const { deps, log } = setup();
    const sizes = await captureAtWidths(TAB, [1440], deps);
    expect(deps.openLayout).not.toHaveBeenCalled();
    expect(log).toEqual(['capture 1440 window', 'keep 1440 (1440)']);
    expect(sizes).toEqual([{ width: 1440, height: 3000, truncated: false }]);
  });

  it('several widths: one layout, each width applied (mobile below 1024) and pictured through it, kept, then ended', async () => {
    const { deps, log, reports, layout } = setup();
    const sizes = await captureAtWidths(TAB, [375, 1280], deps);
    expect(deps.openLayout).toHaveBeenCalledTimes(1);
    expect(log).toEqual([
      'apply 375 mobile=true height=900',
      'capture 375 viewport',
      'keep 375 (375)',
      'apply 1280 mobile=false height=900',
      'capture 1280 viewport',
      'keep 1280 (1280)',
      'end',
    ]);
    expect(sizes.map((size) => size.width)).toEqual([375, 1280]);
    expect(layout.captureViewport).toHaveBeenCalledTimes(2);
    expect(deps.sleep).toHaveBeenCalledWith(LAYOUT_SETTLE_MS);
    expect(reports).toEqual([
      'Laying out the page at 375 px… 1 of 2',
      'Laying out the page at 1280 px… 2 of 2',
      null,
    ]);
  });

  it('one width other than the tab’s is laid out too', async () => {
    const { deps, log } = setup();
    await captureAtWidths(TAB, [768], deps);
    expect(log).toEqual([
      'apply 768 mobile=true height=900',
      'capture 768 viewport',
      'keep 768 (768)',
      'end',
    ]);
  });

  it('a failed capture ends the layout, keeps nothing more and names the width', async () => {
    const { deps, log, reports } = setup({ failAt: 768 });
    await expect(captureAtWidths(TAB, [375, 768, 1280], deps)).rejects.toThrow(
      'Picturing the page at 768 px failed: The page did not answer within 5 s. Nothing was saved; the page is back to its own layout.',
    );
    expect(log.at(-1)).toBe('end');
    expect(log.filter((entry) => entry.startsWith('keep'))).toEqual(['keep 375 (375)']);
    expect(reports.at(-1)).toBeNull();
  });

  it('a page that does not take the width is refused rather than uploaded under the wrong width', async () => {
    const { deps, log } = setup({ stuckAt: 980 });
    await expect(captureAtWidths(TAB, [375, 1280], deps)).rejects.toThrow(
      'Picturing the page at 375 px failed: the page was 980 px wide instead of 375 px',
    );
    expect(log.some((entry) => entry.startsWith('keep'))).toBe(false);
    expect(log.at(-1)).toBe('end');
  });

  it('no debugger (Firefox, or the permission refused): a sentence, nothing pictured', async () => {
    const { deps } = setup();
    deps.openLayout = vi.fn(async () => {
      throw new Error('This browser cannot lay a page out at another width.');
    });
    await expect(captureAtWidths(TAB, [375, 1280], deps)).rejects.toThrow(
      'The page could not be laid out at other widths: This browser cannot lay a page out at another width.',
    );
    expect(deps.capture).not.toHaveBeenCalled();
  });
});

describe('picturesTabAsItIs', () => {
  it('only the tab’s own width alone (rounded as captures are) needs no layout', () => {
    expect(picturesTabAsItIs([1280], 1280)).toBe(true);
    expect(picturesTabAsItIs([1280], 1279.6)).toBe(true);
    expect(picturesTabAsItIs([375], 1280)).toBe(false);
    expect(picturesTabAsItIs([1280, 375], 1280)).toBe(false);
  });
});
