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
  append,
  attempt,
  call,
  clip,
  isArray,
  isObjectLike,
  isPlainObject,
  type List,
  list,
  MAX_TEXT,
  marker,
  missing,
  pickScalars,
  read,
  readNumber,
  readValue,
  type SafeScalar,
  scalar,
} from '@/lib/probe/safe-read';
import type { RawDatadogProbe } from './parse';

type RawRum = NonNullable<RawDatadogProbe['rum']>;

/** Several cookies of one name can exist (one per cookie domain); a few are enough. */
const MAX_COOKIES = 5;
/** Longer than any cookie string a browser keeps (~180 cookies of 4 kB): not scanned further. */
const MAX_COOKIE_SCAN = 1 << 20;
/** The global the Datadog RUM SDK (npm bundle, CDN or async stub) puts on the page. */
export const DATADOG_GLOBAL = 'DD_RUM';
const VIEW_KEYS = ['id', 'url', 'name'] as const;
/**
 * Only these init options are read: the site, whether replay is sampled, where the session is
 * stored, and the privacy level the replay is recorded with.
 */
const CONFIG_KEYS = ['site', 'sessionReplaySampleRate', 'sessionPersistence', 'defaultPrivacyLevel'] as const;
/**
 * Elements that set their own Session Replay privacy level (the SDK's attribute and classes). One
 * literal, not an array joined at injection: `Array.prototype.join` is the page's to replace.
 */
const PRIVACY_OVERRIDE_SELECTOR =
  '[data-dd-privacy],.dd-privacy-allow,.dd-privacy-mask,.dd-privacy-mask-user-input,.dd-privacy-mask-unless-allowlisted,.dd-privacy-hidden';
/** The popup says "N elements set their own privacy level": counts above this read as this. */
export const MAX_PRIVACY_OVERRIDES = 1000;

function pickInternalContext(value: unknown): SafeScalar | Record<string, unknown> {
  if (!isPlainObject(value)) return value === undefined ? null : scalar(value);
  const out: Record<string, unknown> = pickScalars(value, ['application_id', 'session_id']);
  const view = read(value, 'view');
  if (!view.ok) out.view = marker('error');
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
    copied.sessionPersistence = first.ok ? scalar(first.value) : marker('error');
  }
  const out = { __proto__: null } as unknown as Record<string, string | number | boolean | null>;
  for (let index = 0; index < CONFIG_KEYS.length; index++) {
    const key = CONFIG_KEYS[index] as (typeof CONFIG_KEYS)[number];
    const field = copied[key];
    // Markers stand for objects, functions or throwing getters: never copied from the config.
    if (field !== undefined && (field === null || typeof field !== 'object')) out[key] = field;
  }
  return out;
}

/**
 * How many elements override the privacy level, or null when the page's DOM answers nonsense:
 * `querySelectorAll` and `length` are the page's to replace, so only a whole, non-negative number counts.
 */
function countPrivacyOverrides(win: Window): number | null {
  const count = readNumber(() =>
    readValue(win.document.querySelectorAll(PRIVACY_OVERRIDE_SELECTOR), 'length'),
  );
  if (count === null || count < 0 || count % 1 !== 0) return null;
  // biome-ignore lint/complexity/useMathMinMax: Math.min is the page's to replace.
  return count > MAX_PRIVACY_OVERRIDES ? MAX_PRIVACY_OVERRIDES : count;
}

function unreadableRum(): RawRum {
  return {
    __proto__: null,
    type: 'unreadable',
    internalContext: missing(),
    initConfiguration: missing(),
    replayLink: missing(),
    version: null,
    hasQueue: false,
    hasOnReady: false,
    privacyOverrides: null,
  } as RawRum;
}

function probeRum(win: Window): RawRum | null {
  const field = read(win, DATADOG_GLOBAL);
  if (!field.ok) return unreadableRum();
  const rum = field.value;
  if (rum === undefined || rum === null) return null;
  const version = read(rum, 'version');
  const readable = isObjectLike(rum);
  return {
    __proto__: null,
    type: typeof rum,
    internalContext: readable ? call(rum, 'getInternalContext', pickInternalContext) : missing(),
    initConfiguration: readable ? call(rum, 'getInitConfiguration', pickInitConfiguration) : missing(),
    replayLink: readable ? call(rum, 'getSessionReplayLink', scalar) : missing(),
    version: version.ok && version.value !== undefined ? scalar(version.value) : null,
    // The async snippet's stub: a queue of `onReady` callbacks until the bundle replaces it.
    hasQueue: isArray(readValue(rum, 'q')),
    hasOnReady: typeof readValue(rum, 'onReady') === 'function',
    privacyOverrides: readable ? countPrivacyOverrides(win) : null,
  } as RawRum;
}

/**
 * Values of the cookie `name`, read character by character: a primitive string's length and
 * indices are its own, while `split`, `indexOf` or `trim` are the page's to replace.
 */
function cookieValues(win: Window, name: string): List<string> {
  const values = list<string>();
  const cookie = attempt<unknown>(null, () => win.document.cookie);
  if (typeof cookie !== 'string') return values;
  // biome-ignore lint/complexity/useMathMinMax: Math.min is the page's to replace.
  const end = cookie.length < MAX_COOKIE_SCAN ? cookie.length : MAX_COOKIE_SCAN;
  let at = 0;
  while (at < end && values.length < MAX_COOKIES) {
    while (at < end && cookie[at] === ' ') at++;
    let matched = 0;
    while (matched < name.length && at + matched < end && cookie[at + matched] === name[matched]) matched++;
    at += matched;
    if (matched === name.length) {
      while (at < end && cookie[at] === ' ') at++;
      if (cookie[at] === '=') {
        at++;
        while (at < end && cookie[at] === ' ') at++;
        // Spaces are kept only between other characters: the value is trimmed as it is copied.
        let value = '';
        let spaces = '';
        for (; at < end && cookie[at] !== ';' && value.length + spaces.length < MAX_TEXT; at++) {
          if (cookie[at] === ' ') spaces += ' ';
          else {
            value += spaces + cookie[at];
            spaces = '';
          }
        }
        append(values, value);
      }
    }
    while (at < end && cookie[at] !== ';') at++;
    at++;
  }
  return values;
}

function storageValue(win: Window, key: string): string | null {
  return attempt(null, () => {
    const value = win.localStorage.getItem(key);
    return typeof value === 'string' ? clip(value) : null;
  });
}

export function probeDatadog(win: Window): RawDatadogProbe {
  return {
    __proto__: null,
    rum: attempt(unreadableRum(), () => probeRum(win)),
    store: {
      __proto__: null,
      cookieV2: cookieValues(win, '_dd_s_v2'),
      cookieLegacy: cookieValues(win, '_dd_s'),
      localStorageV2: storageValue(win, '_dd_s_v2'),
      localStorageLegacy: storageValue(win, '_dd_s'),
    },
  } as RawDatadogProbe;
}
