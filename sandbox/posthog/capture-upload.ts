import { z } from 'zod';
import { HttpError } from '../http';
import { parseMultipart } from '../intake/decode';
import {
  MAX_CAPTURE_IMAGE_HEIGHT,
  MAX_CAPTURE_IMAGE_PIXELS,
  MAX_CAPTURE_IMAGE_WIDTH,
  MAX_CAPTURE_TOTAL_BYTES,
  MAX_IMAGE_BYTES,
  MAX_NAME_LENGTH,
  MAX_URL_LENGTH,
  MAX_WIDTHS,
} from './defaults';
import { invalid, invalidInput, parseError, parseOr400, unsupportedMediaType } from './errors';
import { jpegHeaderSize, jpegSize } from './jpeg';
import { toApi } from './model';
import { validateCapturedPageUrl } from './page-url';
import { newRecord } from './saved';
import { queryInt, Width } from './schemas';
import type { HeatmapContext, PhHandler } from './types';

/**
 * `POST saved/capture/`: pictures captured in the person's browser, stored as a completed
 * heatmap. Every rule follows PostHog/posthog `products/web_analytics/backend/api/heatmaps_api.py`
 * (`SavedHeatmapCaptureRequestSerializer`, `SavedHeatmapViewSet.capture`, read from the source):
 * - `parser_classes=[MultiPartParser, FormParser]`: another body type is a 415;
 * - `image` + `width`, or `images` + `widths` read as Django REST framework's `ListField` reads a
 *   form: repeated keys, else indexed keys `images[0]`, `images[1]`…; `images[]` is never read,
 *   so such an upload has neither and is refused "Provide 'image'+'width' or 'images'+'widths'.";
 * - widths 100–3000, at most 16 (`MAX_TARGET_WIDTHS`), lists not empty, same length, no repeat;
 * - `url` ≤ 2000 characters, no wildcard characters, http(s) (`validate_captured_page_url`);
 *   `name` ≤ 400, may be blank (then the url); there is no `data_url` field: the data URL is `url`;
 * - all images ≤ 60 MB together, each ≤ 20 MB, its content type `image/…` (else 415), at most
 *   4000 × 30000 px and 50 megapixels (read from the header), and a valid image (decoded);
 * - 201 with the heatmap: `source: "toolbar"`, `status: "completed"` at once, `target_widths` in
 *   the order sent.
 * Limits of the stand-in itself: the sandbox reads bodies up to 20 MB (sandbox/http.ts), so the
 * 60 MB total is enforced here but a body that large is refused earlier with a 413; images are
 * decoded as JPEG only (what the extension sends; PostHog's Pillow also reads PNG and others).
 */

const PROVIDE_MESSAGE = "Provide 'image'+'width' or 'images'+'widths'.";

const WidthText = queryInt(Width);
const ImageFile = z.instanceof(Blob, {
  message: 'The submitted data was not a file. Check the encoding type on the form.',
});

const CaptureSchema = z.object({
  url: z
    .string({ message: 'This field is required.' })
    .max(MAX_URL_LENGTH, `Ensure this field has no more than ${MAX_URL_LENGTH} characters.`),
  name: z
    .string()
    .max(MAX_NAME_LENGTH, `Ensure this field has no more than ${MAX_NAME_LENGTH} characters.`)
    .optional(),
  image: ImageFile.optional(),
  width: WidthText.optional(),
  images: z
    .array(ImageFile)
    .min(1, 'This list may not be empty.')
    .max(MAX_WIDTHS, `Ensure this field has no more than ${MAX_WIDTHS} elements.`)
    .optional(),
  widths: z
    .array(WidthText)
    .min(1, 'This list may not be empty.')
    .max(MAX_WIDTHS, `Ensure this field has no more than ${MAX_WIDTHS} elements.`)
    .optional(),
});
type Capture = z.output<typeof CaptureSchema>;

/** `ListField.get_value` on a form: repeated keys, else `name[0]`, `name[1]`… in index order. */
function formList(form: FormData, name: string): FormDataEntryValue[] | undefined {
  const repeated = form.getAll(name);
  if (repeated.length > 0) return repeated;
  const indexed: [number, FormDataEntryValue][] = [];
  const pattern = new RegExp(`^${name}\\[(\\d+)\\]$`);
  for (const [key, value] of form.entries()) {
    const index = pattern.exec(key)?.[1];
    if (index !== undefined) indexed.push([Number(index), value]);
  }
  return indexed.length > 0 ? indexed.sort((a, b) => a[0] - b[0]).map(([, value]) => value) : undefined;
}

/** `SavedHeatmapCaptureRequestSerializer.validate`: which pairs, or the serializer's sentence. */
function widthImagePairs(capture: Capture): { width: number; image: Blob }[] {
  const hasMulti = capture.images !== undefined || capture.widths !== undefined;
  const hasSingle = capture.image !== undefined || capture.width !== undefined;
  if (hasMulti && hasSingle)
    throw invalidInput("Provide either 'image'+'width' or 'images'+'widths', not both.");
  if (hasMulti) {
    const { images, widths } = capture;
    if (images === undefined || widths === undefined) {
      throw invalidInput("Both 'images' and 'widths' are required for a multi-width capture.");
    }
    if (images.length !== widths.length) throw invalidInput("'images' and 'widths' must be the same length.");
    if (new Set(widths).size !== widths.length)
      throw invalidInput("'widths' must not contain duplicate values.");
    return widths.map((width, i) => ({ width, image: images[i] as Blob }));
  }
  if (capture.image === undefined || capture.width === undefined) throw invalidInput(PROVIDE_MESSAGE);
  return [{ width: capture.width, image: capture.image }];
}

export function captureUploadHandler(ctx: HeatmapContext): PhHandler {
  return async (req) => {
    const form = await readForm(await req.body(), req.req.headers['content-type']);
    const text = (name: string) => {
      const value = form.get(name);
      return value === null ? undefined : value;
    };
    const capture = parseOr400(CaptureSchema, {
      url: text('url'),
      name: text('name'),
      image: text('image'),
      width: text('width'),
      images: formList(form, 'images'),
      widths: formList(form, 'widths'),
    });
    validateCapturedPageUrl(capture.url);
    const pairs = widthImagePairs(capture);
    // DRF's `ImageField` opens each file as an image (Pillow) while the serializer validates.
    for (const { image } of pairs) {
      if (!jpegHeaderSize(Buffer.from(await image.arrayBuffer()))) {
        throw invalid(
          capture.images ? 'images' : 'image',
          'Upload a valid image. The file you uploaded was either not an image or a corrupted image.',
          'invalid_image',
        );
      }
    }

    if (pairs.reduce((sum, { image }) => sum + image.size, 0) > MAX_CAPTURE_TOTAL_BYTES) {
      throw invalidInput('Total screenshot size is too large', 'request_too_large');
    }
    const images = [];
    for (const { width, image } of pairs) {
      if (image.size > MAX_IMAGE_BYTES)
        throw invalidInput('Each screenshot must be less than 20MB', 'file_too_large');
      if (!image.type.startsWith('image/')) throw unsupportedMediaType(image.type || 'unknown');
      const bytes = Buffer.from(await image.arrayBuffer());
      // `_reject_oversized_capture_image` reads the header (PIL's Image.open) before anything decodes it.
      const header = jpegHeaderSize(bytes);
      if (!header) throw invalidInput('Uploaded media must be a valid image', 'invalid_image');
      if (
        header.width > MAX_CAPTURE_IMAGE_WIDTH ||
        header.height > MAX_CAPTURE_IMAGE_HEIGHT ||
        header.width * header.height > MAX_CAPTURE_IMAGE_PIXELS
      ) {
        throw invalidInput('Screenshot dimensions are too large to process', 'image_too_large');
      }
      const size = jpegSize(bytes);
      if (!size) throw invalidInput('Uploaded media must be a valid image', 'invalid_image');
      images.push({ width, height: size.height, jpeg: bytes });
    }

    const record = newRecord(
      {
        url: capture.url,
        name: capture.name || capture.url,
        data_url: capture.url,
        widths: [...new Set(pairs.map(({ width }) => width))],
        type: 'screenshot',
      },
      ctx.store.newShortId(),
      ctx.now(),
    );
    record.source = 'toolbar';
    return { status: 201, json: toApi(ctx.processor.storeUpload(record, images), ctx.now()) };
  };
}

/** `MultiPartParser` and `FormParser`: any other body is a 415 before the serializer runs. */
async function readForm(body: Buffer, contentType: string | undefined): Promise<FormData> {
  const type = contentType?.toLowerCase() ?? '';
  if (type.startsWith('application/x-www-form-urlencoded')) {
    const form = new FormData();
    for (const [key, value] of new URLSearchParams(body.toString('utf8'))) form.append(key, value);
    return form;
  }
  if (!type.startsWith('multipart/form-data')) throw unsupportedMediaType(contentType ?? '');
  try {
    return await parseMultipart(body, contentType);
  } catch (error) {
    if (error instanceof HttpError) throw parseError('Multipart form parse error.');
    throw error;
  }
}
