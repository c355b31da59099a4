/**
 * Which viewport-high slices make up the picture of a page, in CSS pixels. Pure, so every edge is
 * tested without a browser: slices follow each other one viewport apart; the last one is scrolled
 * to the bottom and only its new rows are kept, so nothing appears twice.
 */

/** Tallest picture taken: longer pages are cut here (and say so) to bound time, memory and upload size. */
export const MAX_CAPTURE_HEIGHT = 15_000;

export interface Slice {
  /** Where to scroll to. */
  scrollY: number;
  /** The picture's rows [top, top + height) are taken from this slice. */
  top: number;
  height: number;
}

export interface SlicePlan {
  slices: Slice[];
  /** Height of the stitched picture: the document's, or MAX_CAPTURE_HEIGHT when truncated. */
  height: number;
  truncated: boolean;
}

export function planSlices(
  documentHeight: number,
  viewportHeight: number,
  maxHeight = MAX_CAPTURE_HEIGHT,
): SlicePlan {
  if (!(viewportHeight >= 1)) throw new Error(`Cannot capture a viewport ${viewportHeight} px high`);
  const height = Math.max(1, Math.round(Math.min(documentHeight, maxHeight)));
  const truncated = documentHeight > maxHeight;
  const slices: Slice[] = [];
  for (let top = 0; top < height; top += viewportHeight) {
    const rows = Math.min(viewportHeight, height - top);
    // A short last slice is scrolled so the picture's bottom is the viewport's bottom.
    const scrollY = rows < viewportHeight && top > 0 ? height - viewportHeight : top;
    slices.push({ scrollY, top, height: rows });
  }
  return { slices, height, truncated };
}

/** Within one viewport screenshot, the CSS-pixel rectangle holding a slice's rows. */
export interface ViewportRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Scroll positions are fractional on zoomed or high-DPR pages; this much drift is accepted. */
const SCROLL_TOLERANCE = 1;

/**
 * Where a slice's rows are in the screenshot taken at `actualScrollY` (where the page really went).
 * Throws when the page did not scroll far enough for the rows to be on screen: a page that fights
 * scrolling, or that shrank during the capture, must fail rather than produce a wrong picture.
 */
export function rowsInViewport(
  slice: Slice,
  actualScrollY: number,
  layoutWidth: number,
  viewportHeight: number,
): ViewportRect {
  const y = slice.top - actualScrollY;
  if (y < -SCROLL_TOLERANCE || y + slice.height > viewportHeight + SCROLL_TOLERANCE) {
    throw new Error(
      `The page did not scroll to ${slice.scrollY} px (it stayed at ${Math.round(actualScrollY)} px); it may control its own scrolling.`,
    );
  }
  return {
    x: 0,
    y: Math.min(Math.max(y, 0), viewportHeight - slice.height),
    width: layoutWidth,
    height: slice.height,
  };
}

/**
 * The same rectangle in the screenshot's own pixels. The ratio is measured from the screenshot
 * (its width over the viewport's CSS width) rather than trusted from devicePixelRatio, which a
 * zoomed page or a rounding in the browser can make differ from what was captured.
 */
export function toImagePixels(rect: ViewportRect, imageWidth: number, viewportWidth: number): ViewportRect {
  const scale = imageWidth / viewportWidth;
  return { x: rect.x * scale, y: rect.y * scale, width: rect.width * scale, height: rect.height * scale };
}
