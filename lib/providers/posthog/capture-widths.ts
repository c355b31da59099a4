import type { DeviceLayoutSession } from '@/lib/background/device-layout';
import { messageOf } from '@/lib/errors';
import { layoutAtWidth } from '@/lib/page/device-layouts';
import type { CapturedPage } from '@/lib/tab-capture/capture';
import { captureWidth } from './default-input';
import type { CapturedSize } from './job';

/**
 * "Capture this tab" at the widths the person picks: the tab's own width alone pictures the page
 * as it is (as before); any other choice lays the page out at each width in turn through one
 * DeviceLayoutSession, takes a full-page picture at each, and always ends the layout.
 */

/** After a layout is applied, the page reflows (media queries, resize listeners) before its picture. */
export const LAYOUT_SETTLE_MS = 300;

/**
 * Whether these capture widths are the tab as it is: one width, the tab's own. The one rule the
 * popup (which then needs no permission) and the background (which then lays nothing out) share.
 */
export function picturesTabAsItIs(widths: readonly number[], viewportWidth: number): boolean {
  return widths.length === 1 && widths[0] === captureWidth(viewportWidth);
}

export interface CaptureWidthsDeps {
  /** The tab's viewport in CSS pixels now, before any layout. */
  measure(tabId: number): Promise<{ width: number; height: number }>;
  openLayout(tabId: number): Promise<DeviceLayoutSession>;
  /** A full-page picture of the tab; `viewportShot` pictures its viewport while it is laid out. */
  capture(tabId: number, viewportShot?: () => Promise<string>): Promise<CapturedPage>;
  /** Keeps one width's picture until it is uploaded. */
  keep(width: number, page: CapturedPage): Promise<void>;
  sleep(ms: number): Promise<void>;
  /** What is happening now, for the popup; null once over. */
  report(sentence: string | null): void;
}

const sizeOf = (page: CapturedPage): CapturedSize => ({
  width: page.width,
  height: page.height,
  truncated: page.truncated,
});

/** Pictures the tab at `widths` and keeps each picture; answers their sizes in the order of `widths`. */
export async function captureAtWidths(
  tabId: number,
  widths: readonly number[],
  deps: CaptureWidthsDeps,
): Promise<CapturedSize[]> {
  try {
    const own = await deps.measure(tabId);
    if (picturesTabAsItIs(widths, own.width)) {
      // The page's own layout width (without a scrollbar) is the picture's width, as PostHog wants it.
      const page = await deps.capture(tabId);
      await deps.keep(page.width, page);
      return [sizeOf(page)];
    }
    return await captureLaidOut(tabId, widths, own.height, deps);
  } finally {
    deps.report(null);
  }
}

async function captureLaidOut(
  tabId: number,
  widths: readonly number[],
  height: number,
  deps: CaptureWidthsDeps,
): Promise<CapturedSize[]> {
  const layout = await deps.openLayout(tabId).catch((error: unknown) => {
    throw new Error(`The page could not be laid out at other widths: ${messageOf(error)}`);
  });
  const sizes: CapturedSize[] = [];
  let width = widths[0] ?? 0;
  try {
    for (const [index, current] of widths.entries()) {
      width = current;
      deps.report(`Laying out the page at ${width} px… ${index + 1} of ${widths.length}`);
      await layout.apply(layoutAtWidth(width), height);
      await deps.sleep(LAYOUT_SETTLE_MS);
      const page = await deps.capture(tabId, () => layout.captureViewport());
      if (page.width !== width) throw new Error(`the page was ${page.width} px wide instead of ${width} px`);
      await deps.keep(width, page);
      sizes.push(sizeOf(page));
    }
  } catch (error) {
    throw new Error(
      `Picturing the page at ${width} px failed: ${messageOf(error).replace(/\.$/, '')}. Nothing was saved; the page is back to its own layout.`,
    );
  } finally {
    await layout.end();
  }
  return sizes;
}
