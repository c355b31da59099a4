import { type Canvas, context2d, type Graphics } from './graphics';
import { rowsInViewport, type Slice, toImagePixels } from './plan';

/**
 * Draws each viewport screenshot's new rows into one picture in CSS pixels as it arrives, so only
 * one screenshot is decoded at a time and decoding overlaps the wait between captures.
 */
export interface StitchGeometry {
  /** Output width: the layout width (clientWidth), so the scrollbar is cut off on the right. */
  layoutWidth: number;
  /** innerWidth: the CSS width the screenshot spans, used to find its pixel ratio. */
  viewportWidth: number;
  viewportHeight: number;
  /** Output height: the plan's height. */
  height: number;
}

export interface Stitcher {
  readonly canvas: Canvas;
  add(slice: Slice, actualScrollY: number, screenshot: Blob): Promise<void>;
}

export function createStitcher(geometry: StitchGeometry, graphics: Graphics): Stitcher {
  const width = Math.round(geometry.layoutWidth);
  const canvas = graphics.createCanvas(width, Math.round(geometry.height));
  const context = context2d(canvas);
  // JPEG has no transparency: anything not drawn would otherwise come out black.
  context.fillStyle = '#fff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  return {
    canvas,
    async add(slice, actualScrollY, screenshot) {
      const rows = rowsInViewport(slice, actualScrollY, width, geometry.viewportHeight);
      const bitmap = await graphics.decode(screenshot);
      try {
        const source = toImagePixels(rows, bitmap.width, geometry.viewportWidth);
        context.drawImage(
          bitmap,
          source.x,
          source.y,
          source.width,
          source.height,
          0,
          slice.top,
          width,
          slice.height,
        );
      } finally {
        bitmap.close();
      }
    },
  };
}
