import { z } from 'zod/mini';
import type { PageInfo } from '@/lib/page/page-info';
import {
  describeValue,
  INVALID_MARKER,
  isMarker,
  MAX_PROBE_STRING,
  type Scalar,
  ScalarSchema,
  ScalarStrictSchema,
  safeTypeName,
  strictCallSchema,
  withArticle,
} from '@/lib/probe/raw-schemas';
import { shortenName } from '@/lib/shared/names';
import { UUID_PATTERN } from '@/lib/shared/uuid';
import {
  type DatadogDetection,
  type NoSessionReason,
  type NotRecordedReason,
  type PageContext,
  PageContextSchema,
  type Privacy,
  type ReplayStatus,
} from './context';
import { MAX_VIEW_NAME } from './names';
import { MAX_PRIVACY_OVERRIDES } from './probe';
import { replayLinkFor } from './replay-link';
import {
  canForceReplay,
  defaultPrivacyLevel,
  heatmapSupport,
  knowsPrivacyLevel,
  PrivacyLevelSchema,
  parseSdkVersion,
  type SdkVersion,
} from './sdk-versions';
import {
  type SessionStore,
  SessionStoreSourcesSchema,
  selectSessionStore,
  sessionStores,
} from './session-store';
import { SiteIdSchema } from './settings';
import { sessionStartProblem } from './snapshot-request';
import { groupViewPath } from './view-name';

/**
 * Turns what `probeDatadog` returned into a `DatadogDetection`. The data comes from the page world, which
 * may have replaced `DD_RUM` or the probe's own globals, so it is validated again here: leaves
 * that are not what the probe produces become "invalid" markers, and problems name the field
 * without quoting page text.
 */

const PrimitiveSchema = z.catch(
  z.optional(z.union([z.string().check(z.maxLength(MAX_PROBE_STRING)), z.number(), z.boolean(), z.null()])),
  undefined,
);

const ViewSchema = z.object({
  id: z.optional(ScalarSchema),
  url: z.optional(ScalarSchema),
  name: z.optional(ScalarSchema),
});
const InternalContextSchema = z.object({
  application_id: z.optional(ScalarSchema),
  session_id: z.optional(ScalarSchema),
  view: z.optional(z.catch(z.union([ScalarStrictSchema, ViewSchema]), INVALID_MARKER)),
});
const InitConfigurationSchema = z.object({
  site: PrimitiveSchema,
  sessionReplaySampleRate: PrimitiveSchema,
  sessionPersistence: PrimitiveSchema,
  defaultPrivacyLevel: PrimitiveSchema,
});

/** Strict calls: a malformed call outcome means the probe answer itself is malformed. */
const RumSchema = z.object({
  type: z.string().check(z.maxLength(50)),
  internalContext: strictCallSchema(
    z.catch(z.union([ScalarStrictSchema, InternalContextSchema]), INVALID_MARKER),
  ),
  initConfiguration: strictCallSchema(
    z.catch(z.union([ScalarStrictSchema, InitConfigurationSchema]), INVALID_MARKER),
  ),
  replayLink: strictCallSchema(ScalarSchema),
  version: z.optional(ScalarSchema),
  hasQueue: z.catch(z.boolean(), false),
  hasOnReady: z.catch(z.boolean(), false),
  privacyOverrides: z.catch(z.nullable(z.int().check(z.gte(0), z.lte(MAX_PRIVACY_OVERRIDES))), null),
});

export const RawDatadogProbeSchema = z.object({
  rum: z.nullable(RumSchema),
  store: SessionStoreSourcesSchema,
});
/** What `probeDatadog` returns: derived from the schema, so the probe and the parser cannot drift apart. */
export type RawDatadogProbe = z.input<typeof RawDatadogProbeSchema>;
type ParsedProbe = z.infer<typeof RawDatadogProbeSchema>;
type ParsedRum = z.infer<typeof RumSchema>;
type InitConfiguration = z.infer<typeof InitConfigurationSchema>;
type InternalContext = z.infer<typeof InternalContextSchema>;

const MAX_URL = 4096;
const VERSION_TEXT = /^[0-9A-Za-z.+-]{1,50}$/;

/** Thrown by the steps below to end detection early with a definite outcome. */
class Stop {
  constructor(readonly detection: DatadogDetection) {}
}

function invalid(problem: string): Stop {
  return new Stop({ status: 'invalid', problem });
}

function isRecord(value: Scalar | object): boolean {
  return typeof value === 'object' && value !== null && !isMarker(value);
}

function requireUuid(value: Scalar | undefined, field: string): string {
  if (typeof value === 'string' && UUID_PATTERN.test(value)) return value.toLowerCase();
  const found = typeof value === 'string' ? 'not a UUID' : describeValue(value);
  throw invalid(`DD_RUM.getInternalContext() returned a ${field} that is ${found}.`);
}

type ObjectCall = ParsedRum['initConfiguration'] | ParsedRum['internalContext'];

/**
 * The object a `DD_RUM` getter returned. No getter means the SDK is not initialised; null is the
 * SDK's own "nothing": `whenNull` says what that means for this getter.
 */
function readObjectCall(call: ObjectCall, getter: string, whenNull: () => DatadogDetection): object {
  if (call.state === 'missing') throw new Stop({ status: 'not-initialised' });
  if (call.state === 'threw') throw invalid(`DD_RUM.${getter}() threw an error.`);
  if (call.value === null) throw new Stop(whenNull());
  if (!isRecord(call.value)) {
    throw invalid(`DD_RUM.${getter}() returned ${describeValue(call.value)}, not an object.`);
  }
  return call.value as object;
}

/** `getInitConfiguration()`: null means the SDK is loaded but `init` was not called. */
function readInitConfiguration(rum: ParsedRum): InitConfiguration {
  return readObjectCall(rum.initConfiguration, 'getInitConfiguration', () => ({
    status: 'not-initialised',
  })) as InitConfiguration;
}

/** `getInternalContext()`: the SDK returns undefined when it tracks no session (not sampled, expired, no consent). */
function readInternalContext(rum: ParsedRum, noSession: () => DatadogDetection): InternalContext {
  return readObjectCall(rum.internalContext, 'getInternalContext', noSession) as InternalContext;
}

interface ViewFields {
  viewId: string;
  url: string;
  customName: string | null;
}

function readView(view: InternalContext['view']): ViewFields {
  if (view === undefined || view === null || !isRecord(view)) {
    throw invalid(`DD_RUM.getInternalContext() returned a view that is ${describeValue(view)}.`);
  }
  const fields = view as z.infer<typeof ViewSchema>;
  const viewId = requireUuid(fields.id, 'view.id');
  if (typeof fields.url !== 'string') {
    throw invalid(`DD_RUM.getInternalContext() returned a view.url that is ${describeValue(fields.url)}.`);
  }
  const name = fields.name;
  if (name !== undefined && name !== null && typeof name !== 'string') {
    throw invalid(`DD_RUM.getInternalContext() returned a view.name that is ${describeValue(name)}.`);
  }
  const customName = typeof name === 'string' && name.trim().length > 0 ? name.trim() : null;
  return { viewId, url: fields.url, customName };
}

/** The replay link's `error-type` codes the extension tells apart (any other is `other`). */
const NOT_RECORDED_ERROR_TYPES: ReadonlyMap<string, NotRecordedReason> = new Map([
  ['incorrect-session-plan', 'replay-not-sampled'],
  ['replay-not-started', 'replay-not-started'],
  ['browser-not-supported', 'browser-not-supported'],
]);
/** The link of a session RUM does not track (sampled out by `sessionSampleRate`). */
const NOT_TRACKED_ERROR_TYPE = 'rum-not-tracked';
/** The link of `@datadog/browser-rum-slim`, which has no Session Replay. */
const SLIM_ERROR_TYPE = 'slim-package';

/** The `error-type` code of a replay link, reduced to the SDK's code alphabet and bounded. */
function replayErrorType(link: Scalar): string | null {
  if (typeof link !== 'string') return null;
  const match = /[?&]error-type=([^&#]*)/.exec(link);
  if (!match) return null;
  const code = (match[1] ?? '').replace(/[^a-z0-9-]/gi, '').slice(0, 60);
  return code.length > 0 ? code : 'unknown';
}

/** Whether asking this SDK to record (`startSessionReplayRecording`) would record this session. */
function canStartRecording(reason: NotRecordedReason, version: SdkVersion | null): boolean {
  if (reason === 'replay-not-started') return true;
  return reason === 'replay-not-sampled' && canForceReplay(version);
}

function notRecorded(reason: NotRecordedReason, version: SdkVersion | null): ReplayStatus {
  return { state: 'not-recorded', reason, canStartRecording: canStartRecording(reason, version) };
}

function replayStatus(
  link: Scalar,
  store: SessionStore | null,
  config: InitConfiguration,
  version: SdkVersion | null,
): ReplayStatus {
  const errorType = replayErrorType(link);
  if (errorType !== null) return notRecorded(NOT_RECORDED_ERROR_TYPES.get(errorType) ?? 'other', version);
  if (store?.forcedReplay) return { state: 'recording', forced: true };
  const sampleRate = config.sessionReplaySampleRate;
  if (typeof link === 'string' && typeof sampleRate === 'number' && sampleRate > 0) {
    return { state: 'recording', forced: false };
  }
  if (store?.legacyRum === '2') return notRecorded('replay-not-sampled', version);
  return { state: 'unknown' };
}

/**
 * Why no session is tracked, from what the stores and the link say (any store: none names the
 * session). Expiry first: an ended session (`stopSession`, 15 min idle) also has a `rum-not-tracked`
 * link, while a sampled-out store never says `isExpired`.
 */
function noSessionReason(link: Scalar, stores: readonly SessionStore[]): NoSessionReason {
  if (stores.some((store) => store.isExpired)) return 'expired';
  if (replayErrorType(link) === NOT_TRACKED_ERROR_TYPE || stores.some((store) => store.legacyRum === '0')) {
    return 'sampled-out';
  }
  return 'unknown';
}

/** The level the SDK records with: the page's option when this SDK knows it, else its default. */
function privacyOf(config: InitConfiguration, version: SdkVersion | null, overrides: number | null): Privacy {
  const requested = PrivacyLevelSchema.safeParse(config.defaultPrivacyLevel);
  const counted = overrides ?? 0;
  if (requested.success && knowsPrivacyLevel(version, requested.data)) {
    return { level: requested.data, source: 'page', overrides: counted };
  }
  return { level: defaultPrivacyLevel(version), source: 'sdk-default', overrides: counted };
}

function knownSite(site: InitConfiguration['site']): string | null {
  const parsed = SiteIdSchema.safeParse(site);
  return parsed.success ? parsed.data : null;
}

/** The SDK's `version` as the popup shows it: only a version's characters, bounded. */
function sdkVersion(version: Scalar | undefined): string | null {
  return typeof version === 'string' && VERSION_TEXT.test(version) ? version : null;
}

function returnedLink(rum: ParsedRum): Scalar {
  return rum.replayLink.state === 'returned' ? rum.replayLink.value : null;
}

/** The async snippet's stub: a callback queue, and none of the SDK's getters nor its `version`. */
function isAsyncStub(rum: ParsedRum): boolean {
  return (
    (rum.hasQueue || rum.hasOnReady) &&
    rum.internalContext.state === 'missing' &&
    rum.initConfiguration.state === 'missing' &&
    (rum.version === undefined || rum.version === null)
  );
}

/** What the SDK itself rules out, whatever the session: it is `rum-slim`, or older than heatmaps need. */
function unsupportedSdk(
  link: Scalar,
  versionText: string | null,
  version: SdkVersion | null,
): DatadogDetection | null {
  if (replayErrorType(link) === SLIM_ERROR_TYPE) {
    return { status: 'unsupported', reason: 'slim-package', sdkVersion: versionText };
  }
  if (heatmapSupport(version) === 'too-old') {
    return { status: 'unsupported', reason: 'sdk-too-old', sdkVersion: versionText };
  }
  return null;
}

interface ReadyParts {
  context: PageContext;
  replay: ReplayStatus;
  privacy: Privacy;
}

function buildReady(probe: ParsedProbe, rum: ParsedRum, page: PageInfo): ReadyParts {
  const config = readInitConfiguration(rum);
  const link = returnedLink(rum);
  const versionText = sdkVersion(rum.version);
  const version = parseSdkVersion(versionText);
  const unsupported = unsupportedSdk(link, versionText, version);
  if (unsupported !== null) throw new Stop(unsupported);
  const noSession = (reason: NoSessionReason): DatadogDetection => ({ status: 'no-session', reason });
  const whyNoSession = () =>
    noSession(noSessionReason(link, sessionStores(probe.store, config.sessionPersistence)));
  const internal = readInternalContext(rum, whyNoSession);
  if (internal.session_id === undefined || internal.session_id === null) throw new Stop(whyNoSession());
  const applicationId = requireUuid(internal.application_id, 'application_id');
  const sessionId = requireUuid(internal.session_id, 'session_id');
  const view = readView(internal.view);
  const store = selectSessionStore(probe.store, { persistence: config.sessionPersistence, sessionId });
  if (store?.isExpired) throw new Stop(noSession('expired'));

  const context: PageContext = {
    applicationId,
    sessionId,
    viewId: view.viewId,
    // Cleaned and cut (by code points) rather than refused: the person can still edit it before saving.
    viewName: shortenName(view.customName ?? groupViewPath(view.url), MAX_VIEW_NAME),
    viewNameIsCustom: view.customName !== null,
    url: view.url.slice(0, MAX_URL),
    sessionStart: store?.created ?? null,
    site: knownSite(config.site),
    sdkVersion: versionText,
    replayLink: replayLinkFor(link, { sessionId, viewId: view.viewId }),
    viewport: page.viewport,
    deviceGuess: page.deviceGuess,
    capturedAt: page.capturedAt,
  };
  return {
    context,
    replay: replayStatus(link, store, config, version),
    privacy: privacyOf(config, version, rum.privacyOverrides),
  };
}

function detect(probe: ParsedProbe, page: PageInfo): DatadogDetection {
  const rum = probe.rum;
  if (rum === null) return { status: 'absent' };
  if (rum.type === 'unreadable') return { status: 'invalid', problem: 'window.DD_RUM could not be read.' };
  if (rum.type !== 'object' && rum.type !== 'function') {
    const type = safeTypeName(rum.type);
    return { status: 'invalid', problem: `window.DD_RUM is ${withArticle(type)}, not the SDK object.` };
  }
  if (isAsyncStub(rum)) return { status: 'loading' };
  const ready = buildReady(probe, rum, page);
  const context = PageContextSchema.safeParse(ready.context);
  if (!context.success) {
    const path = context.error.issues[0]?.path.join('.') ?? '';
    return {
      status: 'invalid',
      problem: `The page context has an invalid ${path.slice(0, 100) || 'value'}.`,
    };
  }
  // Unknown is allowed here (the save explains it); a start the page made up is refused now.
  const { sessionStart, capturedAt } = context.data;
  const startProblem = sessionStart === null ? null : sessionStartProblem(sessionStart, capturedAt);
  if (startProblem !== null) return { status: 'invalid', problem: startProblem };
  return { status: 'ready', context: context.data, replay: ready.replay, privacy: ready.privacy };
}

/** The Datadog part of a probe answer, read against the page it came from. Never throws. */
export function parseDatadogDetection(raw: unknown, page: PageInfo): DatadogDetection {
  const probe = RawDatadogProbeSchema.safeParse(raw);
  if (!probe.success) {
    const path = probe.error.issues[0]?.path.join('.').slice(0, 100) ?? '';
    return {
      status: 'invalid',
      problem: `The page probe returned malformed data${path ? ` (at ${path})` : ''}.`,
    };
  }
  try {
    return detect(probe.data, page);
  } catch (error) {
    if (error instanceof Stop) return error.detection;
    return { status: 'invalid', problem: 'The page answer could not be interpreted.' };
  }
}
