/**
 * The page probe: what `chrome.scripting.executeScript({func: probePage, world: 'MAIN'})` runs.
 *
 * The browser serialises `probePage` with `toString()` and evaluates it in the page, so the
 * function must be self-contained: no imports, no module-level helpers or constants, only
 * what is declared inside its body. Types are erased, so the type declarations below are fine.
 *
 * The page owns `window.DD_RUM` and may have replaced it with anything (a stub, a Proxy, getters
 * that throw, functions returning cycles or megabytes of text). The probe therefore only copies
 * known keys as bounded primitives and returns plain JSON-safe data; interpreting it is the job
 * of `parseDetection`, which runs in the extension and trusts nothing in this shape.
 */

/** A copied leaf: a bounded primitive, or a marker saying what the page gave instead. */
export type RawScalar = string | number | boolean | null | { unsupported: string };

/** The outcome of calling one `DD_RUM` method. */
export type RawCall<T> =
  | { state: 'missing' }
  | { state: 'threw'; error: string }
  | { state: 'returned'; value: T };

export interface RawView {
  id?: RawScalar;
  url?: RawScalar;
  referrer?: RawScalar;
  name?: RawScalar;
}

export interface RawInternalContext {
  application_id?: RawScalar;
  session_id?: RawScalar;
  view?: RawScalar | RawView;
}

/** Only these init options are copied, and only when they are primitives. */
export interface RawInitConfiguration {
  site?: string | number | boolean | null;
  applicationId?: string | number | boolean | null;
  sessionReplaySampleRate?: string | number | boolean | null;
  sessionSampleRate?: string | number | boolean | null;
  trackViewsManually?: string | number | boolean | null;
  sessionPersistence?: string | number | boolean | null;
  proxy?: string | number | boolean | null;
}

export interface RawRum {
  /** `typeof DD_RUM`, or `unreadable` when reading `window.DD_RUM` threw. */
  type: string;
  /** The async loader stub keeps queued calls in an array `q`. */
  hasQueue: boolean;
  internalContext: RawCall<RawScalar | RawInternalContext>;
  initConfiguration: RawCall<RawScalar | RawInitConfiguration>;
  replayLink: RawCall<RawScalar>;
  version: RawScalar;
}

/** Raw session-store strings; several cookies of one name can exist (one per cookie domain). */
export interface RawSessionStore {
  cookieV2: string[];
  cookieLegacy: string[];
  localStorageV2: string | null;
  localStorageLegacy: string | null;
}

export interface RawProbe {
  probeVersion: 1;
  /** null when the page has no `DD_RUM` at all. */
  rum: RawRum | null;
  store: RawSessionStore;
  href: string | null;
  userAgent: string | null;
  maxTouchPoints: number | null;
  coarsePointer: boolean | null;
  viewport: { width: number | null; height: number | null };
  screen: { width: number | null; height: number | null };
}

export function probePage(win: Window = window): RawProbe {
  // Everything below must stay inside this function: see the file comment.
  const MAX_STRING = 5000;
  const MAX_COOKIES = 5;
  const VIEW_KEYS = ['id', 'url', 'referrer', 'name'] as const;
  const CONFIG_KEYS = [
    'site',
    'applicationId',
    'sessionReplaySampleRate',
    'sessionSampleRate',
    'trackViewsManually',
    'sessionPersistence',
    'proxy',
  ] as const;

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

  function pickInternalContext(value: unknown): RawScalar | RawInternalContext {
    if (!isPlainObject(value)) return value === undefined ? null : scalar(value);
    const out: RawInternalContext = pickScalars(value, ['application_id', 'session_id']);
    const view = read(value, 'view');
    if (!view.ok) out.view = { unsupported: 'error' };
    else if (isPlainObject(view.value)) out.view = pickScalars(view.value, VIEW_KEYS);
    else if (view.value !== undefined) out.view = scalar(view.value);
    return out;
  }

  function pickInitConfiguration(value: unknown): RawScalar | RawInitConfiguration {
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
      hasQueue: false,
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
    const queue = read(rum, 'q');
    let hasQueue = false;
    try {
      hasQueue = queue.ok && Array.isArray(queue.value);
    } catch {
      hasQueue = false;
    }
    const version = read(rum, 'version');
    return {
      type: typeof rum,
      hasQueue,
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

  function text(get: () => unknown): string | null {
    return attempt(null, () => {
      const value = get();
      return typeof value === 'string' ? clip(value) : null;
    });
  }

  function count(get: () => unknown): number | null {
    return attempt(null, () => {
      const value = get();
      return typeof value === 'number' && Number.isFinite(value) ? value : null;
    });
  }

  return {
    probeVersion: 1,
    rum: attempt(unreadableRum(), probeRum),
    store: {
      cookieV2: cookieValues('_dd_s_v2'),
      cookieLegacy: cookieValues('_dd_s'),
      localStorageV2: storageValue('_dd_s_v2'),
      localStorageLegacy: storageValue('_dd_s'),
    },
    href: text(() => win.location.href),
    userAgent: text(() => win.navigator.userAgent),
    maxTouchPoints: count(() => win.navigator.maxTouchPoints),
    coarsePointer: attempt(null, () => {
      const matches = win.matchMedia('(pointer: coarse)').matches;
      return typeof matches === 'boolean' ? matches : null;
    }),
    viewport: { width: count(() => win.innerWidth), height: count(() => win.innerHeight) },
    screen: { width: count(() => win.screen.width), height: count(() => win.screen.height) },
  };
}
