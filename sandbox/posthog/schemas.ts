import { z } from 'zod';
import {
  DEFAULT_LIST_LIMIT,
  DEFAULT_ORDER,
  MAX_LIST_LIMIT,
  MAX_NAME_LENGTH,
  MAX_URL_LENGTH,
  MAX_WIDTH,
  MAX_WIDTHS,
  MIN_WIDTH,
  ORDER_FIELDS,
} from './defaults';
import { HEATMAP_STATUSES, HEATMAP_TYPES } from './model';

/**
 * zod for every body and query the PostHog API parses. Unknown body fields are ignored, as DRF
 * serializers do; read-only fields (`id`, `status`, `url` on PATCH, ...) likewise.
 */

const httpUrl = (value: string) => /^https?:\/\/[^/\s]/i.test(value);

/**
 * `url` on `saved/` and PATCH: the model's `URLField(max_length=2000)`; the handlers then apply
 * `validate_page_url` (page-url.ts: wildcard characters, URL safety check).
 */
export const PageUrl = z
  .string()
  .max(MAX_URL_LENGTH, `Ensure this field has no more than ${MAX_URL_LENGTH} characters.`)
  .refine(httpUrl, 'Enter a valid URL.')
  .refine((v) => URL.canParse(v), 'Enter a valid URL.');

/** `data_url`: an http(s) URL pattern, `*` allowed (reference). */
export const DataUrl = z
  .string()
  .max(MAX_URL_LENGTH)
  .refine(httpUrl, 'Enter a valid http(s) URL or pattern.');

export const Width = z.int().min(MIN_WIDTH).max(MAX_WIDTH);

/** 1..16 widths of 100..3000 px; duplicates are merged and the list sorted. */
export const Widths = z
  .array(Width)
  .min(1)
  .max(MAX_WIDTHS)
  .transform((widths) => [...new Set(widths)].sort((a, b) => a - b));

export const Name = z.string().max(MAX_NAME_LENGTH);

export const CreateBodySchema = z.object({
  url: PageUrl,
  name: Name.nullish(),
  data_url: DataUrl.nullish(),
  widths: Widths.optional(),
  type: z.enum(HEATMAP_TYPES).default('screenshot'),
});
export type CreateBody = z.output<typeof CreateBodySchema>;

export const PatchBodySchema = z.object({
  url: PageUrl.optional(),
  name: Name.nullish(),
  data_url: DataUrl.nullish(),
  widths: Widths.optional(),
  deleted: z.boolean().optional(),
});

/** `HeatmapPrewarmRequestSerializer`. */
export const PrewarmBodySchema = z.object({
  url: z.string(),
  block_consent_modals: z.boolean().default(false),
});

/** An integer written as query or form text: digits only (no coercion of "" or "1.5"), then `target`'s checks. */
export const queryInt = <T extends z.ZodType<number, number>>(target: T) =>
  z
    .string()
    .regex(/^\d{1,9}$/, 'A valid integer is required.')
    .transform(Number)
    .pipe(target);

const ORDER_VALUES = ORDER_FIELDS.flatMap((f) => [f, `-${f}`]) as [string, ...string[]];

export const ListQuerySchema = z.object({
  type: z.enum(HEATMAP_TYPES).optional(),
  status: z.enum(HEATMAP_STATUSES).optional(),
  search: z.string().max(MAX_NAME_LENGTH).optional(),
  order: z.enum(ORDER_VALUES).default(DEFAULT_ORDER),
  limit: queryInt(z.int().min(1).max(MAX_LIST_LIMIT)).default(DEFAULT_LIST_LIMIT),
  offset: queryInt(z.int().min(0).max(1e9)).default(0),
});
