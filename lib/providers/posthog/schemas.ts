import { z } from 'zod';
import { toHttpOrigin } from '@/lib/providers/posthog/hosts';
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
/** Our bounds for texts PostHog does not bound in the reference (inferred). */
const MAX_URL = 2048;
const MAX_NAME = 400;
const MAX_SHORT_ID = 100;
const MAX_TEXT = 100_000;

/** The page a saved heatmap is of: an http(s) URL; PostHog refuses wildcards here. */
export const HeatmapUrlSchema = z
  .string()
  .max(MAX_URL, `URL is over ${MAX_URL} characters`)
  .refine((url) => toHttpOrigin(url) !== null, 'URL must be an http(s) address')
  .refine((url) => !url.includes('*'), 'URL must not contain wildcards (*)');

/**
 * Which page views' clicks a heatmap draws: PostHog allows `*` wildcards here (unlike `url`);
 * otherwise an http(s) URL like the page's. The one rule for the form, the job and both requests.
 */
export const HeatmapDataUrlSchema = z
  .string()
  .trim()
  .min(1, 'Heatmap data URL is empty')
  .max(MAX_URL, `Heatmap data URL is over ${MAX_URL} characters`)
  .refine((url) => /^https?:\/\/\S+$/i.test(url), 'Heatmap data URL must start with http:// or https://');

/** The shared name rule (lib/shared/names.ts) with PostHog's bound. */
export const HeatmapNameSchema = nameSchema('Heatmap name', MAX_NAME);

export const HeatmapWidthSchema = z
  .number()
  .int('Width must be a whole number of pixels')
  .min(MIN_WIDTH, `Width must be at least ${MIN_WIDTH} px`)
  .max(MAX_WIDTH, `Width must be at most ${MAX_WIDTH} px`);

export const HeatmapWidthsSchema = z
  .array(HeatmapWidthSchema)
  .min(1, 'At least one width is needed')
  .max(MAX_WIDTHS, `At most ${MAX_WIDTHS} widths are allowed`)
  .refine((widths) => new Set(widths).size === widths.length, 'Widths must not repeat');

export const HeatmapTypeSchema = z.enum(['screenshot', 'iframe', 'recording']);
export type HeatmapType = z.infer<typeof HeatmapTypeSchema>;

export const ShortIdSchema = z
  .string()
  .min(1)
  .max(MAX_SHORT_ID)
  .regex(/^[A-Za-z0-9_-]+$/, 'must be a PostHog short id');

/** `POST saved/`. Only `url` is required; PostHog fills in the rest. */
export const CreateSavedHeatmapRequestSchema = z
  .object({
    url: HeatmapUrlSchema,
    name: HeatmapNameSchema.optional(),
    data_url: HeatmapDataUrlSchema.nullable().optional(),
    widths: HeatmapWidthsSchema.optional(),
    type: HeatmapTypeSchema.optional(),
  })
  .strict();
export type CreateSavedHeatmapRequest = z.infer<typeof CreateSavedHeatmapRequestSchema>;

/** `PATCH saved/{short_id}/`: rename, change widths, or soft-delete. */
export const UpdateSavedHeatmapRequestSchema = z
  .object({
    name: HeatmapNameSchema.optional(),
    widths: HeatmapWidthsSchema.optional(),
    deleted: z.boolean().optional(),
  })
  .strict()
  .refine((patch) => Object.values(patch).some((value) => value !== undefined), 'Nothing to change');
export type UpdateSavedHeatmapRequest = z.infer<typeof UpdateSavedHeatmapRequestSchema>;

export const HeatmapStatusSchema = z.enum(['processing', 'completed', 'failed']);
export type HeatmapStatus = z.infer<typeof HeatmapStatusSchema>;

/** A saved heatmap as PostHog returns it (create, get, patch, list entries, and 202 content). */
export const SavedHeatmapSchema = z.object({
  /** Screenshot content is fetched by this UUID. */
  id: UuidSchema,
  /** Everything else (get, patch, regenerate) is addressed by this. */
  short_id: ShortIdSchema,
  name: z.string().max(MAX_TEXT).nullish(),
  url: z.string().max(MAX_TEXT),
  data_url: z.string().max(MAX_TEXT).nullish(),
  target_widths: z.array(z.number().int()).max(100).nullish(),
  /** Kept open: captures uploaded from a browser may carry a type the public docs do not list. */
  type: z.string().max(50).nullish(),
  status: HeatmapStatusSchema,
  has_content: z.boolean().nullish(),
  snapshots: z
    .array(z.object({ width: z.number().int(), has_content: z.boolean() }))
    .max(100)
    .nullish(),
  deleted: z.boolean().nullish(),
  created_at: z.string().max(100).nullish(),
  updated_at: z.string().max(100).nullish(),
  /** Why rendering failed, in PostHog's words, when `status` is `failed`. */
  exception: z.string().max(MAX_TEXT).nullish(),
});
export type SavedHeatmap = z.infer<typeof SavedHeatmapSchema>;

/** `GET saved/`. */
export const SavedHeatmapListSchema = z.object({
  results: z.array(SavedHeatmapSchema).max(1000),
  count: z.number().int().nonnegative(),
});
export type SavedHeatmapList = z.infer<typeof SavedHeatmapListSchema>;

/** `GET saved/` query; `limit` is at most 500 per the reference. */
export const ListSavedHeatmapsQuerySchema = z
  .object({
    search: z.string().max(MAX_NAME).optional(),
    limit: z.number().int().min(1).max(500).optional(),
    offset: z.number().int().min(0).optional(),
    type: HeatmapTypeSchema.optional(),
    status: HeatmapStatusSchema.optional(),
    order: z
      .string()
      .regex(/^-?[a-z_]{1,50}$/)
      .optional(),
  })
  .strict();
export type ListSavedHeatmapsQuery = z.infer<typeof ListSavedHeatmapsQuerySchema>;

/** PostHog's error body. `attr` names the refused field of a 400 `validation_error`. */
export const ErrorBodySchema = z.object({
  type: z.string().max(100).nullish(),
  code: z.string().max(100).nullish(),
  detail: z.string().max(MAX_TEXT).nullish(),
  attr: z.string().max(200).nullish(),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/** One project of `GET /api/projects/`: `api_token` is the `phc_` token posthog-js knows. */
export const ProjectSchema = z.object({
  id: z.number().int().nonnegative(),
  name: z.string().max(MAX_TEXT).nullish(),
  api_token: z.string().max(200).nullish(),
});
export type Project = z.infer<typeof ProjectSchema>;

export const ProjectListSchema = z.object({
  results: z.array(ProjectSchema).max(1000),
  count: z.number().int().nonnegative().nullish(),
});
