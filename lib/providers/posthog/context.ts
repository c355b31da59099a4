import { z } from 'zod/mini';
import { isHttpOrigin } from '@/lib/providers/posthog/hosts';
import { UUID_PATTERN } from '@/lib/shared/uuid';

/**
 * What the extension knows about posthog-js on a page, after `parsePosthogDetection` has checked
 * what the page probe copied. These schemas are the contract for everything downstream (popup,
 * background, save jobs): every type is derived from them.
 */

/** posthog-js lets a page create named instances; more than this is not a real page. */
export const MAX_POSTHOG_INSTANCES = 5;

/**
 * The public project token posthog-js knows as `config.token`: `phc_` and a random part
 * (PostHog generates 43 URL-safe characters; the bounds leave room for other lengths).
 */
export const PROJECT_TOKEN_PATTERN = /^phc_[A-Za-z0-9_-]{10,100}$/;

/** How the page reaches an instance: `posthog` for the default one, else the `init` name. */
export const INSTANCE_NAME_PATTERN = /^[A-Za-z0-9_$][A-Za-z0-9_$.-]{0,63}$/;

/** Distinct ids are whatever the site chose (often an email or a user id); bounded, no control characters. */
export const MAX_DISTINCT_ID = 200;
// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point.
const NO_CONTROL_CHARACTERS = /^[^\u0000-\u001f\u007f]*$/;

export const ProjectTokenSchema = z
  .string()
  .check(z.regex(PROJECT_TOKEN_PATTERN, 'must be a phc_ project token'));
export const HttpOriginSchema = z
  .string()
  .check(z.maxLength(300), z.refine(isHttpOrigin, 'must be an http(s) origin'));
export const DistinctIdSchema = z
  .string()
  .check(z.minLength(1), z.maxLength(MAX_DISTINCT_ID), z.regex(NO_CONTROL_CHARACTERS));

/** Whether this page's session is being recorded, as far as posthog-js says. */
export const PosthogRecordingSchema = z.enum(['recording', 'not-recorded', 'unknown']);
export type PosthogRecording = z.infer<typeof PosthogRecordingSchema>;

/** One loaded posthog-js instance: which project it reports to, where, and the current ids. */
export const PosthogInstanceSchema = z.object({
  name: z.string().check(z.regex(INSTANCE_NAME_PATTERN)),
  token: ProjectTokenSchema,
  /** Where the page sends events (`config.api_host`): PostHog's ingestion host or a reverse proxy. */
  apiHost: HttpOriginSchema,
  /** `config.ui_host`, set by pages behind a reverse proxy; null when not set. */
  uiHost: z.nullable(HttpOriginSchema),
  sessionId: z.nullable(z.string().check(z.regex(UUID_PATTERN))),
  distinctId: z.nullable(DistinctIdSchema),
  recording: PosthogRecordingSchema,
});
export type PosthogInstance = z.infer<typeof PosthogInstanceSchema>;

/**
 * The outcome of looking for posthog-js on a page: `ready` (at least one loaded instance),
 * `absent` (no `window.posthog`), `not-loaded` (only the snippet's stub, or `init` not called),
 * or `invalid` (something else is there; `problem` is a sentence that never quotes page text).
 */
export const PosthogDetectionSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('ready'),
    instances: z.array(PosthogInstanceSchema).check(z.minLength(1), z.maxLength(MAX_POSTHOG_INSTANCES)),
  }),
  z.object({ status: z.literal('absent') }),
  z.object({ status: z.literal('not-loaded') }),
  z.object({ status: z.literal('invalid'), problem: z.string().check(z.maxLength(300)) }),
]);
export type PosthogDetection = z.infer<typeof PosthogDetectionSchema>;
