/**
 * Every choice the PostHog stand-in makes where `shared/reference/posthog-api.md` is silent, in one
 * place (listed again in sandbox/README.md). Values the reference does fix are marked "reference".
 */

export const HEATMAP_READ = 'heatmap:read';
export const HEATMAP_WRITE = 'heatmap:write';
export const PROJECT_READ = 'project:read';
export type Scope = typeof HEATMAP_READ | typeof HEATMAP_WRITE | typeof PROJECT_READ;

export interface PostHogKey {
  key: string;
  scopes: Scope[];
}

/** Default personal API keys: one with every scope the sandbox knows, one read-only. */
export const DEFAULT_FULL_KEY: PostHogKey = {
  key: 'phx_sandbox_full',
  scopes: [HEATMAP_READ, HEATMAP_WRITE, PROJECT_READ],
};
export const DEFAULT_READ_KEY: PostHogKey = { key: 'phx_sandbox_read', scopes: [HEATMAP_READ] };

/** The one project (id and public token that posthog-js knows as `config.token`). */
export const DEFAULT_PROJECT_ID = 1;
export const DEFAULT_PROJECT_TOKEN = 'phc_sandbox_project_token';
export const DEFAULT_PROJECT_NAME = 'Sandbox project';

/** reference: the widths rendered when `widths` is not given, their range and count. */
export const DEFAULT_WIDTHS = [320, 375, 425, 768, 1024, 1440, 1920] as const;
export const MIN_WIDTH = 100;
export const MAX_WIDTH = 3000;
export const MAX_WIDTHS = 16;
/** reference: the width served by `content/` when the query has none. */
export const DEFAULT_CONTENT_WIDTH = 1024;
/** reference: `limit` ≤ 500. Silent: the default page size (DRF's usual 100). */
export const MAX_LIST_LIMIT = 500;
export const DEFAULT_LIST_LIMIT = 100;
/** `order` values accepted by the list (a leading `-` is descending); default newest first. */
export const ORDER_FIELDS = ['created_at', 'updated_at', 'name'] as const;
export const DEFAULT_ORDER = '-created_at';

/** How long a heatmap stays `processing` (uploads and renders alike), at least; per test settable. */
export const DEFAULT_RENDER_MS = 1500;
export const MAX_RENDER_MS = 120_000;

/** Server-side rendering: narrower widths emulate a phone, like PostHog's renderer. */
export const MOBILE_BELOW_WIDTH = 768;
export const RENDER_VIEWPORT_HEIGHT = 800;
export const RENDER_TIMEOUT_MS = 20_000;
/** A full-page capture is cut at this height (bounded memory). */
export const MAX_RENDER_HEIGHT = 16_000;
export const RENDER_JPEG_QUALITY = 80;

/** Field bounds for bodies (DRF CharField/URLField-like limits). */
export const MAX_NAME_LENGTH = 400;
export const MAX_URL_LENGTH = 2000;

/**
 * `saved/capture/` limits (PostHog/posthog heatmaps_api.py `MAX_CAPTURE_*`, tasks/heatmap_screenshot.py
 * `HEATMAP_SCREENSHOT_MAX_BYTES`): each image ≤ 20 MiB, ≤ 4000 × 30000 px, ≤ 50 MP; ≤ 60 MiB together.
 */
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;
export const MAX_CAPTURE_TOTAL_BYTES = 60 * 1024 * 1024;
export const MAX_CAPTURE_IMAGE_WIDTH = 4000;
export const MAX_CAPTURE_IMAGE_HEIGHT = 30_000;
export const MAX_CAPTURE_IMAGE_PIXELS = 50_000_000;
/** Decoding is capped at PostHog's pixel limit (jpeg-js limit). */
export const MAX_IMAGE_MEGAPIXELS = 50;

/**
 * The per-user throttle on create, capture and prewarm (heatmaps_api.py `get_throttles` →
 * posthog/rate_limit.py `AIBurstRateThrottle` 10/minute, `AISustainedRateThrottle` 100/day,
 * both DRF `UserRateThrottle`s: per user, a sliding window). Overridable per sandbox.
 */
export const DEFAULT_CREATE_THROTTLE = [
  { scope: 'ai_burst', limit: 10, periodSeconds: 60 },
  { scope: 'ai_sustained', limit: 100, periodSeconds: 86_400 },
] as const;
/** heatmaps_utils.py `PREWARM_PREVIEW_WIDTH`. */
export const PREWARM_PREVIEW_WIDTH = 1024;

/**
 * The per-key throttle of every other saved-heatmap and screenshot route: `SavedHeatmapViewSet` and
 * `HeatmapScreenshotViewSet` set `throttle_classes = [ClickHouseBurstRateThrottle, …Sustained…]`
 * (heatmaps_api.py), 240/minute per personal key (posthog/rate_limit.py); its 1200/hour is not
 * modelled. Overridable. (`GET /api/projects/` is PostHog's default 480/minute; one window here.)
 */
export const DEFAULT_RATE_LIMIT = { limit: 240, periodSeconds: 60 };

/** Bounds of what the sandbox keeps. */
export const MAX_SAVED_HEATMAPS = 1000;
export const MAX_INGEST_TOKENS = 50;
export const MAX_INGEST_SESSIONS = 500;
export const MAX_INGEST_DISTINCT_IDS = 500;
export const MAX_INGEST_EVENT_NAMES = 200;

/** The user every saved heatmap is `created_by` (the sandbox has no accounts). */
export const SANDBOX_USER = {
  id: 1,
  uuid: '0190a0b0-0000-7000-8000-000000000001',
  distinct_id: 'sandbox-user',
  first_name: 'Sandbox',
  last_name: 'User',
  email: 'sandbox@example.com',
  is_email_verified: true,
  hedgehog_config: {},
  role_at_organization: 'engineering',
} as const;
