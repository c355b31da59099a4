import { z } from 'zod/mini';
import { JobBaseSchema } from '@/lib/jobs/job';
import { MAX_URL } from '@/lib/page/page-info';
import { UuidSchema } from '@/lib/shared/uuid';
import { PosthogInstanceSchema } from './context';
import { pageAddressForPosthog } from './page-address';
import {
  HeatmapDataUrlSchema,
  HeatmapNameSchema,
  HeatmapWidthSchema,
  HeatmapWidthsSchema,
  MAX_WIDTHS,
} from './schemas';

/**
 * A PostHog save: which page and project, what the person chose, and the saved heatmap once
 * PostHog has it. The pictures of a tab capture (one per width) wait in session storage
 * (lib/storage/items.ts) under the job's id and their width until they are uploaded.
 */

/** Where the picture comes from: the tab as the person sees it, or PostHog's own renderer. */
export const PictureSourceSchema = z.enum(['capture', 'render']);
export type PictureSource = z.infer<typeof PictureSourceSchema>;

/**
 * The page's address as the person sees it (the tab's, or typed): PostHog gets the address
 * page-address.ts makes of it, so one it cannot make is refused here, with its sentence, before
 * anything is captured or sent.
 */
export const PageUrlInputSchema = z.string().check(
  // As long as a page address is read (page-info.ts); PostHog's 2000 applies to what is sent.
  z.maxLength(MAX_URL, `The page URL is over ${MAX_URL} characters`),
  z.superRefine((url, ctx) => {
    const address = pageAddressForPosthog(url);
    if (!address.ok) ctx.addIssue({ code: 'custom', message: address.problem });
  }),
);

export const PosthogSaveInputSchema = z.object({
  name: z.pipe(HeatmapNameSchema, z.string().check(z.minLength(1, 'Heatmap name is empty'))),
  pageUrl: PageUrlInputSchema,
  /**
   * Whose page views' data the heatmap draws: only a server render keeps one of its own
   * (`POST saved/` `data_url`). A captured heatmap's data URL is its page URL (PostHog sets it and
   * refuses to change it), so a capture carries none (older saved jobs may: it is not sent).
   */
  dataUrl: z.optional(HeatmapDataUrlSchema),
  source: PictureSourceSchema,
  /**
   * The widths PostHog renders (`render`), or the page is pictured at (`capture`; the tab's own
   * width alone pictures it as it is, see capture-widths.ts).
   */
  widths: HeatmapWidthsSchema,
});
export type PosthogSaveInput = z.infer<typeof PosthogSaveInputSchema>;

/** The page and project the save is for, as detected when the person opened the popup. */
export const PosthogSaveContextSchema = z.object({
  tabId: z.int().check(z.nonnegative()),
  instance: PosthogInstanceSchema,
  capturedAt: z.int().check(z.positive()),
});
export type PosthogSaveContext = z.infer<typeof PosthogSaveContextSchema>;

export const PosthogResultSchema = z.object({
  /** The saved heatmap's UUID (screenshot content is fetched by it) and its short id (the API's key). */
  id: UuidSchema,
  shortId: z.string().check(z.minLength(1), z.maxLength(100)),
  name: z.string().check(z.maxLength(400)),
  /** The width whose picture the popup shows. */
  width: HeatmapWidthSchema,
  widths: z.array(HeatmapWidthSchema),
  /** PostHog answered 200 with the JPEG for `width`. */
  imageReady: z.boolean(),
  // A "Saved for <page address>" note holds an address of up to 2000 characters.
  notes: z.array(z.string().check(z.maxLength(2500))),
});
export type PosthogResult = z.infer<typeof PosthogResultSchema>;

export const CapturedSizeSchema = z.object({
  width: HeatmapWidthSchema,
  height: z.int().check(z.positive()),
  truncated: z.boolean(),
});
export type CapturedSize = z.infer<typeof CapturedSizeSchema>;

export const PosthogJobSchema = z.extend(JobBaseSchema, {
  provider: z.literal('posthog'),
  context: PosthogSaveContextSchema,
  input: PosthogSaveInputSchema,
  /** The captured pictures' sizes, one per width, for the upload (the pictures are in session storage). */
  captures: z.optional(z.array(CapturedSizeSchema).check(z.minLength(1), z.maxLength(MAX_WIDTHS))),
  result: z.optional(PosthogResultSchema),
});
export type PosthogJob = z.infer<typeof PosthogJobSchema>;

/** How lists name a PostHog save. */
export function posthogJobLabel(input: PosthogSaveInput): string {
  return `“${input.name}” · PostHog`;
}
