import { z } from 'zod/mini';
import { MAX_PAGE_URL_LENGTH, pageAddressForPosthog } from '@/lib/providers/posthog/page-address';
import { nameSchema } from '@/lib/shared/names';
import { UuidSchema } from '@/lib/shared/uuid';

/**
 * PostHog's saved-heatmap API on the wire (`/api/projects/{project_id}/heatmaps/…`, see
 * `shared/reference/posthog-api.md`): what we send is checked before sending, what comes back is
 * checked before use. Unknown response fields are dropped, not refused.
 */

/** The reference's limits on `widths`: 100–3000 px, at most 16 of them. */
export const MIN_WIDTH = 100;
export const MAX_WIDTH = 3000;
export const MAX_WIDTHS = 16;
/** PostHog's default widths, also the toolbar's capture widths. */
export const DEFAULT_WIDTHS = [320, 375, 425, 768, 1024, 1440, 1920] as const;
/** `SavedHeatmapCaptureRequestSerializer.name`: `max_length=400` (heatmaps_api.py). */
const MAX_NAME = 400;
/** Our bound for the data URL, which PostHog stores like `url`. */
const MAX_URL = MAX_PAGE_URL_LENGTH;
const MAX_SHORT_ID = 100;
const MAX_TEXT = 100_000;

/**
 * `url` as sent (`POST saved/`, `POST saved/capture/`): an address page-address.ts made, which
 * is its own result (so a `url` PostHog would refuse is never sent).
 */
export const HeatmapUrlSchema = z.string().check(
  z.refine((url) => {
    const address = pageAddressForPosthog(url);
    return address.ok && address.url === url;
  }, 'URL is not a page address PostHog accepts (no query, fragment or * + ? ^ $ { } ( ) | [ ] \\, at most 2000 characters)'),
);

/**
 * Which page views' clicks a heatmap draws: PostHog allows `*` wildcards here (unlike `url`);
 * otherwise an http(s) URL like the page's. The one rule for the form, the job and both requests.
 */
export const HeatmapDataUrlSchema = z.string().check(
  z.trim(),
  z.minLength(1, 'Heatmap data URL is empty'),
  z.maxLength(MAX_URL, `Heatmap data URL is over ${MAX_URL} characters`),
  z.refine((url) => /^https?:\/\/\S+$/i.test(url), 'Heatmap data URL must start with http:// or https://'),
);

/** The shared name rule (lib/shared/names.ts) with PostHog's bound. */
export const HeatmapNameSchema = nameSchema('Heatmap name', MAX_NAME);

export const HeatmapWidthSchema = z
  .int('Width must be a whole number of pixels')
  .check(
    z.gte(MIN_WIDTH, `Width must be at least ${MIN_WIDTH} px`),
    z.lte(MAX_WIDTH, `Width must be at most ${MAX_WIDTH} px`),
  );

export const HeatmapWidthsSchema = z.array(HeatmapWidthSchema).check(
  z.minLength(1, 'At least one width is needed'),
  z.maxLength(MAX_WIDTHS, `At most ${MAX_WIDTHS} widths are allowed`),
  z.refine((widths) => new Set(widths).size === widths.length, 'Widths must not repeat'),
);

export const HeatmapTypeSchema = z.enum(['screenshot', 'iframe', 'recording']);
export type HeatmapType = z.infer<typeof HeatmapTypeSchema>;

export const ShortIdSchema = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(MAX_SHORT_ID),
    z.regex(/^[A-Za-z0-9_-]+$/, 'must be a PostHog short id'),
  );

/** `POST saved/`. Only `url` is required; PostHog fills in the rest. */
export const CreateSavedHeatmapRequestSchema = z.strictObject({
  url: HeatmapUrlSchema,
  name: z.optional(HeatmapNameSchema),
  data_url: z.optional(z.nullable(HeatmapDataUrlSchema)),
  widths: z.optional(HeatmapWidthsSchema),
  type: z.optional(HeatmapTypeSchema),
});
export type CreateSavedHeatmapRequest = z.infer<typeof CreateSavedHeatmapRequestSchema>;

/**
 * `PATCH saved/{short_id}/`: rename, change widths, or soft-delete. Never `url` or `data_url`:
 * the extension does not move a heatmap to another page (PostHog refuses it for a captured one,
 * heatmaps_api.py `partial_update`), and the strict object refuses them before sending.
 */
export const UpdateSavedHeatmapRequestSchema = z
  .strictObject({
    name: z.optional(HeatmapNameSchema),
    widths: z.optional(HeatmapWidthsSchema),
    deleted: z.optional(z.boolean()),
  })
  .check(z.refine((patch) => Object.values(patch).some((value) => value !== undefined), 'Nothing to change'));
export type UpdateSavedHeatmapRequest = z.infer<typeof UpdateSavedHeatmapRequestSchema>;

/** `source` of a heatmap made with `saved/capture/` (heatmaps_api.py `SavedHeatmap.Source.TOOLBAR`). */
export const CAPTURED_SOURCE = 'toolbar';

export const HeatmapStatusSchema = z.enum(['processing', 'completed', 'failed']);
export type HeatmapStatus = z.infer<typeof HeatmapStatusSchema>;

/** A saved heatmap as PostHog returns it (create, get, patch, list entries, and 202 content). */
export const SavedHeatmapSchema = z.object({
  /** Screenshot content is fetched by this UUID. */
  id: UuidSchema,
  /** Everything else (get, patch, regenerate) is addressed by this. */
  short_id: ShortIdSchema,
  name: z.nullish(z.string().check(z.maxLength(MAX_TEXT))),
  url: z.string().check(z.maxLength(MAX_TEXT)),
  data_url: z.nullish(z.string().check(z.maxLength(MAX_TEXT))),
  target_widths: z.nullish(z.array(z.int()).check(z.maxLength(100))),
  /** Kept open: captures uploaded from a browser may carry a type the public docs do not list. */
  type: z.nullish(z.string().check(z.maxLength(50))),
  status: HeatmapStatusSchema,
  has_content: z.nullish(z.boolean()),
  snapshots: z.nullish(
    z.array(z.object({ width: z.int(), has_content: z.boolean() })).check(z.maxLength(100)),
  ),
  deleted: z.nullish(z.boolean()),
  created_at: z.nullish(z.string().check(z.maxLength(100))),
  updated_at: z.nullish(z.string().check(z.maxLength(100))),
  /**
   * `server` (PostHog rendered it) or `toolbar` (pictures uploaded with `saved/capture/`): PostHog
   * refuses to regenerate a toolbar heatmap or change its `url`/`data_url`. Kept open beyond those.
   */
  source: z.nullish(z.string().check(z.maxLength(50))),
  /** Why rendering failed, in PostHog's words, when `status` is `failed`. */
  exception: z.nullish(z.string().check(z.maxLength(MAX_TEXT))),
});
export type SavedHeatmap = z.infer<typeof SavedHeatmapSchema>;

/** `GET saved/`. */
export const SavedHeatmapListSchema = z.object({
  results: z.array(SavedHeatmapSchema).check(z.maxLength(1000)),
  count: z.int().check(z.nonnegative()),
});
export type SavedHeatmapList = z.infer<typeof SavedHeatmapListSchema>;

/** `GET saved/` query; `limit` is at most 500 per the reference. */
export const ListSavedHeatmapsQuerySchema = z.strictObject({
  search: z.optional(z.string().check(z.maxLength(MAX_NAME))),
  limit: z.optional(z.int().check(z.gte(1), z.lte(500))),
  offset: z.optional(z.int().check(z.gte(0))),
  type: z.optional(HeatmapTypeSchema),
  status: z.optional(HeatmapStatusSchema),
  order: z.optional(z.string().check(z.regex(/^-?[a-z_]{1,50}$/))),
});
export type ListSavedHeatmapsQuery = z.infer<typeof ListSavedHeatmapsQuerySchema>;

/** PostHog's error body. `attr` names the refused field of a 400 `validation_error`. */
export const ErrorBodySchema = z.object({
  type: z.nullish(z.string().check(z.maxLength(100))),
  code: z.nullish(z.string().check(z.maxLength(100))),
  detail: z.nullish(z.string().check(z.maxLength(MAX_TEXT))),
  attr: z.nullish(z.string().check(z.maxLength(200))),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/**
 * The bare body some actions answer 400 with instead: `{"error": "…"}` (heatmaps_api.py: regenerate
 * of a non-screenshot or toolbar heatmap, the list's bad `order`, content's non-integer `width`).
 */
export const BareErrorBodySchema = z.object({ error: z.string().check(z.maxLength(MAX_TEXT)) });

/** One project of `GET /api/projects/`: `api_token` is the `phc_` token posthog-js knows. */
export const ProjectSchema = z.object({
  id: z.int().check(z.nonnegative()),
  name: z.nullish(z.string().check(z.maxLength(MAX_TEXT))),
  api_token: z.nullish(z.string().check(z.maxLength(200))),
});
export type Project = z.infer<typeof ProjectSchema>;

export const ProjectListSchema = z.object({
  results: z.array(ProjectSchema).check(z.maxLength(1000)),
  count: z.nullish(z.int().check(z.nonnegative())),
});
