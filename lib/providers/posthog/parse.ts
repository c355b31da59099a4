import { z } from 'zod/mini';
import {
  callSchema,
  describeValue,
  INVALID_MARKER,
  isMarker,
  listSchema,
  type Scalar,
  ScalarSchema,
  ScalarStrictSchema,
  safeTypeName,
  withArticle,
} from '@/lib/probe/raw-schemas';
import {
  DistinctIdSchema,
  INSTANCE_NAME_PATTERN,
  MAX_POSTHOG_INSTANCES,
  type PosthogDetection,
  PosthogDetectionSchema,
  type PosthogInstance,
  type PosthogRecording,
  PROJECT_TOKEN_PATTERN,
} from '@/lib/providers/posthog/context';
import { toHttpOrigin } from '@/lib/providers/posthog/hosts';
import { UUID_PATTERN } from '@/lib/shared/uuid';

/**
 * Turns what `probePosthog` copied from the page into a `PosthogDetection`. Any page can define
 * `window.posthog`, or replace the probe's helpers, so the copy is validated again here: leaves
 * that are not what the probe produces become markers, and problems are sentences that name the
 * field without ever quoting page text.
 */

const RawConfigSchema = z.object({
  token: z.optional(ScalarSchema),
  api_host: z.optional(ScalarSchema),
  ui_host: z.optional(ScalarSchema),
});

const RawInstanceSchema = z.object({
  /** The property the instance is reachable under: `posthog` (the global) or its `init` name. */
  name: z.string().check(z.maxLength(200)),
  /** `__loaded`: true once `init` ran. */
  loaded: ScalarSchema,
  config: z.catch(z.union([ScalarStrictSchema, RawConfigSchema]), INVALID_MARKER),
  sessionId: callSchema(ScalarSchema),
  distinctId: callSchema(ScalarSchema),
  recordingStarted: callSchema(ScalarSchema),
  /** `sessionRecording.status`; absent when the instance has no `sessionRecording`. */
  recordingStatus: z.optional(ScalarSchema),
});

const RawPosthogSchema = z.object({
  /** `typeof window.posthog`, or `unreadable` when reading it threw. */
  type: z.string().check(z.maxLength(50)),
  /** The snippet's stub is an array with an `_i` init queue and `__SV`. */
  isArray: z.catch(z.boolean(), false),
  hasInitQueue: z.catch(z.boolean(), false),
  /** The default instance first, then named ones; each unreadable entry becomes null. */
  instances: listSchema(
    z.array(z.catch(z.nullable(RawInstanceSchema), null)).check(z.maxLength(MAX_POSTHOG_INSTANCES)),
  ),
});

/** The shape `probePosthog` returns; its TypeScript type is derived from here (see probe.ts). */
export const RawPosthogProbeSchema = z.object({
  /** null when the page has no `window.posthog` at all. */
  posthog: z.nullable(RawPosthogSchema),
});
export type RawPosthogProbe = z.input<typeof RawPosthogProbeSchema>;
type RawInstance = z.infer<typeof RawInstanceSchema>;
/** One instance as `probePosthog` copies it. */
export type RawPosthogInstance = z.input<typeof RawInstanceSchema>;

/** `the default PostHog instance` or `named PostHog instance 2`: instance names are page text. */
function instanceLabel(instance: RawInstance, position: number): string {
  return instance.name === 'posthog' ? 'the default PostHog instance' : `named PostHog instance ${position}`;
}

type InstanceResult = { ok: true; instance: PosthogInstance } | { ok: false; problem: string };

function returned(call: RawInstance['sessionId']): Scalar {
  return call.state === 'returned' ? call.value : null;
}

function sessionIdOf(instance: RawInstance): string | null {
  const value = returned(instance.sessionId);
  // posthog-js answers '' before its session manager exists.
  return typeof value === 'string' && UUID_PATTERN.test(value) ? value.toLowerCase() : null;
}

function distinctIdOf(instance: RawInstance): string | null {
  const parsed = DistinctIdSchema.safeParse(returned(instance.distinctId));
  return parsed.success ? parsed.data : null;
}

/** posthog-js `SessionRecordingStatus` values that mean this session is not being recorded. */
const NOT_RECORDED_STATUSES = new Set(['disabled', 'missing_config', 'rrweb_error']);

/**
 * `sessionRecordingStarted()` true means recording. Otherwise the status decides: `disabled` and
 * errors mean not recorded; `buffering`, `lazy_loading`, `awaiting_config`, `sampled` and friends
 * mean posthog-js has not decided yet.
 */
function recordingOf(instance: RawInstance): PosthogRecording {
  if (returned(instance.recordingStarted) === true) return 'recording';
  const status = instance.recordingStatus;
  if (typeof status === 'string' && NOT_RECORDED_STATUSES.has(status)) return 'not-recorded';
  return 'unknown';
}

function readInstance(instance: RawInstance, position: number, pageUrl: string): InstanceResult {
  const label = instanceLabel(instance, position);
  if (!INSTANCE_NAME_PATTERN.test(instance.name)) {
    return { ok: false, problem: `${label} is reachable under a name that is not a plain identifier.` };
  }
  const config = instance.config;
  if (typeof config !== 'object' || config === null || isMarker(config)) {
    return { ok: false, problem: `${label} has a config that is ${describeValue(config)}, not an object.` };
  }
  const token = config.token;
  if (typeof token !== 'string' || !PROJECT_TOKEN_PATTERN.test(token)) {
    const found = typeof token === 'string' ? 'not a phc_ project token' : describeValue(token);
    return { ok: false, problem: `${label} has a config.token that is ${found}.` };
  }
  const apiHost = typeof config.api_host === 'string' ? toHttpOrigin(config.api_host, pageUrl) : null;
  if (apiHost === null) {
    const found =
      typeof config.api_host === 'string' ? 'not an http(s) address' : describeValue(config.api_host);
    return { ok: false, problem: `${label} has a config.api_host that is ${found}.` };
  }
  // posthog-js builds links from ui_host as is: only an absolute address is one.
  const uiHost = typeof config.ui_host === 'string' ? toHttpOrigin(config.ui_host) : null;
  return {
    ok: true,
    instance: {
      name: instance.name,
      token,
      apiHost,
      uiHost,
      sessionId: sessionIdOf(instance),
      distinctId: distinctIdOf(instance),
      recording: recordingOf(instance),
    },
  };
}

function invalid(problem: string): PosthogDetection {
  return { status: 'invalid', problem };
}

/**
 * Instances that fail validation are left out when another one is fine (a page may carry a
 * stray named instance); when none is fine, the first problem is the answer.
 */
function detect(probe: z.infer<typeof RawPosthogProbeSchema>, pageUrl: string): PosthogDetection {
  const posthog = probe.posthog;
  if (posthog === null) return { status: 'absent' };
  if (posthog.type === 'unreadable') return invalid('window.posthog could not be read.');
  if (posthog.type !== 'object' && posthog.type !== 'function') {
    return invalid(`window.posthog is ${withArticle(safeTypeName(posthog.type))}, not the PostHog SDK.`);
  }
  const instances = posthog.instances.filter((instance): instance is RawInstance => instance !== null);
  const loaded = instances.filter((instance) => instance.loaded === true);
  if (loaded.length === 0) {
    const pending = posthog.isArray || posthog.hasInitQueue || instances.some((i) => i.loaded === false);
    return pending
      ? { status: 'not-loaded' }
      : invalid('window.posthog is not the PostHog SDK: it has no __loaded flag.');
  }
  const results = loaded.map((instance, index) => readInstance(instance, index + 1, pageUrl));
  const ready: PosthogInstance[] = [];
  for (const result of results) {
    if (result.ok && !ready.some((seen) => seen.name === result.instance.name)) ready.push(result.instance);
  }
  const firstProblem = results.find((result) => !result.ok);
  if (ready.length === 0) return invalid(firstProblem && !firstProblem.ok ? firstProblem.problem : '');
  const checked = PosthogDetectionSchema.safeParse({ status: 'ready', instances: ready });
  return checked.success ? checked.data : invalid('The PostHog instances on this page could not be checked.');
}

/** Validates what the page probe returned; never throws, whatever `raw` is. */
/** `pageUrl` (the page probe's, already checked) resolves a relative `api_host` such as `/ingest`. */
export function parsePosthogDetection(raw: unknown, pageUrl: string): PosthogDetection {
  const probe = RawPosthogProbeSchema.safeParse(raw);
  if (!probe.success) {
    const path = probe.error.issues[0]?.path.join('.').slice(0, 100) ?? '';
    return invalid(`The page probe returned malformed data${path ? ` (at ${path})` : ''}.`);
  }
  try {
    return detect(probe.data, pageUrl);
  } catch {
    return invalid('The page answer could not be interpreted.');
  }
}
