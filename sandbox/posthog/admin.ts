import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { HttpError, parseJson, readBody, requestUrl, send, sendJson } from '../http';
import { parseOrThrow } from '../validation';
import { MAX_RENDER_MS } from './defaults';
import type { HeatmapStore } from './heatmap-store';
import type { HeatmapProcessor } from './processing';

/**
 * `/_admin/posthog/*`: test controls, no auth, no faults.
 *   GET  /_admin/posthog/images/{id}?width=N  a stored JPEG's raw bytes (exact width; deleted heatmaps too)
 *   GET  /_admin/posthog/render-time          {ms}
 *   POST /_admin/posthog/render-time          body {ms}: how long new heatmaps stay `processing`
 */

const RenderTimeSchema = z.strictObject({ ms: z.int().min(0).max(MAX_RENDER_MS) });
const WidthQuerySchema = z.object({
  width: z
    .string()
    .regex(/^\d{1,5}$/, 'must be an integer')
    .transform(Number),
});

export async function handlePostHogAdmin(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: { store: HeatmapStore; processor: HeatmapProcessor },
): Promise<void> {
  const url = requestUrl(req);
  const image = /^\/_admin\/posthog\/images\/([0-9a-f-]{36})$/.exec(url.pathname)?.[1];
  if (image !== undefined && req.method === 'GET') {
    const { width } = parseOrThrow(WidthQuerySchema, Object.fromEntries(url.searchParams), { root: 'query' });
    const bytes =
      ctx.store.byId(image)?.images.some((i) => i.width === width) && ctx.store.readImage(image, width);
    if (!bytes) throw new HttpError(404, `no image for ${image} at width ${width}`);
    return send(res, 200, bytes, { 'Content-Type': 'image/jpeg', 'Cache-Control': 'no-store' });
  }
  if (url.pathname === '/_admin/posthog/render-time') {
    if (req.method === 'POST') {
      const { ms } = parseOrThrow(RenderTimeSchema, parseJson(await readBody(req), 'request body'));
      ctx.processor.setRenderMs(ms);
    } else if (req.method !== 'GET') throw new HttpError(405, 'GET or POST');
    return sendJson(res, 200, { ms: ctx.processor.getRenderMs() });
  }
  throw new HttpError(404, `no admin endpoint ${req.method} ${url.pathname}`);
}
