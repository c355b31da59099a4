import { z } from 'zod/mini';
import { DeviceTypeSchema } from '@/lib/page/page-info';
import { PageTargetSchema } from '@/lib/page/target';
import { ProfileChoice } from '@/lib/profiles/profile';
import { DatadogDetectionSchema, PageContextSchema } from './context';
import { DatadogJobSchema, SaveInputSchema } from './job';
import { ViewNameSchema } from './names';
import { SnapshotSchema } from './schemas';
import { SiteIdSchema } from './settings';

/**
 * Datadog's messages between the extension's pages and the background (the core protocol in
 * lib/messages/protocol.ts merges them). Keys travel only from the options page to the
 * background, never back: pages see a hint of their last characters.
 */

export const DatadogSettingsInputSchema = z.object({
  site: SiteIdSchema,
  apiUrl: z.string().check(z.maxLength(2048)),
  /** Absent: keep the stored key. */
  apiKey: z.optional(z.string().check(z.maxLength(200))),
  appKey: z.optional(z.string().check(z.maxLength(200))),
  /** Whose settings (lib/profiles/); absent: the default profile's. */
  ...ProfileChoice,
});
export type DatadogSettingsInput = z.infer<typeof DatadogSettingsInputSchema>;

/**
 * A profile's sign-in with Datadog as pages may see it: whether it is offered (a commercial site),
 * and the sign-in's state, the org’s site (as Datadog’s callback named it) and time; never a token.
 */
export const DatadogSignInStateSchema = z.object({
  offered: z.boolean(),
  status: z.enum(['none', 'signed-in', 'signed-out']),
  site: z.nullable(z.string()),
  signedInAt: z.nullable(z.number()),
  persist: z.boolean(),
});
export type DatadogSignInState = z.infer<typeof DatadogSignInStateSchema>;

/** Settings as pages may see them: keys only as a hint of their last characters. */
export const DatadogPublicSettingsSchema = z.object({
  site: SiteIdSchema,
  apiUrl: z.string(),
  apiKeyHint: z.nullable(z.string()),
  appKeyHint: z.nullable(z.string()),
  /** Where keys go, e.g. `https://api.datadoghq.eu`, and whether that host is Datadog's. */
  apiBase: z.string(),
  apiBaseIsDatadog: z.boolean(),
  /** What to fix when the stored settings fail today's rules (written by an older version); else null. */
  needsFixing: z.nullable(z.string()),
  /** How the profile proves who it is, and its sign-in as pages may see it (no token). */
  credential: z.enum(['keys', 'sign-in']),
  signIn: DatadogSignInStateSchema,
});
export type DatadogPublicSettings = z.infer<typeof DatadogPublicSettingsSchema>;

export const DatadogConnectionResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), message: z.string() }),
  z.object({
    ok: z.literal(false),
    problem: z.enum(['missing-keys', 'host-access', 'api-key', 'app-key', 'site', 'network', 'other']),
    message: z.string(),
  }),
]);
export type DatadogConnectionResult = z.infer<typeof DatadogConnectionResultSchema>;

export const DATADOG_MESSAGES = {
  'datadog:start-recording': { request: PageTargetSchema, response: DatadogDetectionSchema },
  'datadog:save': {
    request: z.object({ context: PageContextSchema, input: SaveInputSchema, ...ProfileChoice }),
    response: DatadogJobSchema,
  },
  /**
   * "Save for all devices": one save per device type, each from a detection at that device's
   * width (lib/providers/datadog/all-devices.ts); answers once the three saves are started.
   * `viewportHeight` is the page's own, read before the layout changes, kept for every width.
   */
  'datadog:save-all-devices': {
    request: z.object({
      target: PageTargetSchema,
      viewportHeight: z.int().check(z.positive(), z.lte(100_000)),
      ...ProfileChoice,
    }),
    response: z.array(DatadogJobSchema),
  },
  /** What "Save for all devices" is doing on the tab now ("Laying out the page for…"); null when nothing. */
  'datadog:all-devices-progress': {
    request: z.object({ tabId: PageTargetSchema.shape.tabId }),
    response: z.object({ sentence: z.nullable(z.string()) }),
  },
  'datadog:list-snapshots': {
    request: z.object({
      viewName: ViewNameSchema,
      applicationId: z.optional(z.string().check(z.maxLength(100))),
      deviceType: z.optional(DeviceTypeSchema),
      ...ProfileChoice,
    }),
    response: z.array(SnapshotSchema),
  },
  /** Re-point a snapshot at the moment in `context` (the same mapping as a save). */
  'datadog:repoint-snapshot': {
    request: z.object({
      snapshotId: z.string().check(z.minLength(1), z.maxLength(200)),
      context: PageContextSchema,
      deviceTypeSelectedByUser: z.boolean(),
      ...ProfileChoice,
    }),
    response: SnapshotSchema,
  },
  'datadog:delete-snapshot': {
    request: z.object({ snapshotId: z.string().check(z.minLength(1), z.maxLength(200)), ...ProfileChoice }),
    response: z.object({}),
  },
  /** `applicationId`: the popup's page, so the profile bound to it answers (else `profileId`'s, else the default's). */
  'datadog:get-settings': {
    request: z.object({ ...ProfileChoice, applicationId: z.optional(z.string().check(z.maxLength(100))) }),
    response: DatadogPublicSettingsSchema,
  },
  'datadog:save-settings': { request: DatadogSettingsInputSchema, response: DatadogPublicSettingsSchema },
  'datadog:test-connection': { request: DatadogSettingsInputSchema, response: DatadogConnectionResultSchema },
  /**
   * "Sign in with Datadog" (lib/providers/datadog/oauth/): Datadog's consent page in the browser's
   * auth window; on success the profile signs in with tokens instead of keys (its keys are dropped).
   * `persist`: keep the sign-in across browser restarts. A refusal comes back as `problem`.
   */
  'datadog:sign-in': {
    request: z.object({ ...ProfileChoice, persist: z.boolean() }),
    response: z.object({ settings: DatadogPublicSettingsSchema, problem: z.nullable(z.string()) }),
  },
  /** Forget the sign-in and revoke it at Datadog; `problem` says when revocation failed. */
  'datadog:sign-out': {
    request: z.object({ ...ProfileChoice }),
    response: z.object({ settings: DatadogPublicSettingsSchema, problem: z.nullable(z.string()) }),
  },
} as const;
