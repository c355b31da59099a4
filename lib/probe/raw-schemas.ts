import { z } from 'zod/mini';

/**
 * The extension-side mirror of `safe-read.ts`: zod schemas for the leaves the page probes copy
 * (bounded primitives, `{unsupported}` markers, `{state}` call outcomes), and the words that
 * describe a bad leaf without quoting page text. Providers' parsers build on these.
 *
 * Never import this from a probe: it uses zod, which must not reach the page bundle.
 */

/** The longest string a probe copies (`MAX_TEXT` in safe-read.ts). */
export const MAX_PROBE_STRING = 5000;
/** What a leaf that is neither a primitive nor a marker becomes. */
export const INVALID_MARKER = { unsupported: 'invalid' } as const;

/** No list the probes copy is longer than this (they copy a handful of entries). */
const MAX_LIST = 100;

/**
 * A probe `List` (`{length, 0: …, 1: …}`, built without `Array.prototype`: see safe-read.ts) as
 * an array; anything else is left for the array schema to refuse.
 */
function fromList(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const length = (value as { length?: unknown }).length;
  if (typeof length !== 'number' || !Number.isInteger(length) || length < 0 || length > MAX_LIST)
    return value;
  return Array.from({ length }, (_, index) => (value as Record<string, unknown>)[String(index)]);
}

/** `array` read from a probe `List` (or an array). */
export function listSchema<T extends z.ZodMiniType>(array: T) {
  return z.pipe(z.transform(fromList), array);
}

/** A leaf exactly as `scalar()` produces it. */
export const ScalarStrictSchema = z.union([
  z.string().check(z.maxLength(MAX_PROBE_STRING)),
  z.number(),
  z.boolean(),
  z.null(),
  z.object({ unsupported: z.string().check(z.maxLength(50)) }),
]);
export type Scalar = z.infer<typeof ScalarStrictSchema>;
/** A leaf that is neither a bounded primitive nor a marker is itself marked, not fatal. */
export const ScalarSchema = z.catch(ScalarStrictSchema, INVALID_MARKER);

/** `call()`'s outcome with `value` as the copied result; a malformed outcome fails the parse. */
export function strictCallSchema<T extends z.ZodMiniType>(value: T) {
  return z.discriminatedUnion('state', [
    z.object({ state: z.literal('missing') }),
    z.object({
      state: z.literal('threw'),
      error: z.catch(z.string().check(z.maxLength(MAX_PROBE_STRING)), ''),
    }),
    z.object({ state: z.literal('returned'), value }),
  ]);
}

/** `call()`'s outcome with `value` as the copied result; anything else reads as "missing". */
export function callSchema<T extends z.ZodMiniType>(value: T) {
  return z.catch(strictCallSchema(value), { state: 'missing' } as const);
}

export function isMarker(value: unknown): value is { unsupported: string } {
  return typeof value === 'object' && value !== null && 'unsupported' in value;
}

/** `a string`, `an object`. */
export function withArticle(noun: string): string {
  return `${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun}`;
}

/** A page-given type name (`typeof` or a marker) reduced to letters, so it can be shown safely. */
export function safeTypeName(name: string): string {
  return name.replace(/[^a-z]/g, '').slice(0, 20) || 'unknown value';
}

/** What a field held instead of what was expected, in words that never quote page text. */
export function describeValue(value: unknown): string {
  if (value === undefined || value === null) return 'missing';
  if (!isMarker(value)) return typeof value === 'object' ? 'an object' : withArticle(typeof value);
  if (value.unsupported === 'error') return 'unreadable (its getter threw)';
  if (value.unsupported === 'invalid') return 'not a plain value';
  return withArticle(safeTypeName(value.unsupported));
}
