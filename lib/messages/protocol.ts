import { z } from 'zod/mini';
import { RecentSavesSchema } from '@/lib/jobs/recent';
import { FrameOfferSchema, MAX_FRAME_OFFERS } from '@/lib/page/frame-offers';
import { PageInfoSchema } from '@/lib/page/page-info';
import { PageTargetSchema } from '@/lib/page/target';
import { PROFILE_MESSAGES } from '@/lib/profiles/protocol';
import {
  PROVIDER_IDS,
  PROVIDERS,
  type ProviderId,
  ProvidersDetectionSchema,
  SaveJobSchema,
} from '@/lib/providers/registry';

/**
 * The one message protocol of the extension: the core's messages plus each provider's
 * (`PROVIDERS[id].messages`, names prefixed with the provider id).
 *
 *   popup / options page ──runtime.sendMessage──▶ background service worker ──fetch──▶ provider APIs
 *                                                     │
 *                                                     └─scripting.executeScript(files: probe.js, MAIN world)──▶ page
 *
 * Only extension pages talk to the background; the probe content script only returns a value to
 * `executeScript`, and the page never receives anything from us. Both ends validate with these
 * schemas; the background also checks that the sender is one of our own pages.
 */

const jobId = z.string().check(z.maxLength(100));

/** Why a tab could not be read; `kind` is what code decides on, `message` what people read. */
export const PageProblemSchema = z.object({
  kind: z.enum(['timeout', 'restricted', 'no-access', 'tab-gone', 'failed']),
  message: z.string().check(z.maxLength(500)),
});
export type PageProblem = z.infer<typeof PageProblemSchema>;

/**
 * The outcome of looking at a tab: what each provider found, or why the tab could not be read.
 * `frameId` is the frame that was read when the person chose one (its address is `page.url`; null:
 * the top frame); `frames` offers frames that carry an SDK the top frame lacks (looked for only
 * when reading the top frame).
 */
export const DetectionSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('read'),
    page: PageInfoSchema,
    providers: ProvidersDetectionSchema,
    frameId: z.nullable(FrameOfferSchema.shape.frameId),
    frames: z.array(FrameOfferSchema).check(z.maxLength(MAX_FRAME_OFFERS)),
  }),
  z.object({ status: z.literal('unavailable'), problem: PageProblemSchema }),
]);
export type Detection = z.infer<typeof DetectionSchema>;

const CORE_MESSAGES = {
  detect: { request: PageTargetSchema, response: DetectionSchema },
  'get-job': { request: z.object({ jobId }), response: SaveJobSchema },
  /** Saves that did not end well or have not ended, newest first: the popup offers them again. */
  'unfinished-jobs': { request: z.object({}), response: z.array(SaveJobSchema) },
  /** Run a failed save again, with the same page context and input. */
  'retry-job': { request: z.object({ jobId }), response: SaveJobSchema },
  'dismiss-job': { request: z.object({ jobId }), response: z.object({}) },
  /** Finished saves of any provider, newest first, with links (lib/jobs/recent.ts). */
  'recent-saves': { request: z.object({}), response: RecentSavesSchema },
  'clear-recent-saves': { request: z.object({}), response: z.object({}) },
  /** Profiles (lib/profiles/protocol.ts): the popup's choice and the options page's edits. */
  ...PROFILE_MESSAGES,
} as const;

type UnionToIntersection<U> = (U extends unknown ? (k: U) => void : never) extends (k: infer I) => void
  ? I
  : never;
type ProviderMessages = UnionToIntersection<(typeof PROVIDERS)[ProviderId]['messages']>;

/** Each request type with its payload schema and the schema of its successful answer. */
export const PROTOCOL = Object.assign(
  {},
  CORE_MESSAGES,
  ...PROVIDER_IDS.map((id) => PROVIDERS[id].messages),
) as typeof CORE_MESSAGES & ProviderMessages;

export type Protocol = typeof PROTOCOL;
export type MessageType = keyof Protocol;
export type RequestOf<T extends MessageType> = z.infer<Protocol[T]['request']>;
export type ResponseOf<T extends MessageType> = z.infer<Protocol[T]['response']>;

/** The envelope on the wire, both ways. */
export const EnvelopeSchema = z.object({
  type: z.enum(Object.keys(PROTOCOL) as [MessageType, ...MessageType[]]),
  payload: z.unknown(),
});
export const ReplySchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);
export type Reply = z.infer<typeof ReplySchema>;
