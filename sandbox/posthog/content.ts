import { notFound, parseOr400 } from './errors';
import { effectiveStatus, type ImageMeta, servableImages, toApi } from './model';
import { ContentQuerySchema } from './schemas';
import type { HeatmapContext, PhHandler } from './types';

/**
 * `GET heatmap_screenshots/{id}/content/?width=N`, by the heatmap's UUID `id` (not its short id):
 * 202 + saved-heatmap JSON while processing; 200 image/jpeg of the closest width with content
 * (ties go to the wider image); 404 unknown, deleted, failed or without screenshots; 400 bad width.
 */
export function contentHandler(ctx: HeatmapContext): PhHandler {
  return (req) => {
    const record = ctx.store.byId(req.params.id ?? '');
    if (!record || record.deleted) throw notFound();
    const { width } = parseOr400(ContentQuerySchema, Object.fromEntries(req.url.searchParams));
    const now = ctx.now();
    const status = effectiveStatus(record, now);
    if (status === 'processing') return { status: 202, json: toApi(record, now) };
    if (status === 'failed')
      throw notFound(`Screenshot generation failed: ${record.exception ?? 'unknown error'}`);
    const image = closest(servableImages(record, now), width);
    const jpeg = image && ctx.store.readImage(record.id, image.width);
    if (!jpeg) throw notFound('This heatmap has no screenshot content.');
    return { status: 200, jpeg };
  };
}

function closest(images: ImageMeta[], width: number): ImageMeta | undefined {
  let best: ImageMeta | undefined;
  for (const image of images) {
    const distance = Math.abs(image.width - width);
    const bestDistance = best ? Math.abs(best.width - width) : Number.POSITIVE_INFINITY;
    if (distance < bestDistance || (distance === bestDistance && best && image.width > best.width))
      best = image;
  }
  return best;
}
