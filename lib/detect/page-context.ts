import { z } from 'zod';

/**
 * What the extension knows about the page the person acts on: the one shape every part shares
 * (probe parser → background → popup → request mapping). Built only by `parseDetection`
 * from hostile page-world data, so every field here is already validated and bounded.
 */
export const DeviceTypeSchema = z.enum(['desktop', 'tablet', 'mobile']);
export type DeviceType = z.infer<typeof DeviceTypeSchema>;

export const ReplayStatusSchema = z.discriminatedUnion('state', [
  /** `forced` when recording was started by `startSessionReplayRecording({force: true})`. */
  z.object({ state: z.literal('recording'), forced: z.boolean() }),
  /** `reason` is a sentence for people, e.g. "this session was not sampled for Session Replay". */
  z.object({ state: z.literal('not-recorded'), reason: z.string().max(300) }),
  z.object({ state: z.literal('unknown') }),
]);
export type ReplayStatus = z.infer<typeof ReplayStatusSchema>;

const uuid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a UUID');

export const PageContextSchema = z.object({
  applicationId: uuid,
  sessionId: uuid,
  viewId: uuid,
  /** Custom name when the app set one, else the URL path grouped as Datadog does (`/products/?`). */
  viewName: z.string().min(1).max(1000),
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
  viewport: z.object({ width: z.number().int().nonnegative(), height: z.number().int().nonnegative() }),
  deviceGuess: DeviceTypeSchema,
  /** The capture moment, epoch ms, taken by the extension (not the page) when detection ran. */
  capturedAt: z.number().int().positive(),
});
export type PageContext = z.infer<typeof PageContextSchema>;

/** The outcome of looking at a tab: a context, or a state the popup explains in plain words. */
export const DetectionSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('ready'), context: PageContextSchema }),
  /** No `DD_RUM` on the page at all. */
  z.object({ status: z.literal('no-rum') }),
  /** `DD_RUM` exists but is the async stub or has not been `init`ed yet. */
  z.object({ status: z.literal('not-initialised') }),
  /** The SDK runs but tracks no session (expired, not sampled for RUM, or consent not given). */
  z.object({ status: z.literal('no-session') }),
  /** `DD_RUM` answers with data that is not what the real SDK returns. */
  z.object({ status: z.literal('invalid'), problem: z.string().max(500) }),
  /** The extension could not look at the tab (browser page, web store, permission). */
  z.object({ status: z.literal('unavailable'), problem: z.string().max(500) }),
]);
export type Detection = z.infer<typeof DetectionSchema>;
