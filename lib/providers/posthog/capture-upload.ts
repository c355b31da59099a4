import { z } from 'zod/mini';
import {
  HeatmapNameSchema,
  HeatmapUrlSchema,
  HeatmapWidthSchema,
  MAX_WIDTHS,
} from '@/lib/providers/posthog/schemas';

/**
 * The upload of screenshots captured in the person's browser: `POST saved/capture/`.
 *
 * Read from PostHog's source (PostHog/posthog
 * `products/web_analytics/backend/api/heatmaps_api.py`: `SavedHeatmapCaptureRequestSerializer`
 * and `SavedHeatmapViewSet.capture`), not inferred:
 * - multipart/form-data with `url` (required), `name` (optional; PostHog uses the url when blank);
 * - either one `image` + `width`, or `images` + `widths`. This module sends the one stated form
 *   `images` + `widths`, as repeated keys with exactly those names (Django REST framework's
 *   `ListField` reads repeated keys or `images[0]`…, never `images[]`), paired by position, the
 *   same count, no width twice, at most 16 (`MAX_TARGET_WIDTHS`), each 100–3000;
 * - no `data_url`: PostHog stores the captured `url` as the data URL;
 * - each image under 20 MB (`HEATMAP_SCREENSHOT_MAX_BYTES`, tasks/heatmap_screenshot.py), its
 *   content type `image/…` (else 415), at most 4000 px wide, 30000 px tall and 50 megapixels
 *   (`MAX_CAPTURE_IMAGE_*`); all images together at most 60 MB (`MAX_CAPTURE_TOTAL_BYTES`);
 * - the answer: 201 with the saved heatmap, `source: "toolbar"`, `status: "completed"`.
 * Every limit is checked here before sending, so a picture PostHog would refuse gets a sentence.
 * Still unknown: the file names PostHog keeps (none are read by it); `heatmap-<width>.jpg` is sent.
 */

/** Path under `/api/projects/{project_id}/`, next to `saved/`. */
export const CAPTURE_UPLOAD_PATH = 'saved/capture/';

const FIELD_URL = 'url';
const FIELD_NAME = 'name';
const FIELD_IMAGES = 'images';
const FIELD_WIDTHS = 'widths';

const MEGABYTE = 1024 * 1024;
/** `HEATMAP_SCREENSHOT_MAX_BYTES = 20 * 1024 * 1024`: refused when larger. */
export const MAX_IMAGE_BYTES = 20 * MEGABYTE;
/** `MAX_CAPTURE_TOTAL_BYTES = 60 * 1024 * 1024`. */
export const MAX_TOTAL_BYTES = 60 * MEGABYTE;
/** `MAX_CAPTURE_IMAGE_WIDTH`, `MAX_CAPTURE_IMAGE_HEIGHT`, `MAX_CAPTURE_IMAGE_PIXELS`. */
export const MAX_IMAGE_PIXEL_WIDTH = 4000;
export const MAX_IMAGE_PIXEL_HEIGHT = 30_000;
export const MAX_IMAGE_PIXELS = 50_000_000;

const CapturedImageSchema = z.object({
  width: HeatmapWidthSchema,
  /** The picture's own size in pixels (read from the JPEG: jpegPixelSize). */
  pixelWidth: z.int().check(z.positive()),
  pixelHeight: z.int().check(z.positive()),
  jpeg: z.instanceof(Blob, { message: 'Screenshot must be an image' }).check(
    z.refine((blob) => blob.type === 'image/jpeg', 'Screenshot must be a JPEG image'),
    z.refine((blob) => blob.size > 0, 'Screenshot is empty'),
    z.refine((blob) => blob.size <= MAX_IMAGE_BYTES, 'Screenshot is over 20 MB, more than PostHog takes'),
  ),
});

/** What the capture produced, checked before it is sent. */
export const CaptureUploadSchema = z.strictObject({
  url: HeatmapUrlSchema,
  name: HeatmapNameSchema,
  images: z.array(CapturedImageSchema).check(
    z.minLength(1, 'At least one screenshot is needed'),
    z.maxLength(MAX_WIDTHS, `At most ${MAX_WIDTHS} screenshots are allowed`),
    z.refine(
      (images) => new Set(images.map((image) => image.width)).size === images.length,
      'Two screenshots have the same width',
    ),
    z.refine(
      (images) => images.every((image) => image.pixelWidth <= MAX_IMAGE_PIXEL_WIDTH),
      `A screenshot is over ${MAX_IMAGE_PIXEL_WIDTH} px wide, more than PostHog takes`,
    ),
    z.refine(
      (images) => images.every((image) => image.pixelHeight <= MAX_IMAGE_PIXEL_HEIGHT),
      `A screenshot is over ${MAX_IMAGE_PIXEL_HEIGHT} px tall, more than PostHog takes`,
    ),
    z.refine(
      (images) => images.every((image) => image.pixelWidth * image.pixelHeight <= MAX_IMAGE_PIXELS),
      'A screenshot is over 50 megapixels, more than PostHog takes',
    ),
    z.refine(
      (images) => images.reduce((sum, image) => sum + image.jpeg.size, 0) <= MAX_TOTAL_BYTES,
      'The screenshots are over 60 MB together, more than PostHog takes in one upload',
    ),
  ),
});
export type CaptureUpload = z.infer<typeof CaptureUploadSchema>;

/** The multipart body: one `images` file and one `widths` value per width, in the same order. */
export function captureUploadBody(upload: CaptureUpload): FormData {
  const form = new FormData();
  form.append(FIELD_URL, upload.url);
  form.append(FIELD_NAME, upload.name);
  for (const image of upload.images) {
    form.append(FIELD_IMAGES, image.jpeg, `heatmap-${image.width}.jpg`);
    form.append(FIELD_WIDTHS, String(image.width));
  }
  return form;
}

/** Start-of-frame markers (baseline, progressive, …) that carry a JPEG's size; not DHT/JPG/DAC. */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

/** A JPEG's size in pixels from its frame header; null when the bytes are not a JPEG. */
export async function jpegPixelSize(jpeg: Blob): Promise<{ width: number; height: number } | null> {
  const bytes = new Uint8Array(await jpeg.arrayBuffer());
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  let offset = 2;
  while (offset + 9 < bytes.length) {
    if (bytes[offset] !== 0xff) return null;
    const marker = bytes[offset + 1] ?? 0;
    const length = ((bytes[offset + 2] ?? 0) << 8) | (bytes[offset + 3] ?? 0);
    if (isStartOfFrame(marker)) {
      const height = ((bytes[offset + 5] ?? 0) << 8) | (bytes[offset + 6] ?? 0);
      const width = ((bytes[offset + 7] ?? 0) << 8) | (bytes[offset + 8] ?? 0);
      return width > 0 && height > 0 ? { width, height } : null;
    }
    offset += 2 + length;
  }
  return null;
}
