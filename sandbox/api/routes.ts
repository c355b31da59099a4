import type { RumIndex } from '../intake/rum-index';
import type { SnapshotStore } from '../store';
import type { AuthRequirement } from './auth';
import { segmentsHandler } from './segments';
import { snapshotHandlers } from './snapshots';
import type { ApiHandler } from './types';

/** The Datadog API routes the sandbox implements. `name` is the rate-limit bucket (X-RateLimit-Name). */
export interface Route {
  method: string;
  pattern: RegExp;
  name: string;
  auth: AuthRequirement;
  handler: ApiHandler;
}

export function buildRoutes(store: SnapshotStore, index: RumIndex, now: () => number): Route[] {
  const snapshots = snapshotHandlers(store, () => new Date(now()));
  const collection = /^\/api\/v2\/replay\/heatmap\/snapshots$/;
  const item = /^\/api\/v2\/replay\/heatmap\/snapshots\/(?<snapshot_id>[^/]+)$/;
  const segments =
    /^\/api\/v2\/rum\/replay\/sessions\/(?<session_id>[^/]+)\/views\/(?<view_id>[^/]+)\/segments$/;
  return [
    route('GET', /^\/api\/v1\/validate$/, 'validate', 'apiKey', () => ({
      status: 200,
      body: { valid: true },
    })),
    route('GET', /^\/api\/v2\/validate_keys$/, 'validate_keys', 'apiAndAppKey', () => ({
      status: 200,
      body: { status: 'ok' },
    })),
    route('GET', collection, 'heatmap_snapshots_list', 'apiAndAppKey', snapshots.list),
    route('POST', collection, 'heatmap_snapshots_create', 'apiAndAppKey', snapshots.create),
    route('PATCH', item, 'heatmap_snapshots_update', 'apiAndAppKey', snapshots.update),
    route('DELETE', item, 'heatmap_snapshots_delete', 'apiAndAppKey', snapshots.remove),
    route('GET', segments, 'replay_segments', 'apiAndAppKey', segmentsHandler(index, now)),
  ];
}

function route(
  method: string,
  pattern: RegExp,
  name: string,
  auth: AuthRequirement,
  handler: ApiHandler,
): Route {
  return { method, pattern, name, auth, handler };
}
