import { z } from 'zod';
import { HttpError } from '../http';
import { parseMultipart } from '../intake/decode';
import { MAX_IMAGE_BYTES, MAX_WIDTHS } from './defaults';
import { invalid, parseError, parseOr400, unsupportedMediaType } from './errors';
import { jpegSize } from './jpeg';
import { toApi } from './model';
import { newRecord } from './saved';
import { DataUrl, Name, PageUrl, queryInt, Width } from './schemas';
import type { HeatmapContext, PhHandler } from './types';

/**
 * `POST saved/capture/`: the toolbar's client-side upload of a page captured in the person's
 * browser. Its shape is NOT in PostHog's public docs; the reference infers it from PostHog's
 * source, and everything the sandbox assumes about it lives in this module:
 *   multipart/form-data with text fields `url` (required, no wildcards), `name`, `data_url`
 *   (optional), and repeated `images[]` (JPEG files) with `widths[]` (one width per image, same
 *   order); answer 201 with the saved heatmap (type `screenshot`), its content being the uploads.
 * Each image is decoded: a non-JPEG, a width that differs from the image's pixel width, a width
 * out of 100–3000, a repeated width or more than 16 images is a 400 whose `attr` names the field.
 */

const IMAGES_FIELD = 'images[]';
const WIDTHS_FIELD = 'widths[]';

const WidthText = queryInt(Width);

const UploadSchema = z
  .object({
    url: PageUrl,
    name: Name.nullish(),
    data_url: DataUrl.nullish(),
    images: z
      .array(z.instanceof(Blob, { message: 'Each image must be a file.' }))
      .min(1)
      .max(MAX_WIDTHS),
    widths: z.array(WidthText).max(MAX_WIDTHS),
  })
  .superRefine((upload, ctx) => {
    if (upload.widths.length !== upload.images.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['widths'],
        message: `Expected one width per image: ${upload.images.length} image(s), ${upload.widths.length} width(s).`,
      });
    } else if (new Set(upload.widths).size !== upload.widths.length) {
      ctx.addIssue({ code: 'custom', path: ['widths'], message: 'Each width may appear once.' });
    }
  });

export function captureUploadHandler(ctx: HeatmapContext): PhHandler {
  return async (req) => {
    const form = await readForm(await req.body(), req.req.headers['content-type']);
    const upload = parseOr400(UploadSchema, {
      url: form.get('url') ?? undefined,
      name: form.get('name') ?? undefined,
      data_url: form.get('data_url') ?? undefined,
      images: form.getAll(IMAGES_FIELD),
      widths: form.getAll(WIDTHS_FIELD),
    });
    const images = [];
    for (const [i, blob] of upload.images.entries()) {
      const width = upload.widths[i] ?? 0;
      if (blob.size > MAX_IMAGE_BYTES)
        throw invalid('images', `Image ${i} is larger than ${MAX_IMAGE_BYTES} bytes.`);
      const jpeg = Buffer.from(await blob.arrayBuffer());
      const size = jpegSize(jpeg);
      if (!size) throw invalid('images', `Image ${i} is not a valid JPEG.`);
      if (size.width !== width) {
        throw invalid('widths', `Width ${width} does not match image ${i}, which is ${size.width} px wide.`);
      }
      images.push({ width, height: size.height, jpeg });
    }
    const record = newRecord(
      {
        url: upload.url,
        name: upload.name,
        data_url: upload.data_url,
        widths: upload.widths,
        type: 'screenshot',
      },
      ctx.store.newShortId(),
      ctx.now(),
    );
    record.target_widths = [...upload.widths].sort((a, b) => a - b);
    return { status: 201, json: toApi(ctx.processor.storeUpload(record, images), ctx.now()) };
  };
}

async function readForm(body: Buffer, contentType: string | undefined): Promise<FormData> {
  if (!contentType?.toLowerCase().startsWith('multipart/form-data')) {
    throw unsupportedMediaType(contentType ?? '');
  }
  try {
    return await parseMultipart(body, contentType);
  } catch (error) {
    if (error instanceof HttpError) throw parseError('Multipart form parse error.');
    throw error;
  }
}
