import type { RumIndex } from '../intake/rum-index';
import { OAUTH_SCOPES, type OAuthScope } from '../oauth/server';
import type { SnapshotStore } from '../store';
import type { AuthRequirement } from './auth';
import { modelJson, newModel, v1, v2 } from './official-models';
import { type SegmentsTsReading, segmentsHandler } from './segments';
import { snapshotHandlers } from './snapshots';
import type { ApiHandler } from './types';

/** The Datadog API routes the sandbox implements. `name` is the rate-limit bucket (X-RateLimit-Name). */
export interface Route {
  method: string;
  pattern: RegExp;
  name: string;
  auth: AuthRequirement;
  /** The OAuth scope a bearer token needs here; null: keys only (the key validation endpoints). */
  scope: OAuthScope | null;
  handler: ApiHandler;
}

export function buildRoutes(
  store: SnapshotStore,
  index: RumIndex,
  now: () => number,
  segmentsTs: SegmentsTsReading,
): Route[] {
  const snapshots = snapshotHandlers(store, () => new Date(now()));
  const collection = /^\/api\/v2\/replay\/heatmap\/snapshots$/;
  const item = /^\/api\/v2\/replay\/heatmap\/snapshots\/(?<snapshot_id>[^/]+)$/;
  const { read, write } = OAUTH_SCOPES;
  const segments =
    /^\/api\/v2\/rum\/replay\/sessions\/(?<session_id>[^/]+)\/views\/(?<view_id>[^/]+)\/segments$/;
  return [
    // v1 AuthenticationApi `validate` → `AuthenticationValidationResponse`; v2 KeyManagementApi
    // `validateAPIKey` (`/api/v2/validate_keys`, both keys) → `ValidateAPIKeyResponse`.
    route('GET', /^\/api\/v1\/validate$/, 'validate', 'apiKey', null, () => ({
      status: 200,
      body: modelJson(
        'v1',
        newModel(v1.AuthenticationValidationResponse, { valid: true }),
        'AuthenticationValidationResponse',
      ),
    })),
    route('GET', /^\/api\/v2\/validate_keys$/, 'validate_keys', 'apiAndAppKey', null, () => ({
      status: 200,
      body: modelJson('v2', newModel(v2.ValidateAPIKeyResponse, { status: 'ok' }), 'ValidateAPIKeyResponse'),
    })),
    route('GET', collection, 'heatmap_snapshots_list', 'apiAndAppKey', read, snapshots.list),
    route('POST', collection, 'heatmap_snapshots_create', 'apiAndAppKey', write, snapshots.create),
    route('PATCH', item, 'heatmap_snapshots_update', 'apiAndAppKey', write, snapshots.update),
    route('DELETE', item, 'heatmap_snapshots_delete', 'apiAndAppKey', write, snapshots.remove),
    route('GET', segments, 'replay_segments', 'apiAndAppKey', read, segmentsHandler(index, now, segmentsTs)),
  ];
}

function route(
  method: string,
  pattern: RegExp,
  name: string,
  auth: AuthRequirement,
  scope: OAuthScope | null,
  handler: ApiHandler,
): Route {
  return { method, pattern, name, auth, scope, handler };
}
