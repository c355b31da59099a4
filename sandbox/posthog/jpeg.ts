import jpeg from 'jpeg-js';
import { MAX_IMAGE_MEGAPIXELS } from './defaults';

/** Decodes a JPEG fully (so a truncated or fake one is refused) and returns its pixel size. */
export function jpegSize(bytes: Buffer): { width: number; height: number } | null {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  try {
    const image = jpeg.decode(bytes, {
      useTArray: true,
      tolerantDecoding: false,
      maxResolutionInMP: MAX_IMAGE_MEGAPIXELS,
      maxMemoryUsageInMB: 1024,
    });
    return image.width > 0 && image.height > 0 ? { width: image.width, height: image.height } : null;
  } catch {
    return null;
  }
}
