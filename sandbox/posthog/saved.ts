import { randomUUID } from 'node:crypto';
import { DEFAULT_WIDTHS } from './defaults';
import { invalid, notFound, parseOr400 } from './errors';
import { readJsonBody } from './json-body';
import { type HeatmapRecord, toApi } from './model';
import { type CreateBody, CreateBodySchema, ListQuerySchema, PatchBodySchema } from './schemas';
import type { HeatmapContext, PhHandler, PhRequest } from './types';

/** `saved/`: list, create, get, PATCH (rename, widths, soft delete) and `regenerate/`. */

export function savedHandlers(ctx: HeatmapContext) {
  const { store, processor, now } = ctx;
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
      .filter((h) => !h.deleted)
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
    const updated = store.update(record.id, (stored) => {
      if (body.name !== undefined) stored.name = body.name;
      if (body.data_url !== undefined) stored.data_url = body.data_url ?? stored.url;
      if (body.widths !== undefined) stored.target_widths = body.widths;
      if (body.deleted === true) stored.deleted = true;
      stored.updated_at = new Date(now()).toISOString();
    });
    if (!updated) throw notFound();
    return { status: 200, json: toApi(updated, now()) };
  };

  const regenerate: PhHandler = (req) => {
    const record = find(req);
    if (record.type !== 'screenshot') {
      throw invalid('type', `Only screenshot heatmaps can be regenerated, this one is "${record.type}".`);
    }
    const processing = processor.startRender({ ...record, updated_at: new Date(now()).toISOString() });
    return { status: 200, json: toApi(processing, now()) };
  };

  return { list, create, get, patch, regenerate };
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
    status: 'completed',
    deleted: false,
    created_at: timestamp,
    updated_at: timestamp,
    exception: null,
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
