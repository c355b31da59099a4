import { z } from 'zod/mini';
import { MAX_URL } from '@/lib/page/page-info';
import { ProfileChoice } from '@/lib/profiles/profile';
import { UuidSchema } from '@/lib/shared/uuid';
import { ProjectTokenSchema } from './context';
import { PosthogJobSchema, PosthogSaveContextSchema, PosthogSaveInputSchema } from './job';
import { SavedHeatmapSchema, ShortIdSchema } from './schemas';

/**
 * PostHog's messages between the extension's pages and the background (merged into the core
 * protocol). The personal API key travels only from the options page to the background.
 */

export const PosthogSettingsInputSchema = z.object({
  apiUrl: z.string().check(z.maxLength(300)),
  projectId: z.string().check(z.maxLength(20)),
  /** Absent: keep the stored key. */
  apiKey: z.optional(z.string().check(z.maxLength(200))),
  /** Whose settings (lib/profiles/); absent: the default profile's. */
  ...ProfileChoice,
});
export type PosthogSettingsInput = z.infer<typeof PosthogSettingsInputSchema>;

export const PosthogPublicSettingsSchema = z.object({
  apiUrl: z.string(),
  projectId: z.string(),
  apiKeyHint: z.nullable(z.string()),
  /** Whether `apiUrl` is PostHog Cloud (US or EU) rather than a self-hosted or proxy address. */
  apiUrlIsCloud: z.boolean(),
  /** What to fix when the stored settings fail today's rules (written by an older version); else null. */
  needsFixing: z.nullable(z.string()),
});
export type PosthogPublicSettings = z.infer<typeof PosthogPublicSettingsSchema>;

/** What a failed connection test found wrong, for the options page to point at the right field. */
export const PosthogConnectionProblemSchema = z.enum([
  'missing-settings',
  'api-key',
  'read-scope',
  'write-scope',
  'project',
  'host-access',
  'network',
  'other',
]);
export type PosthogConnectionProblem = z.infer<typeof PosthogConnectionProblemSchema>;

/** The connection test's answer. `projectId` on success: the project the page reports to, when found. */
export const PosthogConnectionResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), message: z.string(), projectId: z.optional(z.string()) }),
  z.object({ ok: z.literal(false), problem: PosthogConnectionProblemSchema, message: z.string() }),
]);
export type PosthogConnectionResult = z.infer<typeof PosthogConnectionResultSchema>;

/** The JPEG of a saved heatmap as a `data:` URL the popup can show, or "still rendering". */
export const ScreenshotAnswerSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('rendering') }),
  z.object({
    state: z.literal('ready'),
    dataUrl: z.string().check(z.startsWith('data:image/jpeg;base64,'), z.maxLength(40_000_000)),
  }),
]);

export const POSTHOG_MESSAGES = {
  'posthog:save': {
    request: z.object({ context: PosthogSaveContextSchema, input: PosthogSaveInputSchema, ...ProfileChoice }),
    response: PosthogJobSchema,
  },
  /** What a capture at several widths is doing on the tab now ("Laying out the page at 768 px…"); null when nothing. */
  'posthog:capture-progress': {
    request: z.object({ tabId: PosthogSaveContextSchema.shape.tabId }),
    response: z.object({ sentence: z.nullable(z.string()) }),
  },
  /** This page's saved heatmaps (those whose URL is the page's), newest first. */
  'posthog:list-heatmaps': {
    request: z.object({
      // The page's address as read (page-info.ts); the background finds its heatmaps under the address PostHog accepts.
      pageUrl: z.string().check(z.maxLength(MAX_URL)),
      token: z.optional(ProjectTokenSchema),
      ...ProfileChoice,
    }),
    response: z.array(SavedHeatmapSchema),
  },
  'posthog:get-screenshot': {
    request: z.object({ id: UuidSchema, width: z.int().check(z.gte(100), z.lte(3000)), ...ProfileChoice }),
    response: ScreenshotAnswerSchema,
  },
  'posthog:regenerate-heatmap': {
    request: z.object({ shortId: ShortIdSchema, token: z.optional(ProjectTokenSchema), ...ProfileChoice }),
    response: SavedHeatmapSchema,
  },
  'posthog:delete-heatmap': {
    request: z.object({ shortId: ShortIdSchema, token: z.optional(ProjectTokenSchema), ...ProfileChoice }),
    response: z.object({}),
  },
  /** Fill in the project id from the page's project token, where the key may list projects. */
  'posthog:find-project': {
    request: z.object({ token: ProjectTokenSchema, ...ProfileChoice }),
    response: z.object({ projectId: z.nullable(z.string()), message: z.string() }),
  },
  /** `token`: the popup's project, so the profile bound to it answers (else `profileId`'s, else the default's). */
  'posthog:get-settings': {
    request: z.object({ ...ProfileChoice, token: z.optional(ProjectTokenSchema) }),
    response: PosthogPublicSettingsSchema,
  },
  'posthog:save-settings': { request: PosthogSettingsInputSchema, response: PosthogPublicSettingsSchema },
  'posthog:test-connection': { request: PosthogSettingsInputSchema, response: PosthogConnectionResultSchema },
} as const;
