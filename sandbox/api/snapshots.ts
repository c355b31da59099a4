import { randomUUID } from 'node:crypto';
import { badRequest, HttpError, parseJson } from '../http';
import type { SnapshotStore } from '../store';
import { parseOrThrow } from '../validation';
import { modelDate, modelJson, newModel, officialModel, v2 } from './official-models';
import { ListSnapshotsQuerySchema } from './queries';
import { type ApiHandler, type ApiRequest, queryObject } from './types';

/**
 * RUM Replay Heatmaps API: `/api/v2/replay/heatmap/snapshots[/{snapshot_id}]`, operations and
 * status codes as the official client's `RumReplayHeatmapsApi` (create 201 `Snapshot`, list 200
 * `SnapshotArray`, update 200 `Snapshot`, delete 204). Bodies are checked, and answers built, through
 * the client's models (official-models.ts).
 */

const CreateRequestSchema = officialModel<v2.SnapshotCreateRequest>('v2', 'SnapshotCreateRequest');
const UpdateRequestSchema = officialModel<v2.SnapshotUpdateRequest>('v2', 'SnapshotUpdateRequest');

/** The one user every sandbox snapshot is made by; its org is the one whose keys created it. */
const SANDBOX_USER = {
  createdBy: 'Sandbox User',
  createdByHandle: 'sandbox@example.com',
  createdByUserId: 1,
} as const;

const notFound = (): HttpError => new HttpError(404, 'Not found');

/**
 * The spec leaves `data.attributes` optional in both request envelopes, yet the attributes it
 * requires (`application_id`, `event_id`, `start`, …) can only be given inside it: a body without
 * it names nothing to create or re-point, so the sandbox refuses it (Datadog's answer is unknown).
 */
function attributesOf<A>(attributes: A | undefined): A {
  if (attributes === undefined) throw badRequest('data.attributes is required');
  return attributes;
}

async function jsonBody(req: ApiRequest): Promise<unknown> {
  const body = await req.body();
  if (body.length === 0) throw badRequest('request body is required');
  return parseJson(body, 'request body');
}

function snapshotBody(snapshot: v2.SnapshotData): unknown {
  return modelJson('v2', newModel(v2.Snapshot, { data: snapshot }), 'Snapshot');
}

export function snapshotHandlers(store: SnapshotStore, now: () => Date) {
  const list: ApiHandler = (req) => {
    const query = parseOrThrow(ListSnapshotsQuerySchema, queryObject(req.url), { root: 'query' });
    const matches = store
      .instances()
      .filter(({ attributes }) => attributes?.orgId === req.orgId)
      .filter(({ attributes }) => attributes?.viewName === query['filter[view_name]'])
      .filter(({ attributes }) => matchesOptional(attributes?.deviceType, query['filter[device_type]']))
      .filter(({ attributes }) =>
        matchesOptional(attributes?.applicationId, query['filter[application_id]']),
      );
    const data = matches.slice(0, query['page[limit]'] ?? matches.length);
    return { status: 200, body: modelJson('v2', newModel(v2.SnapshotArray, { data }), 'SnapshotArray') };
  };

  const create: ApiHandler = async (req) => {
    const { data } = parseOrThrow(CreateRequestSchema, await jsonBody(req));
    const at = modelDate(now());
    const snapshot = newModel(v2.SnapshotData, {
      id: randomUUID(),
      type: 'snapshots',
      attributes: newModel(v2.SnapshotDataAttributes, {
        ...attributesOf(data.attributes),
        ...SANDBOX_USER,
        orgId: req.orgId,
        createdAt: at,
        modifiedAt: at,
      }),
    });
    store.put(snapshot);
    return { status: 201, body: snapshotBody(snapshot) };
  };

  /** Re-points a snapshot: only what `SnapshotUpdateRequestDataAttributes` names can change. */
  const update: ApiHandler = async (req) => {
    const id = req.params.snapshot_id ?? '';
    const { data } = parseOrThrow(UpdateRequestSchema, await jsonBody(req));
    if (data.id !== undefined && data.id !== id)
      throw badRequest('data.id must match the snapshot_id in the path');
    const changes = attributesOf(data.attributes);
    const existing = store.get(id);
    if (!existing || existing.attributes?.orgId !== req.orgId) throw notFound();
    const updated = newModel(v2.SnapshotData, {
      ...existing,
      attributes: newModel(v2.SnapshotDataAttributes, {
        ...existing.attributes,
        ...definedOnly(changes),
        modifiedAt: modelDate(now()),
      }),
    });
    store.put(updated);
    return { status: 200, body: snapshotBody(updated) };
  };

  const remove: ApiHandler = (req) => {
    const id = req.params.snapshot_id ?? '';
    // Another org's snapshot does not exist for this one, as in Datadog.
    if (store.get(id)?.attributes?.orgId !== req.orgId || !store.delete(id)) throw notFound();
    return { status: 204 };
  };

  return { list, create, update, remove };
}

function matchesOptional(value: string | undefined, filter: string | undefined): boolean {
  return filter === undefined || value === filter;
}

/** The client's `deserialize` sets every attribute, absent ones to undefined: those change nothing. */
function definedOnly<T extends object>(instance: T): Partial<T> {
  return Object.fromEntries(Object.entries(instance).filter(([, v]) => v !== undefined)) as Partial<T>;
}
