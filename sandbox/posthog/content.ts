import { DEFAULT_CONTENT_WIDTH } from './defaults';
import { notFound } from './errors';
import { effectiveStatus, type ImageMeta, servableImages, toApi } from './model';
import type { HeatmapContext, PhHandler } from './types';

/**
 * `GET heatmap_screenshots/{id}/content/?width=N`, by the heatmap's UUID `id` (not its short id),
 * as PostHog/posthog heatmaps_api.py `HeatmapScreenshotViewSet.content` (read from the source):
 * 404 unknown or deleted; a `width` Python's `int()` refuses is a 400 with the bare body
 * `{"error": "Invalid width parameter, must be an integer"}` (no range check); 200 image/jpeg of the
 * closest width with content (ties go to the wider image: PostHog's order is the database's);
 * 202 + saved-heatmap JSON when there is none — while processing, and after a failed render.
 */
export function contentHandler(ctx: HeatmapContext): PhHandler {
  return (req) => {
    const record = ctx.store.byId(req.params.id ?? '');
    if (!record || record.deleted) throw notFound();
    const width = pythonInt(req.url.searchParams.get('width') ?? String(DEFAULT_CONTENT_WIDTH));
    if (width === null) {
      return { status: 400, json: { error: 'Invalid width parameter, must be an integer' } };
    }
    const now = ctx.now();
    const image =
      effectiveStatus(record, now) === 'processing' ? undefined : closest(servableImages(record, now), width);
    const jpeg = image && ctx.store.readImage(record.id, image.width);
    if (!jpeg) return { status: 202, json: toApi(record, now) };
    return { status: 200, jpeg };
  };
}

/** Python's `int(text)`: optional blanks and sign around decimal digits (underscores between them). */
function pythonInt(text: string): number | null {
  const match = /^\s*([+-]?)(\d(?:_?\d)*)\s*$/.exec(text);
  if (!match) return null;
  const value = Number(`${match[1]}${(match[2] ?? '').replaceAll('_', '')}`);
  return Number.isSafeInteger(value) ? value : null;
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
