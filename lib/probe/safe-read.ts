/**
 * Defensive reading of page-world objects, shared by the providers' page probes.
 *
 * These helpers run in the page's MAIN world, where the page owns every built-in: it may have
 * replaced `Array.isArray`, `String.prototype.slice`, `Function.prototype.call`, `Object.keys`,
 * `JSON`, or handed us Proxies (even revoked ones), getters that throw, cycles and megabytes of
 * text. So every helper here:
 * - never throws (each page access is wrapped),
 * - returns bounded, JSON-safe data (strings clipped, lists counted),
 * - relies on syntax rather than on built-ins wherever it can (index loops instead of
 *   `slice`/`push`/iterators, `typeof` and comparisons instead of `Number.isFinite`),
 * - builds every object it reads back or assigns into as `{__proto__: null, ...}`: a property
 *   missing from an ordinary object is looked up on `Object.prototype`, and an assignment to it
 *   runs any setter the page defined there (`Array.prototype` likewise for `list[i] = v`, which is
 *   why lists are `List`s, not arrays). A result inheriting `Object.prototype` would even be a
 *   thenable if the page defines `Object.prototype.then`, letting it stall or swap the answer.
 *
 * This module must import nothing: it is bundled into the tiny script injected into pages.
 */

/** Default bound of a copied string: long enough for URLs and ids, short enough to stay cheap. */
export const MAX_TEXT = 5000;

/** A copied leaf: a bounded primitive, or a marker saying what the page gave instead. */
export type SafeScalar = string | number | boolean | null | { unsupported: string };

/** The outcome of calling one page method: absent, it threw, or what it returned (already copied). */
export type SafeCall<T> =
  | { state: 'missing' }
  | { state: 'threw'; error: string }
  | { state: 'returned'; value: T };

/** One property read: the value, or `ok: false` when the read itself threw (getter, revoked Proxy). */
export type SafeField = { ok: true; value: unknown } | { ok: false };

/** A list as the probe builds it: a prototype-less object with indices and `length` (see `append`). */
export type List<T> = { length: number; [index: number]: T };

export function list<T>(): List<T> {
  return { __proto__: null, length: 0 } as List<T>;
}

/** Adds `value` at the end; own properties of a prototype-less object reach no page setter. */
export function append<T>(target: List<T>, value: T): void {
  target[target.length] = value;
  target.length = target.length + 1;
}

/** Runs `get`, returning `fallback` if it throws: the wrapper around every page access. */
export function attempt<T>(fallback: T, get: () => T): T {
  try {
    return get();
  } catch {
    return fallback;
  }
}

/** Reads `target[key]` without letting a throwing getter or a revoked Proxy escape. */
export function read(target: unknown, key: string): SafeField {
  try {
    return { __proto__: null, ok: true, value: (target as Record<string, unknown>)[key] } as SafeField;
  } catch {
    return { __proto__: null, ok: false } as SafeField;
  }
}

/** `target[key]` when readable, else undefined: for reads whose failure means "not there". */
export function readValue(target: unknown, key: string): unknown {
  const field = read(target, key);
  return field.ok ? field.value : undefined;
}

/**
 * The first `max` characters of a primitive string, copied by index: a primitive's length and
 * indices cannot be redefined by the page, unlike `String.prototype.slice`.
 */
export function clip(text: string, max: number = MAX_TEXT): string {
  if (text.length <= max) return text;
  let out = '';
  for (let index = 0; index < max; index++) out += text[index];
  return out;
}

/** True for a finite number, without `Number.isFinite` (which the page may replace). */
export function isFiniteNumber(value: unknown): value is number {
  // NaN and ±Infinity minus themselves are NaN, which equals nothing.
  return typeof value === 'number' && value - value === 0;
}

/** Objects and functions: the values whose properties can be read. */
export function isObjectLike(value: unknown): value is object {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}

/**
 * Whether an object is an array: `Array.isArray` first (the page may have replaced it, so only a
 * boolean answer counts), `instanceof` as the fallback; `unreadable` when both throw (a revoked Proxy).
 */
function arrayCheck(value: object): boolean | 'unreadable' {
  const answer = attempt<unknown>(undefined, () => Array.isArray(value));
  if (typeof answer === 'boolean') return answer;
  // biome-ignore lint/suspicious/useIsArray: the fallback for when the page replaced Array.isArray.
  return attempt<boolean | 'unreadable'>('unreadable', () => value instanceof Array);
}

/** Whether `value` is an array, answered without trusting `Array.isArray` alone. */
export function isArray(value: unknown): boolean {
  return typeof value === 'object' && value !== null && arrayCheck(value) === true;
}

/** An object that is neither an array nor a function: where named fields are expected. */
export function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !isArray(value);
}

/** What the page gave instead of a primitive (`object`, `function`, `error` for a throwing read). */
export function marker(unsupported: string): SafeScalar {
  return { __proto__: null, unsupported } as SafeScalar;
}

/** A primitive copied as is (strings clipped, non-finite numbers as null), else a marker. */
export function scalar(value: unknown, max: number = MAX_TEXT): SafeScalar {
  if (value === null) return null;
  if (typeof value === 'string') return clip(value, max);
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return isFiniteNumber(value) ? value : null;
  if (typeof value !== 'object') return marker(typeof value);
  const array = arrayCheck(value);
  return marker(array === 'unreadable' ? 'error' : array ? 'array' : 'object');
}

/** The scalar at `target[key]`; undefined when absent, an `error` marker when the read threw. */
export function readScalar(target: unknown, key: string, max: number = MAX_TEXT): SafeScalar | undefined {
  const field = read(target, key);
  if (!field.ok) return marker('error');
  return field.value === undefined ? undefined : scalar(field.value, max);
}

/** Copies the listed keys as scalars; absent keys are left out, a throwing getter is marked. */
export function pickScalars(
  source: unknown,
  keys: readonly string[],
  max: number = MAX_TEXT,
): Record<string, SafeScalar> {
  const out = { __proto__: null } as unknown as Record<string, SafeScalar>;
  for (let index = 0; index < keys.length; index++) {
    const key = keys[index] as string;
    const value = readScalar(source, key, max);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/** A thrown value in a few words (`Name: message`, bounded), never calling the page's toString. */
export function describeError(error: unknown, max = 300): string {
  if (typeof error === 'string') return clip(error, max);
  if (!isObjectLike(error)) return typeof error;
  const name = readValue(error, 'name');
  const message = readValue(error, 'message');
  // Each part is clipped before joining: a joined megabyte string is flattened when indexed.
  const parts =
    (typeof name === 'string' ? clip(name, max) : '') +
    (typeof message === 'string' ? `: ${clip(message, max)}` : '');
  return parts.length > 0 ? clip(parts, max) : 'unreadable error';
}

export function missing(): { state: 'missing' } {
  return { __proto__: null, state: 'missing' } as { state: 'missing' };
}

/**
 * Calls `target[name]()` and copies its result with `pick`. The call is written as a method call
 * (syntax) rather than through `Function.prototype.call`, which the page may have replaced.
 */
export function call<T>(target: unknown, name: string, pick: (value: unknown) => T): SafeCall<T> {
  const method = read(target, name);
  if (!method.ok || typeof method.value !== 'function') return missing();
  try {
    const result = (target as Record<string, () => unknown>)[name]?.();
    return { __proto__: null, state: 'returned', value: pick(result) } as SafeCall<T>;
  } catch (error) {
    return { __proto__: null, state: 'threw', error: describeError(error) } as SafeCall<T>;
  }
}

/**
 * Up to `max` own-or-inherited enumerable string keys of `target` (each clipped), through
 * `for…in`, which is syntax: `Object.keys` may have been replaced. Keys are only returned, not read.
 */
export function enumerableKeys(target: unknown, max: number, maxKeyLength = 200): List<string> {
  const keys = list<string>();
  if (!isObjectLike(target)) return keys;
  try {
    for (const key in target) {
      if (keys.length >= max) break;
      append(keys, clip(key, maxKeyLength));
    }
  } catch {
    // A Proxy's ownKeys trap, or a getter on the way, threw: keep what was collected.
  }
  return keys;
}

/** A string produced by `get` (clipped), or null when it is something else or throws. */
export function readText(get: () => unknown, max: number = MAX_TEXT): string | null {
  return attempt(null, () => {
    const value = get();
    return typeof value === 'string' ? clip(value, max) : null;
  });
}

/** A finite number produced by `get`, or null when it is something else or throws. */
export function readNumber(get: () => unknown): number | null {
  return attempt(null, () => {
    const value = get();
    return isFiniteNumber(value) ? value : null;
  });
}
