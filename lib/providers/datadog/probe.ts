/**
 * The Datadog part of the page probe, bundled into the probe content script
 * (`entrypoints/probe.content.ts`) and run in the page's MAIN world, where `DD_RUM` lives.
 *
 * The page owns `window.DD_RUM` and may have replaced it with anything (a stub, a Proxy, getters
 * that throw, functions returning cycles or megabytes of text). The probe therefore only copies
 * the keys the extension uses, as bounded primitives, through `lib/probe/safe-read.ts`;
 * interpreting it is the job of `parseDatadogDetection`, which trusts nothing in this shape.
 * Its return type derives from the parser's schema (a type-only import: no zod in the page).
 */
import {
  attempt,
  call,
  clip,
  isArray,
  isObjectLike,
  isPlainObject,
  pickScalars,
  read,
  type SafeScalar,
  scalar,
} from '@/lib/probe/safe-read';
import type { RawDatadogProbe } from './parse';

type RawRum = NonNullable<RawDatadogProbe['rum']>;

/** Several cookies of one name can exist (one per cookie domain); a few are enough. */
const MAX_COOKIES = 5;
const VIEW_KEYS = ['id', 'url', 'name'] as const;
/** Only these init options are read: the site, whether replay is sampled, where the session is stored. */
const CONFIG_KEYS = ['site', 'sessionReplaySampleRate', 'sessionPersistence'] as const;

function pickInternalContext(value: unknown): SafeScalar | Record<string, unknown> {
  if (!isPlainObject(value)) return value === undefined ? null : scalar(value);
  const out: Record<string, unknown> = pickScalars(value, ['application_id', 'session_id']);
  const view = read(value, 'view');
  if (!view.ok) out.view = { unsupported: 'error' };
  else if (isPlainObject(view.value)) out.view = pickScalars(view.value, VIEW_KEYS);
  else if (view.value !== undefined) out.view = scalar(view.value);
  return out;
}

function pickInitConfiguration(
  value: unknown,
): SafeScalar | Record<string, string | number | boolean | null> {
  if (!isPlainObject(value)) return value === undefined ? null : scalar(value);
  const copied = pickScalars(value, CONFIG_KEYS);
  // `sessionPersistence` may be a list tried in order; the first entry is the one normally used.
  const persistence = read(value, 'sessionPersistence');
  if (persistence.ok && isArray(persistence.value)) {
    const first = read(persistence.value, '0');
    copied.sessionPersistence = first.ok ? scalar(first.value) : { unsupported: 'error' };
  }
  const out: Record<string, string | number | boolean | null> = {};
  for (let index = 0; index < CONFIG_KEYS.length; index++) {
    const key = CONFIG_KEYS[index] as (typeof CONFIG_KEYS)[number];
    const field = copied[key];
    // Markers stand for objects, functions or throwing getters: never copied from the config.
    if (field !== undefined && (field === null || typeof field !== 'object')) out[key] = field;
  }
  return out;
}

function unreadableRum(): RawRum {
  return {
    type: 'unreadable',
    internalContext: { state: 'missing' },
    initConfiguration: { state: 'missing' },
    replayLink: { state: 'missing' },
    version: null,
  };
}

function probeRum(win: Window): RawRum | null {
  const field = read(win, 'DD_RUM');
  if (!field.ok) return unreadableRum();
  const rum = field.value;
  if (rum === undefined || rum === null) return null;
  const version = read(rum, 'version');
  const readable = isObjectLike(rum);
  return {
    type: typeof rum,
    internalContext: readable ? call(rum, 'getInternalContext', pickInternalContext) : { state: 'missing' },
    initConfiguration: readable
      ? call(rum, 'getInitConfiguration', pickInitConfiguration)
      : { state: 'missing' },
    replayLink: readable ? call(rum, 'getSessionReplayLink', scalar) : { state: 'missing' },
    version: version.ok && version.value !== undefined ? scalar(version.value) : null,
  };
}

/** Values of the cookie `name`, by index over the cookie string (no `split`: the page may replace it). */
function cookieValues(win: Window, name: string): string[] {
  return attempt([] as string[], () => {
    const cookie = win.document.cookie;
    if (typeof cookie !== 'string') return [];
    const values: string[] = [];
    let start = 0;
    while (start <= cookie.length && values.length < MAX_COOKIES) {
      let end = cookie.indexOf(';', start);
      // A replaced indexOf must not make this loop run forever: `start` always moves forward.
      if (typeof end !== 'number' || end < start || end > cookie.length) end = cookie.length;
      const part = cookie.substring(start, end).trim();
      const separator = part.indexOf('=');
      if (separator >= 0 && part.substring(0, separator).trim() === name) {
        values[values.length] = clip(part.substring(separator + 1).trim());
      }
      start = end + 1;
    }
    return values;
  });
}

function storageValue(win: Window, key: string): string | null {
  return attempt(null, () => {
    const value = win.localStorage.getItem(key);
    return typeof value === 'string' ? clip(value) : null;
  });
}

export function probeDatadog(win: Window): RawDatadogProbe {
  return {
    rum: attempt(unreadableRum(), () => probeRum(win)),
    store: {
      cookieV2: cookieValues(win, '_dd_s_v2'),
      cookieLegacy: cookieValues(win, '_dd_s'),
      localStorageV2: storageValue(win, '_dd_s_v2'),
      localStorageLegacy: storageValue(win, '_dd_s'),
    },
  };
}
