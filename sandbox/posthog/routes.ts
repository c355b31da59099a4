import { captureUploadHandler } from './capture-upload';
import { contentHandler } from './content';
import { HEATMAP_READ, HEATMAP_WRITE, PROJECT_READ, type Scope } from './defaults';
import { savedHandlers } from './saved';
import type { HeatmapContext, PhHandler, Project } from './types';

/**
 * The PostHog API routes, at the reference's paths under `/api/projects/{project_id}/` and its
 * alias `/api/environments/{project_id}/`; a trailing slash is optional. `scope` is what the key
 * needs (PostHog/posthog `posthog/permissions.py` `ScopeBasePermission`: list/retrieve read,
 * create/partial_update write; heatmaps_api.py `required_scopes`: capture, prewarm and
 * regenerate write; `HeatmapScreenshotViewSet` content read).
 */

export interface PhRoute {
  method: string;
  pattern: RegExp;
  scope: Scope;
  /** Whether the path holds a `project_id` that must name a known project. */
  inProject: boolean;
  /**
   * create, capture and prewarm: PostHog's per-user create throttle (throttle.ts) instead of the
   * per-key one (heatmaps_api.py `SavedHeatmapViewSet.get_throttles`).
   */
  createThrottled?: boolean;
  handler: PhHandler;
}

const PROJECT = '^/api/(?:projects|environments)/(?<project_id>[^/]+)';
const path = (tail: string) => new RegExp(`${PROJECT}/${tail}/?$`);

export function buildPostHogRoutes(ctx: HeatmapContext, projects: () => Project[]): PhRoute[] {
  const saved = savedHandlers(ctx);
  const collection = path('saved');
  const item = path('saved/(?<short_id>[^/]+)');
  const r = (method: string, pattern: RegExp, scope: Scope, handler: PhHandler): PhRoute => ({
    method,
    pattern,
    scope,
    inProject: true,
    handler,
  });
  return [
    { ...r('GET', /^\/api\/projects\/?$/, PROJECT_READ, listProjects(projects)), inProject: false },
    r('GET', collection, HEATMAP_READ, saved.list),
    { ...r('POST', collection, HEATMAP_WRITE, saved.create), createThrottled: true },
    { ...r('POST', path('saved/capture'), HEATMAP_WRITE, captureUploadHandler(ctx)), createThrottled: true },
    { ...r('POST', path('saved/prewarm'), HEATMAP_WRITE, saved.prewarm), createThrottled: true },
    r('POST', path('saved/(?<short_id>[^/]+)/regenerate'), HEATMAP_WRITE, saved.regenerate),
    r('GET', item, HEATMAP_READ, saved.get),
    r('PATCH', item, HEATMAP_WRITE, saved.patch),
    r('GET', path('heatmap_screenshots/(?<id>[^/]+)/content'), HEATMAP_READ, contentHandler(ctx)),
  ];
}

/** `GET /api/projects/`: `{results, count}` like the saved-heatmap list. */
function listProjects(projects: () => Project[]): PhHandler {
  return () => {
    const results = projects().map((p) => ({ id: p.id, name: p.name, api_token: p.api_token }));
    return { status: 200, json: { results, count: results.length } };
  };
}
