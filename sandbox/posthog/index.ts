import type { IncomingMessage, ServerResponse } from 'node:http';
import { RateLimiter } from '../api/rate-limit';
import type { FaultController } from '../faults';
import { handlePostHogAdmin } from './admin';
import {
  DEFAULT_CREATE_THROTTLE,
  DEFAULT_FULL_KEY,
  DEFAULT_PROJECT_ID,
  DEFAULT_PROJECT_NAME,
  DEFAULT_PROJECT_TOKEN,
  DEFAULT_RATE_LIMIT,
  DEFAULT_READ_KEY,
  DEFAULT_RENDER_MS,
  type PostHogKey,
} from './defaults';
import { handlePostHogApi, isPostHogApiPath } from './dispatch';
import { HeatmapStore } from './heatmap-store';
import { handleIngest, INGEST_PREFIX } from './ingest';
import { IngestIndex } from './ingest-index';
import { toApi } from './model';
import { HeatmapProcessor } from './processing';
import { PageRenderer } from './renderer';
import { buildPostHogRoutes } from './routes';
import type { PostHogState } from './state';
import { type ThrottleRate, UserThrottle } from './throttle';
import type { Project } from './types';

/**
 * The PostHog half of the sandbox: API (`/api/projects/…`, `/api/environments/…`), ingestion for
 * posthog-js (`/ph/…`), admin (`/_admin/posthog/…`). `server.ts` routes to it.
 */

export * from './defaults';
export type { PostHogState } from './state';

export interface PostHogOptions {
  /** Personal API key with heatmap:read, heatmap:write and project:read. */
  fullKey?: string;
  /** Personal API key with heatmap:read only. */
  readKey?: string;
  /** More keys with any scopes (e.g. write without read). */
  extraKeys?: PostHogKey[];
  projectId?: number;
  projectToken?: string;
  /** How long new heatmaps stay `processing`, ms (default 1500). */
  renderMs?: number;
  /** Per-key request window of the API (default PostHog's ClickHouse burst throttle: 240 per 60 s). */
  rateLimit?: { limit: number; periodSeconds: number };
  /** The per-user throttle on create, capture and prewarm (default PostHog's: 10 a minute, 100 a day). */
  createThrottle?: readonly ThrottleRate[];
  /**
   * Host names the stand-in's resolver treats as public sites (page-url.ts): a server render of
   * `http://<name>:<port>/…` passes PostHog's URL safety check, and the renderer reaches the
   * sandbox under that name. Default: none, so every render of a local address is refused.
   */
  publicHosts?: readonly string[];
}

/** `Sandbox.posthog`: what a test needs to talk to the PostHog half. */
export interface PostHogInfo {
  /** API origin (the sandbox's): `${url}/api/projects/${projectId}/…`. */
  url: string;
  /** posthog-js `api_host` for pages: `${url}/ph`. */
  apiHost: string;
  projectId: number;
  projectToken: string;
  fullKey: string;
  readKey: string;
  /** Changes how long new heatmaps stay `processing`. */
  setRenderMs(ms: number): void;
}

export function createPostHog(
  options: PostHogOptions,
  deps: { dataDir: string; faults: FaultController; now: () => number; log: (line: string) => void },
) {
  const keys: PostHogKey[] = [
    { ...DEFAULT_FULL_KEY, key: options.fullKey ?? DEFAULT_FULL_KEY.key },
    { ...DEFAULT_READ_KEY, key: options.readKey ?? DEFAULT_READ_KEY.key },
    ...(options.extraKeys ?? []),
  ];
  const project: Project = {
    id: options.projectId ?? DEFAULT_PROJECT_ID,
    name: DEFAULT_PROJECT_NAME,
    api_token: options.projectToken ?? DEFAULT_PROJECT_TOKEN,
  };
  const { now, log } = deps;
  const store = new HeatmapStore(deps.dataDir, log);
  const publicHosts = new Set((options.publicHosts ?? []).map((host) => host.toLowerCase()));
  const renderer = new PageRenderer(publicHosts);
  const processor = new HeatmapProcessor(store, renderer, now, log, options.renderMs ?? DEFAULT_RENDER_MS);
  const limiter = new RateLimiter(options.rateLimit ?? DEFAULT_RATE_LIMIT, now);
  const createThrottle = new UserThrottle(options.createThrottle ?? DEFAULT_CREATE_THROTTLE, now);
  const index = new IngestIndex(now);
  const keyUses: { request: string; key: string }[] = [];
  const api = {
    onKey: (request: string, key: string) => keyUses.push({ request, key }),
    routes: buildPostHogRoutes({ store, processor, now, publicHosts }, () => [project]),
    keys: () => keys,
    projects: () => [project],
    faults: deps.faults,
    limiter,
    createThrottle,
    log,
  };

  return {
    /** Whether `server.ts` should hand this path to the PostHog half. */
    owns: (pathname: string) =>
      isPostHogApiPath(pathname) ||
      pathname === INGEST_PREFIX ||
      pathname.startsWith(`${INGEST_PREFIX}/`) ||
      pathname.startsWith('/_admin/posthog/'),
    handle: (req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> => {
      if (isPostHogApiPath(pathname)) return handlePostHogApi(req, res, api);
      if (pathname.startsWith('/_admin/posthog/')) return handlePostHogAdmin(req, res, { store, processor });
      return handleIngest(req, res, index);
    },
    state: (): PostHogState => {
      const t = now();
      return {
        projects: [project],
        saved_heatmaps: store.all().map((h) => ({ ...toApi(h, t), images: h.images })),
        ingestion: index.state(),
        render_ms: processor.getRenderMs(),
      };
    },
    /** Every authenticated API request with the personal key it carried, oldest first. */
    apiRequestKeys: () => keyUses.map((use) => ({ ...use })),
    reset: () => {
      store.clear();
      index.clear();
      limiter.reset();
      createThrottle.reset();
    },
    info: (baseUrl: string): PostHogInfo => ({
      url: baseUrl,
      apiHost: `${baseUrl}${INGEST_PREFIX}`,
      projectId: project.id,
      projectToken: project.api_token,
      fullKey: keys[0]?.key ?? '',
      readKey: keys[1]?.key ?? '',
      setRenderMs: (ms) => processor.setRenderMs(ms),
    }),
    close: async () => {
      await renderer.close();
      await processor.settle();
    },
  };
}
