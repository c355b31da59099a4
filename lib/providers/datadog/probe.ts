/**
 * The Datadog part of the page probe, bundled into the probe content script
 * (`entrypoints/probe.content.ts`) and run in the page's MAIN world, where `DD_RUM` lives.
 *
 * The page owns `window.DD_RUM` and may have replaced it with anything (a stub, a Proxy, getters
 * that throw, functions returning cycles or megabytes of text). The probe therefore only copies
 * the keys the extension uses, as bounded primitives, and returns plain JSON-safe data;
 * interpreting it is the job of `parseDatadogDetection`, which trusts nothing in this shape.
 * Its return type derives from the parser's schema (a type-only import: no zod in the page).
 */
import type { RawDatadogProbe } from './parse';

type RawScalar = string | number | boolean | null | { unsupported: string };
type RawCall<T> = { state: 'missing' } | { state: 'threw'; error: string } | { state: 'returned'; value: T };
type RawRum = NonNullable<RawDatadogProbe['rum']>;

export function probeDatadog(win: Window): RawDatadogProbe {
  const MAX_STRING = 5000;
  const MAX_COOKIES = 5;
  const VIEW_KEYS = ['id', 'url', 'name'] as const;
  const CONFIG_KEYS = ['site', 'sessionReplaySampleRate', 'sessionPersistence'] as const;

  function clip(text: string): string {
    return text.length > MAX_STRING ? text.slice(0, MAX_STRING) : text;
  }

  function describeError(error: unknown): string {
    try {
      if (error instanceof Error) return clip(`${error.name}: ${error.message}`).slice(0, 300);
      return typeof error === 'string' ? error.slice(0, 300) : typeof error;
    } catch {
      return 'unreadable error';
    }
  }

  function read(target: unknown, key: string): { ok: true; value: unknown } | { ok: false } {
    try {
      return { ok: true, value: (target as Record<string, unknown>)[key] };
    } catch {
      return { ok: false };
    }
  }

  /** A primitive copied as is (strings clipped, non-finite numbers as null), else a marker. */
  function scalar(value: unknown): RawScalar {
    if (value === null) return null;
    if (typeof value === 'string') return clip(value);
    if (typeof value === 'boolean') return value;
    if (typeof value === 'number') return Number.isFinite(value) ? value : null;
    try {
      if (Array.isArray(value)) return { unsupported: 'array' };
    } catch {
      // Array.isArray throws on a revoked Proxy.
      return { unsupported: 'error' };
    }
    return { unsupported: typeof value };
  }

  function isObjectLike(value: unknown): value is object {
    return (typeof value === 'object' && value !== null) || typeof value === 'function';
  }

  function isPlainObject(value: unknown): boolean {
    try {
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    } catch {
      return false;
    }
  }

  /** Copies the listed keys as scalars; a key whose getter throws becomes an `error` marker. */
  function pickScalars(source: unknown, keys: readonly string[]): Record<string, RawScalar> {
    const out: Record<string, RawScalar> = {};
    for (const key of keys) {
      const field = read(source, key);
      if (!field.ok) out[key] = { unsupported: 'error' };
      else if (field.value !== undefined) out[key] = scalar(field.value);
    }
    return out;
  }

  function pickInternalContext(value: unknown): RawScalar | Record<string, unknown> {
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
  ): RawScalar | Record<string, string | number | boolean | null> {
    if (!isPlainObject(value)) return value === undefined ? null : scalar(value);
    const copied = pickScalars(value, CONFIG_KEYS);
    // `sessionPersistence` may be a list tried in order; the first entry is the one normally used.
    const persistence = read(value, 'sessionPersistence');
    if (persistence.ok && attempt(false, () => Array.isArray(persistence.value))) {
      const first = read(persistence.value, '0');
      copied.sessionPersistence = first.ok ? scalar(first.value) : { unsupported: 'error' };
    }
    const out: Record<string, string | number | boolean | null> = {};
    for (const key of CONFIG_KEYS) {
      const field = copied[key];
      // Markers stand for objects, functions or throwing getters: never copied from the config.
      if (field !== undefined && (field === null || typeof field !== 'object')) out[key] = field;
    }
    return out;
  }

  function call<T>(target: unknown, name: string, pick: (value: unknown) => T): RawCall<T> {
    const method = read(target, name);
    if (!method.ok || typeof method.value !== 'function') return { state: 'missing' };
    try {
      return { state: 'returned', value: pick((method.value as () => unknown).call(target)) };
    } catch (error) {
      return { state: 'threw', error: describeError(error) };
    }
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

  function probeRum(): RawRum | null {
    const field = read(win, 'DD_RUM');
    if (!field.ok) return unreadableRum();
    const rum = field.value;
    if (rum === undefined || rum === null) return null;
    const version = read(rum, 'version');
    return {
      type: typeof rum,
      internalContext: isObjectLike(rum)
        ? call(rum, 'getInternalContext', pickInternalContext)
        : { state: 'missing' },
      initConfiguration: isObjectLike(rum)
        ? call(rum, 'getInitConfiguration', pickInitConfiguration)
        : { state: 'missing' },
      replayLink: isObjectLike(rum) ? call(rum, 'getSessionReplayLink', scalar) : { state: 'missing' },
      version: version.ok && version.value !== undefined ? scalar(version.value) : null,
    };
  }

  function attempt<T>(fallback: T, get: () => T): T {
    try {
      return get();
    } catch {
      return fallback;
    }
  }

  function cookieValues(name: string): string[] {
    return attempt([] as string[], () => {
      const cookie = win.document.cookie;
      if (typeof cookie !== 'string') return [];
      const values: string[] = [];
      for (const part of cookie.split(';')) {
        const separator = part.indexOf('=');
        if (separator < 0 || part.slice(0, separator).trim() !== name) continue;
        values.push(clip(part.slice(separator + 1).trim()));
        if (values.length >= MAX_COOKIES) break;
      }
      return values;
    });
  }

  function storageValue(key: string): string | null {
    return attempt(null, () => {
      const value = win.localStorage.getItem(key);
      return typeof value === 'string' ? clip(value) : null;
    });
  }

  return {
    rum: attempt(unreadableRum(), probeRum),
    store: {
      cookieV2: cookieValues('_dd_s_v2'),
      cookieLegacy: cookieValues('_dd_s'),
      localStorageV2: storageValue('_dd_s_v2'),
      localStorageLegacy: storageValue('_dd_s'),
    },
  };
}
