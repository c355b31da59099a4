import { randomUUID } from 'node:crypto';
import { DEFAULT_WIDTHS, PREWARM_PREVIEW_WIDTH } from './defaults';
import { invalidInput, notFound, parseOr400 } from './errors';
import { readJsonBody } from './json-body';
import { type HeatmapRecord, toApi } from './model';
import { validatePageUrl } from './page-url';
import {
  type CreateBody,
  CreateBodySchema,
  ListQuerySchema,
  PatchBodySchema,
  PrewarmBodySchema,
} from './schemas';
import type { HeatmapContext, PhHandler, PhRequest } from './types';

/**
 * `saved/`: list, create, get, PATCH (rename, widths, url, soft delete), `regenerate/` and
 * `prewarm/`, following PostHog/posthog `products/web_analytics/backend/api/heatmaps_api.py`
 * (`SavedHeatmapViewSet`, read from the source). The bare `{"error": …}` 400s are PostHog's own.
 */

/** A 400 answered with PostHog's bare `{"error": …}` body rather than DRF's error shape. */
const bareError = (error: string) => ({ status: 400, json: { error } });

export function savedHandlers(ctx: HeatmapContext) {
  const { store, processor, now, publicHosts } = ctx;
  const find = (req: PhRequest): HeatmapRecord => {
    const record = store.byShortId(req.params.short_id ?? '');
    if (!record) throw notFound();
    return record;
  };

  const list: PhHandler = (req) => {
    const query = parseOr400(ListQuerySchema, Object.fromEntries(req.url.searchParams));
    const t = now();
    const search = query.search?.toLowerCase();
    const matches = store
      .all()
      .filter((h) => !h.deleted && !h.is_prewarm)
      .map((h) => toApi(h, t))
      .filter((h) => query.type === undefined || h.type === query.type)
      .filter((h) => query.status === undefined || h.status === query.status)
      .filter((h) => !search || `${h.name ?? ''}\n${h.url}`.toLowerCase().includes(search))
      .sort(comparator(query.order));
    return {
      status: 200,
      json: { results: matches.slice(query.offset, query.offset + query.limit), count: matches.length },
    };
  };

  const create: PhHandler = async (req) => {
    const body = parseOr400(CreateBodySchema, await readJsonBody(req));
    validatePageUrl(body.url, publicHosts);
    const record = newRecord(body, store.newShortId(), now());
    if (record.type !== 'screenshot') {
      store.put(record); // iframe and recording heatmaps have no screenshots to make
      return { status: 201, json: toApi(record, now()) };
    }
    return { status: 201, json: toApi(processor.startRender(record), now()) };
  };

  const get: PhHandler = (req) => ({ status: 200, json: toApi(find(req), now()) });

  const patch: PhHandler = async (req) => {
    const record = find(req);
    const body = parseOr400(PatchBodySchema, await readJsonBody(req));
    if (body.url !== undefined) validatePageUrl(body.url, publicHosts);
    const changes = (field: 'url' | 'data_url') => body[field] !== undefined && body[field] !== record[field];
    // `partial_update`: a toolbar heatmap keeps its URL, data URL and rendering settings.
    if (record.source === 'toolbar' && (changes('url') || changes('data_url'))) {
      throw invalidInput(
        "Toolbar-captured heatmaps can't change their URL or rendering settings; re-capture from the toolbar instead.",
      );
    }
    const updated = store.update(record.id, (stored) => {
      if (body.name !== undefined) stored.name = body.name;
      if (body.url !== undefined) stored.url = body.url;
      if (body.data_url !== undefined) stored.data_url = body.data_url;
      if (body.widths !== undefined) stored.target_widths = body.widths;
      if (body.deleted !== undefined) stored.deleted = body.deleted;
      stored.updated_at = new Date(now()).toISOString();
    });
    if (!updated) throw notFound();
    // A screenshot heatmap whose url changed is rendered again.
    if (updated.type === 'screenshot' && updated.url !== record.url) {
      return { status: 200, json: toApi(processor.startRender(updated), now()) };
    }
    return { status: 200, json: toApi(updated, now()) };
  };

  const regenerate: PhHandler = (req) => {
    const record = find(req);
    if (record.type !== 'screenshot') return bareError('Only screenshot heatmaps can be regenerated');
    if (record.source === 'toolbar') {
      return bareError(
        "Toolbar-captured heatmaps can't be re-rendered on the server; re-capture from the toolbar",
      );
    }
    const processing = processor.startRender({ ...record, updated_at: new Date(now()).toISOString() });
    return { status: 200, json: toApi(processing, now()) };
  };

  /** `prewarm/`: one render at the preview width, left out of the list; reused while it is recent. */
  const prewarm: PhHandler = async (req) => {
    const body = parseOr400(PrewarmBodySchema, await readJsonBody(req));
    validatePageUrl(body.url, publicHosts);
    const existing = store.all().find((h) => h.is_prewarm && !h.deleted && h.url === body.url);
    if (existing) return { status: 200, json: toApi(existing, now()) };
    const record = {
      ...newRecord(
        { url: body.url, name: '', widths: [PREWARM_PREVIEW_WIDTH], type: 'screenshot' },
        store.newShortId(),
        now(),
      ),
      is_prewarm: true,
    };
    return { status: 201, json: toApi(processor.startRender(record), now()) };
  };

  return { list, create, get, patch, regenerate, prewarm };
}

/** A new heatmap record; `name` defaults to the URL, `data_url` to the URL, widths to the reference's. */
export function newRecord(
  body: Pick<CreateBody, 'url' | 'name' | 'data_url' | 'widths' | 'type'>,
  shortId: string,
  now: number,
): HeatmapRecord {
  const timestamp = new Date(now).toISOString();
  return {
    id: randomUUID(),
    short_id: shortId,
    name: body.name ?? body.url,
    url: body.url,
    data_url: body.data_url ?? body.url,
    target_widths: body.widths ?? [...DEFAULT_WIDTHS],
    type: body.type,
    source: 'server',
    status: 'completed',
    deleted: false,
    created_at: timestamp,
    updated_at: timestamp,
    exception: null,
    is_prewarm: false,
    ready_at: now,
    images: [],
  };
}

type Row = ReturnType<typeof toApi>;

function comparator(order: string): (a: Row, b: Row) => number {
  const descending = order.startsWith('-');
  const field = (descending ? order.slice(1) : order) as 'created_at' | 'updated_at' | 'name';
  return (a, b) => {
    const result = String(a[field] ?? '').localeCompare(String(b[field] ?? ''));
    return descending ? -result : result;
  };
}
