import { z } from 'zod';
import { PageInfoSchema } from '@/lib/page/page-info';
import { UuidSchema } from '@/lib/shared/uuid';
import { MAX_VIEW_NAME } from './names';

/**
 * What the extension knows about Datadog RUM on the page the person acts on, shared by its
 * parser, the background, the popup and the request mapping. Built only by
 * `parseDatadogDetection` from hostile page-world data (and the core's `PageInfo`), so every
 * field here is already validated and bounded.
 */
export const ReplayStatusSchema = z.discriminatedUnion('state', [
  /** `forced` when recording was started by `startSessionReplayRecording({force: true})`. */
  z.object({ state: z.literal('recording'), forced: z.boolean() }),
  /** `reason` is a sentence for people, e.g. "this session was not sampled for Session Replay". */
  z.object({ state: z.literal('not-recorded'), reason: z.string().max(300) }),
  z.object({ state: z.literal('unknown') }),
]);
export type ReplayStatus = z.infer<typeof ReplayStatusSchema>;

export const PageContextSchema = z.object({
  applicationId: UuidSchema,
  sessionId: UuidSchema,
  viewId: UuidSchema,
  /** Custom name when the app set one, else the URL path grouped as Datadog does (`/products/?`). */
  viewName: z.string().min(1).max(MAX_VIEW_NAME),
  viewNameIsCustom: z.boolean(),
  url: z.string().max(4096),
  /** Session start (`created` in the session store), epoch ms; null when the store is unreadable. */
  sessionStart: z.number().int().positive().nullable(),
  /** SDK `site` init option (e.g. `datadoghq.eu`); null when not set or not recognised. */
  site: z.string().max(100).nullable(),
  sdkVersion: z.string().max(50).nullable(),
  replay: ReplayStatusSchema,
  /** `DD_RUM.getSessionReplayLink()`, only when it is an https URL. */
  replayLink: z.string().max(4096).nullable(),
  // The page's size, device guess and capture moment, as the core read them.
  ...PageInfoSchema.pick({ viewport: true, deviceGuess: true, capturedAt: true }).shape,
});
export type PageContext = z.infer<typeof PageContextSchema>;

/** What the page says about Datadog RUM: a context, or a state the popup explains in plain words. */
export const DatadogDetectionSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('ready'), context: PageContextSchema }),
  /** No `DD_RUM` on the page at all. */
  z.object({ status: z.literal('absent') }),
  /** `DD_RUM` is the async snippet's stub (`q`, `onReady`): the SDK bundle has not arrived yet. */
  z.object({ status: z.literal('loading') }),
  /** `DD_RUM` is the SDK, but `init` has not been called. */
  z.object({ status: z.literal('not-initialised') }),
  /** The SDK runs but tracks no session (expired, not sampled for RUM, or consent not given). */
  z.object({ status: z.literal('no-session') }),
  /** `DD_RUM` answers with data that is not what the real SDK returns. */
  z.object({ status: z.literal('invalid'), problem: z.string().max(500) }),
]);
export type DatadogDetection = z.infer<typeof DatadogDetectionSchema>;
