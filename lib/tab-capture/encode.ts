import { type Canvas, context2d, type Graphics } from './graphics';

/** Largest picture the extension uploads; the one definition, used wherever a size is checked. */
export const MAX_UPLOAD_BYTES = 5_000_000;

/**
 * What to try, in order, until the JPEG fits: first lower quality (invisible at first, cheap),
 * then fewer pixels. Bounded: a picture that does not fit after the last step is refused.
 */
export const ENCODING_STEPS: readonly { quality: number; scale: number }[] = [
  { quality: 0.85, scale: 1 },
  { quality: 0.7, scale: 1 },
  { quality: 0.55, scale: 1 },
  { quality: 0.55, scale: 0.75 },
  { quality: 0.55, scale: 0.5 },
  { quality: 0.5, scale: 0.35 },
];

export interface EncodedPicture {
  jpeg: Blob;
  quality: number;
  /** JPEG pixels per CSS pixel (1 unless it had to be shrunk to fit). */
  scale: number;
}

export async function encodeUnderLimit(
  picture: Canvas,
  graphics: Graphics,
  maxBytes = MAX_UPLOAD_BYTES,
): Promise<EncodedPicture> {
  let smallest = Number.POSITIVE_INFINITY;
  for (const { quality, scale } of ENCODING_STEPS) {
    const canvas = scale === 1 ? picture : scaled(picture, scale, graphics);
    const jpeg = await canvas.convertToBlob({ type: 'image/jpeg', quality });
    if (jpeg.size <= maxBytes) return { jpeg, quality, scale };
    smallest = Math.min(smallest, jpeg.size);
  }
  throw new Error(
    `The page's picture is too large to upload (${(smallest / 1e6).toFixed(1)} MB at the lowest quality, limit ${maxBytes / 1e6} MB).`,
  );
}

function scaled(picture: Canvas, scale: number, graphics: Graphics): Canvas {
  const canvas = graphics.createCanvas(
    Math.max(1, Math.round(picture.width * scale)),
    Math.max(1, Math.round(picture.height * scale)),
  );
  context2d(canvas).drawImage(
    picture,
    0,
    0,
    picture.width,
    picture.height,
    0,
    0,
    canvas.width,
    canvas.height,
  );
  return canvas;
}
