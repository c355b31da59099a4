import {
  append,
  attempt,
  call,
  enumerableKeys,
  isArray,
  isPlainObject,
  type List,
  list,
  marker,
  pickScalars,
  read,
  readScalar,
  type SafeScalar,
  scalar,
} from '@/lib/probe/safe-read';
import type { RawPosthogInstance, RawPosthogProbe } from '@/lib/providers/posthog/parse';

/**
 * The PostHog page probe: runs in the page's MAIN world and copies from `window.posthog` only
 * what the extension uses, as bounded plain data. The page owns `window.posthog` and may have
 * replaced it with anything; interpreting the copy is `parsePosthogDetection`'s job.
 *
 * Runtime imports: `lib/probe/safe-read.ts` only. The result type comes from the parser's zod
 * schema through `import type`, which the bundler erases, so zod never reaches the page.
 */

/** posthog-js allows any number of named instances; a real page has one or two. */
const MAX_INSTANCES = 5;
/** A loaded PostHog object has a few dozen own properties and a few hundred inherited methods. */
const MAX_KEYS_SCANNED = 500;
/** The global posthog-js (the snippet or `window.posthog = posthog`) puts on the page. */
export const POSTHOG_GLOBAL = 'posthog';
const CONFIG_KEYS = ['token', 'api_host', 'ui_host'] as const;
/** Tokens, hosts and ids are short: no reason to copy more of each. */
const MAX_FIELD = 1000;

type RawGlobal = NonNullable<RawPosthogProbe['posthog']>;
type RawInstance = RawPosthogInstance;

function bounded(value: unknown): SafeScalar {
  return scalar(value, MAX_FIELD);
}

function pickConfig(instance: unknown): RawInstance['config'] {
  const config = read(instance, 'config');
  if (!config.ok) return marker('error');
  if (!isPlainObject(config.value)) return config.value === undefined ? null : bounded(config.value);
  return pickScalars(config.value, CONFIG_KEYS, MAX_FIELD);
}

/** `sessionRecording.status` is a getter on posthog-js's SessionRecording class. */
function recordingStatus(instance: unknown): SafeScalar | undefined {
  const recording = read(instance, 'sessionRecording');
  if (!recording.ok) return marker('error');
  if (!isPlainObject(recording.value)) return undefined;
  return readScalar(recording.value, 'status', 100);
}

function copyInstance(name: string, instance: unknown): RawInstance {
  const status = recordingStatus(instance);
  const copy = {
    __proto__: null,
    name,
    loaded: readScalar(instance, '__loaded', 100) ?? null,
    config: pickConfig(instance),
    sessionId: call(instance, 'get_session_id', bounded),
    distinctId: call(instance, 'get_distinct_id', bounded),
    recordingStarted: call(instance, 'sessionRecordingStarted', bounded),
  } as RawInstance;
  if (status !== undefined) copy.recordingStatus = status;
  return copy;
}

/**
 * Named instances: `posthog.init(token, config, name)` stores the new instance on the default
 * one as `posthog[name]` (posthog-js `PostHog.prototype.init`); the module-private `instances`
 * registry is not reachable from the page, so the default instance's keys are scanned.
 */
function addNamedInstances(primary: unknown, found: List<RawInstance>): void {
  const keys = enumerableKeys(primary, MAX_KEYS_SCANNED);
  for (let index = 0; index < keys.length && found.length < MAX_INSTANCES; index++) {
    const key = keys[index] as string;
    if (key === POSTHOG_GLOBAL) continue;
    const field = read(primary, key);
    if (!field.ok || field.value === primary) continue;
    const loaded = read(field.value, '__loaded');
    const config = read(field.value, 'config');
    if (!isPlainObject(field.value) || !loaded.ok || typeof loaded.value !== 'boolean') continue;
    if (!config.ok || !isPlainObject(config.value)) continue;
    append(found, copyInstance(key, field.value));
  }
}

function probeGlobal(win: Window): RawPosthogProbe['posthog'] {
  const field = read(win, POSTHOG_GLOBAL);
  if (!field.ok) return unreadable();
  const posthog = field.value;
  if (posthog === undefined || posthog === null) return null;
  const stub = isArray(posthog);
  const queue = read(posthog, '_i');
  const instances = list<RawInstance>();
  const found = {
    __proto__: null,
    type: typeof posthog,
    isArray: stub,
    hasInitQueue: queue.ok && isArray(queue.value),
    instances,
  } as RawGlobal;
  // The snippet's stub queues calls until array.js replaces it: nothing to call on it.
  if (stub || typeof posthog !== 'object') return found;
  append(instances, copyInstance(POSTHOG_GLOBAL, posthog));
  addNamedInstances(posthog, instances);
  return found;
}

function unreadable(): RawGlobal {
  return {
    __proto__: null,
    type: 'unreadable',
    isArray: false,
    hasInitQueue: false,
    instances: list(),
  } as RawGlobal;
}

/** Reads `window.posthog` defensively; returns plain JSON-safe data and never throws. */
export function probePosthog(win: Window): RawPosthogProbe {
  return {
    __proto__: null,
    posthog: attempt<RawPosthogProbe['posthog']>(unreadable(), () => probeGlobal(win)),
  } as RawPosthogProbe;
}
