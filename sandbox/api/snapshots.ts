import { randomUUID } from 'node:crypto';
import { badRequest, HttpError, parseJson } from '../http';
import type { SnapshotData, SnapshotStore } from '../store';
import { parseOrThrow } from '../validation';
import {
  type CreateSnapshotBody,
  CreateSnapshotBodySchema,
  IMMUTABLE_ATTRIBUTES,
  ListSnapshotsQuerySchema,
  UpdateSnapshotBodySchema,
} from './snapshot-schemas';
import { type ApiHandler, type ApiRequest, queryObject } from './types';

/** RUM Replay Heatmaps API: `/api/v2/replay/heatmap/snapshots[/{snapshot_id}]`. */

/** The one user every sandbox snapshot is made by; its org is the one whose keys created it. */
const SANDBOX_USER = {
  created_by: 'Sandbox User',
  created_by_handle: 'sandbox@example.com',
  created_by_user_id: 1,
} as const;

const notFound = (): HttpError => new HttpError(404, 'Not found');

async function jsonBody(req: ApiRequest): Promise<unknown> {
  const body = await req.body();
  if (body.length === 0) throw badRequest('request body is required');
  return parseJson(body, 'request body');
}

export function snapshotHandlers(store: SnapshotStore, now: () => Date) {
  const list: ApiHandler = (req) => {
    const query = parseOrThrow(ListSnapshotsQuerySchema, queryObject(req.url), { root: 'query' });
    const matches = store
      .all()
      .filter((s) => s.attributes.org_id === req.orgId)
      .filter((s) => s.attributes.view_name === query['filter[view_name]'])
      .filter((s) => matchesOptional(s.attributes.device_type, query['filter[device_type]']))
      .filter((s) => matchesOptional(s.attributes.application_id, query['filter[application_id]']));
    return { status: 200, body: { data: matches.slice(0, query['page[limit]'] ?? matches.length) } };
  };

  const create: ApiHandler = async (req) => {
    const { data } = parseOrThrow(CreateSnapshotBodySchema, await jsonBody(req));
    const snapshot = newSnapshot(data.attributes, req.orgId, now().toISOString());
    store.put(snapshot);
    return { status: 201, body: { data: snapshot } };
  };

  const update: ApiHandler = async (req) => {
    const id = req.params.snapshot_id ?? '';
    const body = await jsonBody(req);
    const { data } = parseOrThrow(UpdateSnapshotBodySchema, body);
    if (data.id !== undefined && data.id !== id)
      throw badRequest('data.id must match the snapshot_id in the path');
    rejectImmutableAttributes(data.attributes);
    const existing = store.get(id);
    if (!existing || existing.attributes.org_id !== req.orgId) throw notFound();
    const { event_id, is_device_type_selected_by_user, start, session_id, view_id } = data.attributes;
    const updated: SnapshotData = {
      ...existing,
      attributes: {
        ...existing.attributes,
        ...definedOnly({ event_id, is_device_type_selected_by_user, start, session_id, view_id }),
        modified_at: now().toISOString(),
      },
    };
    store.put(updated);
    return { status: 200, body: { data: updated } };
  };

  const remove: ApiHandler = (req) => {
    const id = req.params.snapshot_id ?? '';
    // Another org's snapshot does not exist for this one, as in Datadog.
    if (store.get(id)?.attributes.org_id !== req.orgId || !store.delete(id)) throw notFound();
    return { status: 204 };
  };

  return { list, create, update, remove };
}

function matchesOptional(value: string, filter: string | undefined): boolean {
  return filter === undefined || value === filter;
}

function rejectImmutableAttributes(attributes: Record<string, unknown>): void {
  const present = IMMUTABLE_ATTRIBUTES.filter((key) => key in attributes);
  if (present.length > 0) {
    throw new HttpError(
      400,
      present.map((key) => `data.attributes.${key} cannot be changed by an update`),
    );
  }
}

function definedOnly<T extends Record<string, unknown>>(obj: T): Partial<T> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function newSnapshot(
  attributes: CreateSnapshotBody['data']['attributes'],
  orgId: number,
  timestamp: string,
): SnapshotData {
  return {
    id: randomUUID(),
    type: 'snapshots',
    attributes: {
      ...attributes,
      ...SANDBOX_USER,
      org_id: orgId,
      created_at: timestamp,
      modified_at: timestamp,
    },
  };
}
