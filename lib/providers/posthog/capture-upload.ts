import { z } from 'zod/mini';
import {
  HeatmapDataUrlSchema,
  HeatmapNameSchema,
  HeatmapUrlSchema,
  HeatmapWidthSchema,
  MAX_WIDTHS,
} from '@/lib/providers/posthog/schemas';

/**
 * The upload of screenshots captured in the person's browser: `POST saved/capture/`.
 *
 * This endpoint is NOT in PostHog's public API docs. Its shape is inferred from the reference
 * (`multipart url, name, images[] + widths[]`) and may differ; everything about it lives in this
 * one module so it can be corrected in one place. Inferred here: the field names with their
 * literal `[]`, images and widths paired by position, the file names, `data_url` being accepted,
 * the response being a saved heatmap, and the per-image size bound.
 */

/** Path under `/api/projects/{project_id}/`, next to `saved/`. */
export const CAPTURE_UPLOAD_PATH = 'saved/capture/';

const FIELD_URL = 'url';
const FIELD_NAME = 'name';
const FIELD_DATA_URL = 'data_url';
const FIELD_IMAGE = 'images[]';
const FIELD_WIDTH = 'widths[]';
/** A full-page JPEG at 1920 px is a few MB; far more means something went wrong (inferred bound). */
const MAX_IMAGE_BYTES = 25 * 1024 * 1024;

const CapturedImageSchema = z.object({
  width: HeatmapWidthSchema,
  jpeg: z.instanceof(Blob, { message: 'Screenshot must be an image' }).check(
    z.refine((blob) => blob.type === 'image/jpeg', 'Screenshot must be a JPEG image'),
    z.refine((blob) => blob.size > 0, 'Screenshot is empty'),
    z.refine((blob) => blob.size <= MAX_IMAGE_BYTES, 'Screenshot is over 25 MB'),
  ),
});

/** What the capture produced, checked before it is sent. */
export const CaptureUploadSchema = z.object({
  url: HeatmapUrlSchema,
  name: HeatmapNameSchema,
  dataUrl: z.optional(HeatmapDataUrlSchema),
  images: z.array(CapturedImageSchema).check(
    z.minLength(1, 'At least one screenshot is needed'),
    z.maxLength(MAX_WIDTHS, `At most ${MAX_WIDTHS} screenshots are allowed`),
    z.refine(
      (images) => new Set(images.map((image) => image.width)).size === images.length,
      'Two screenshots have the same width',
    ),
  ),
});
export type CaptureUpload = z.infer<typeof CaptureUploadSchema>;

/** The multipart body: one `images[]` file and one `widths[]` value per width, in the same order. */
export function captureUploadBody(upload: CaptureUpload): FormData {
  const form = new FormData();
  form.append(FIELD_URL, upload.url);
  form.append(FIELD_NAME, upload.name);
  if (upload.dataUrl !== undefined) form.append(FIELD_DATA_URL, upload.dataUrl);
  for (const image of upload.images) {
    form.append(FIELD_IMAGE, image.jpeg, `heatmap-${image.width}.jpg`);
    form.append(FIELD_WIDTH, String(image.width));
  }
  return form;
}
