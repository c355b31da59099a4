import { z } from 'zod';
import { SaveInputSchema, SaveJobSchema } from '@/lib/capture/job';
import { SnapshotSchema } from '@/lib/datadog/schemas';
import { DetectionSchema, DeviceTypeSchema, PageContextSchema } from '@/lib/detect/page-context';
import { SiteIdSchema } from '@/lib/settings/settings';

/**
 * The one message protocol of the extension.
 *
 *   popup / options page ──runtime.sendMessage──▶ background service worker ──fetch──▶ Datadog API
 *                                                     │
 *                                                     └─scripting.executeScript(MAIN world)──▶ page (DD_RUM)
 *
 * Only extension pages talk to the background; no content script exists, and the page never
 * receives anything from us. Both ends validate with these schemas; the background also
 * checks that the sender is one of our own pages. Keys travel only from the options page to
 * the background, never back.
 */

const tabId = z.number().int().nonnegative();

export const SettingsInputSchema = z.object({
  site: SiteIdSchema,
  apiUrl: z.string().max(2048),
  /** Absent: keep the stored key. */
  apiKey: z.string().max(200).optional(),
  appKey: z.string().max(200).optional(),
});
export type SettingsInput = z.infer<typeof SettingsInputSchema>;

/** Settings as pages may see them: keys only as a hint of their last characters. */
export const PublicSettingsSchema = z.object({
  site: SiteIdSchema,
  apiUrl: z.string(),
  apiKeyHint: z.string().nullable(),
  appKeyHint: z.string().nullable(),
  /** Where keys go, e.g. `https://api.datadoghq.eu`, and whether that host is Datadog's. */
  apiBase: z.string(),
  apiBaseIsDatadog: z.boolean(),
});
export type PublicSettings = z.infer<typeof PublicSettingsSchema>;

export const ConnectionResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), message: z.string() }),
  z.object({
    ok: z.literal(false),
    problem: z.enum(['missing-keys', 'api-key', 'app-key', 'site', 'network', 'other']),
    message: z.string(),
  }),
]);
export type ConnectionResult = z.infer<typeof ConnectionResultSchema>;

/** Each request type with its payload schema and the schema of its successful answer. */
export const PROTOCOL = {
  detect: { request: z.object({ tabId }), response: DetectionSchema },
  'start-recording': { request: z.object({ tabId }), response: DetectionSchema },
  'save-snapshot': {
    request: z.object({ context: PageContextSchema, input: SaveInputSchema }),
    response: SaveJobSchema,
  },
  'get-job': { request: z.object({ jobId: z.string().max(100) }), response: SaveJobSchema },
  /** Saves that did not end well or have not ended, newest first: the popup offers them again. */
  'unfinished-jobs': { request: z.object({}), response: z.array(SaveJobSchema) },
  /** Run a failed save again, with the same page context and input. */
  'retry-job': { request: z.object({ jobId: z.string().max(100) }), response: SaveJobSchema },
  'dismiss-job': { request: z.object({ jobId: z.string().max(100) }), response: z.object({}) },
  'list-snapshots': {
    request: z.object({
      viewName: z.string().min(1).max(1000),
      applicationId: z.string().max(100).optional(),
      deviceType: DeviceTypeSchema.optional(),
    }),
    response: z.array(SnapshotSchema),
  },
  /** Re-point a snapshot at the moment in `context` (the same mapping as a save). */
  'repoint-snapshot': {
    request: z.object({
      snapshotId: z.string().min(1).max(200),
      context: PageContextSchema,
      deviceTypeSelectedByUser: z.boolean(),
    }),
    response: SnapshotSchema,
  },
  'delete-snapshot': {
    request: z.object({ snapshotId: z.string().min(1).max(200) }),
    response: z.object({}),
  },
  'get-settings': { request: z.object({}), response: PublicSettingsSchema },
  'save-settings': { request: SettingsInputSchema, response: PublicSettingsSchema },
  'test-connection': { request: SettingsInputSchema, response: ConnectionResultSchema },
} as const;

export type MessageType = keyof typeof PROTOCOL;
export type RequestOf<T extends MessageType> = z.infer<(typeof PROTOCOL)[T]['request']>;
export type ResponseOf<T extends MessageType> = z.infer<(typeof PROTOCOL)[T]['response']>;

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
