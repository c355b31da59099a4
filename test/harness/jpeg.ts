import jpeg from 'jpeg-js';
import type { Rgb } from '../../sandbox/demo/posthog-layout';

/** JPEG decoding and pixel checks shared by the sandbox tests and the e2e tests (no test runner inside). */

export function decodeJpeg(bytes: Uint8Array) {
  return jpeg.decode(bytes, { useTArray: true, maxResolutionInMP: 200 });
}

/** The pixel at (x, y) of a decoded image (coordinates rounded to whole pixels). */
export function pixel(image: { width: number; data: Uint8Array }, x: number, y: number): Rgb {
  const offset = (Math.round(y) * image.width + Math.round(x)) * 4;
  return { r: image.data[offset] ?? -1, g: image.data[offset + 1] ?? -1, b: image.data[offset + 2] ?? -1 };
}

/** A colour check allowing each channel to be off by `tolerance` (JPEG shifts colours a little). */
export function nearWithin(tolerance: number) {
  return (actual: Rgb, expected: Rgb): boolean =>
    Math.abs(actual.r - expected.r) <= tolerance &&
    Math.abs(actual.g - expected.g) <= tolerance &&
    Math.abs(actual.b - expected.b) <= tolerance;
}
