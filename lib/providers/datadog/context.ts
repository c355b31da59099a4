import { z } from 'zod/mini';
import { PageInfoSchema } from '@/lib/page/page-info';
import { UuidSchema } from '@/lib/shared/uuid';
import { MAX_VIEW_NAME } from './names';
import { MAX_PRIVACY_OVERRIDES } from './probe';
import { PrivacyLevelSchema } from './sdk-versions';

/**
 * What the extension knows about Datadog RUM on the page the person acts on, shared by its
 * parser, the background, the popup and the request mapping. Built only by
 * `parseDatadogDetection` from hostile page-world data (and the core's `PageInfo`), so every
 * field here is already validated and bounded.
 */

/**
 * Why the SDK says this session has no replay to draw a heatmap on (codes: the popup words them).
 * - `replay-not-sampled`: not sampled for Session Replay (link `incorrect-session-plan`, or store `rum=2`);
 * - `replay-not-started`: v4, the app never called `startSessionReplayRecording()`;
 * - `browser-not-supported`: the SDK cannot record in this browser;
 * - `other`: another `error-type` of the SDK's replay link.
 */
export const NotRecordedReasonSchema = z.enum([
  'replay-not-sampled',
  'replay-not-started',
  'browser-not-supported',
  'other',
]);
export type NotRecordedReason = z.infer<typeof NotRecordedReasonSchema>;

export const ReplayStatusSchema = z.discriminatedUnion('state', [
  /** `forced` when recording was started by `startSessionReplayRecording({force: true})`. */
  z.object({ state: z.literal('recording'), forced: z.boolean() }),
  /** Nothing to draw a heatmap on; `canStartRecording` when this SDK records once asked to. */
  z.object({
    state: z.literal('not-recorded'),
    reason: NotRecordedReasonSchema,
    canStartRecording: z.boolean(),
  }),
  z.object({ state: z.literal('unknown') }),
]);
export type ReplayStatus = z.infer<typeof ReplayStatusSchema>;

/**
 * The privacy level the replay (so the heatmap's background) is recorded with: the page's
 * `defaultPrivacyLevel` init option, else its SDK major's default (sdk-versions.ts), and how many
 * elements set their own level (counted up to `MAX_PRIVACY_OVERRIDES`).
 */
export const PrivacySchema = z.object({
  level: PrivacyLevelSchema,
  source: z.enum(['page', 'sdk-default']),
  overrides: z.int().check(z.gte(0), z.lte(MAX_PRIVACY_OVERRIDES)),
});
export type Privacy = z.infer<typeof PrivacySchema>;

export const PageContextSchema = z.object({
  applicationId: UuidSchema,
  sessionId: UuidSchema,
  viewId: UuidSchema,
  /** Custom name when the app set one, else the URL path grouped as Datadog does (`/products/?`). */
  viewName: z.string().check(z.minLength(1), z.maxLength(MAX_VIEW_NAME)),
  viewNameIsCustom: z.boolean(),
  url: z.string().check(z.maxLength(4096)),
  /** Session start (`created` in the session store), epoch ms; null when the store is unreadable. */
  sessionStart: z.nullable(z.int().check(z.positive())),
  /** SDK `site` init option (e.g. `datadoghq.eu`); null when not set or not recognised. */
  site: z.nullable(z.string().check(z.maxLength(100))),
  sdkVersion: z.nullable(z.string().check(z.maxLength(50))),
  /** `DD_RUM.getSessionReplayLink()`, only when it is an https URL. */
  replayLink: z.nullable(z.string().check(z.maxLength(4096))),
  // The page's size, device guess and capture moment, as the core read them.
  ...z.pick(PageInfoSchema, { viewport: true, deviceGuess: true, capturedAt: true }).shape,
});
export type PageContext = z.infer<typeof PageContextSchema>;

/** Why a tracked SDK tracks no session now: `sampled-out` (`sessionSampleRate`), `expired`, or not said. */
export const NoSessionReasonSchema = z.enum(['sampled-out', 'expired', 'unknown']);
export type NoSessionReason = z.infer<typeof NoSessionReasonSchema>;

/**
 * Why the page's SDK can never give Datadog a heatmap background, whatever the session:
 * `slim-package` (`@datadog/browser-rum-slim` has no Session Replay), `sdk-too-old` (older than
 * Datadog's click maps need).
 */
export const UnsupportedReasonSchema = z.enum(['slim-package', 'sdk-too-old']);
export type UnsupportedReason = z.infer<typeof UnsupportedReasonSchema>;

/**
 * What the page says about Datadog RUM: a context, or a state the popup explains in plain words.
 * `replay` and `privacy` sit beside the context, not in it: they are shown before saving and are
 * not part of a save (jobs store the context, so its stored shape stays as it was).
 */
export const DatadogDetectionSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('ready'),
    context: PageContextSchema,
    replay: ReplayStatusSchema,
    privacy: PrivacySchema,
  }),
  /** No `DD_RUM` on the page at all. */
  z.object({ status: z.literal('absent') }),
  /** `DD_RUM` is the async snippet's stub (`q`, `onReady`): the SDK bundle has not arrived yet. */
  z.object({ status: z.literal('loading') }),
  /** `DD_RUM` is the SDK, but `init` has not been called. */
  z.object({ status: z.literal('not-initialised') }),
  /** The SDK runs but tracks no session (expired, not sampled for RUM, or consent not given). */
  z.object({ status: z.literal('no-session'), reason: NoSessionReasonSchema }),
  /** The SDK cannot record what Datadog's heatmaps need; `sdkVersion` as the page's SDK says it. */
  z.object({
    status: z.literal('unsupported'),
    reason: UnsupportedReasonSchema,
    sdkVersion: z.nullable(z.string().check(z.maxLength(50))),
  }),
  /** `DD_RUM` answers with data that is not what the real SDK returns. */
  z.object({ status: z.literal('invalid'), problem: z.string().check(z.maxLength(500)) }),
]);
export type DatadogDetection = z.infer<typeof DatadogDetectionSchema>;
