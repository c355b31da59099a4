import type { IncomingMessage, ServerResponse } from 'node:http';
import { type FaultController, FaultsSchema } from './faults';
import { HttpError, parseJson, readBody, requestUrl, sendJson } from './http';
import type { RumIndex } from './intake/rum-index';
import { SeedSegmentsSchema, seedSegments } from './seed-segments';
import { parseOrThrow } from './validation';

/**
 * `/_admin/*`: test controls. Not part of Datadog's or PostHog's API, so no auth, no faults, no rate
 * limit. PostHog's own controls are under `/_admin/posthog/` (`posthog/admin.ts`).
 *   GET    /_admin/state   the index (applications → sessions → views → segment metadata), snapshots
 *                          and the PostHog state
 *   GET    /_admin/faults  the active faults
 *   POST   /_admin/faults  replace the active faults, Datadog's and PostHog's (body: Faults, see faults.ts)
 *   DELETE /_admin/faults  clear all faults
 *   POST   /_admin/reset   forget ingested RUM data and delete every snapshot; PostHog: delete every
 *                          saved heatmap, forget ingested events and rate limits (render time stays)
 *   POST   /_admin/seed-segments  a view with N synthetic segments (body: SeedSegments, seed-segments.ts)
 */

export interface AdminContext {
  faults: FaultController;
  state: () => unknown;
  reset: () => void;
  index: RumIndex;
  now: () => number;
}

export async function handleAdmin(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: AdminContext,
): Promise<void> {
  const route = `${req.method} ${requestUrl(req).pathname}`;
  switch (route) {
    case 'GET /_admin/state':
      return sendJson(res, 200, ctx.state());
    case 'GET /_admin/faults':
      return sendJson(res, 200, ctx.faults.current());
    case 'POST /_admin/faults': {
      const body = parseJson(await readBody(req), 'request body');
      ctx.faults.set(parseOrThrow(FaultsSchema, body));
      return sendJson(res, 200, ctx.faults.current());
    }
    case 'DELETE /_admin/faults':
      ctx.faults.clear();
      return sendJson(res, 200, ctx.faults.current());
    case 'POST /_admin/seed-segments': {
      const seed = parseOrThrow(SeedSegmentsSchema, parseJson(await readBody(req), 'request body'));
      return sendJson(res, 200, { seeded: seedSegments(ctx.index, seed, ctx.now()) });
    }
    case 'POST /_admin/reset':
      ctx.reset();
      return sendJson(res, 200, { reset: true });
    default:
      throw new HttpError(404, `no admin endpoint ${route}`);
  }
}
