import { v1, v2 } from '@datadog/datadog-api-client';
import { z } from 'zod';

/**
 * THE check of Datadog API bodies against Datadog's own models: those of the official client
 * `@datadog/datadog-api-client` 1.64.0 (pinned dev dependency), generated from Datadog's OpenAPI spec
 * (DataDog/datadog-api-client-typescript, `.generator/schemas/v2/openapi.yaml`). Each model class
 * carries `attributeTypeMap`: per attribute its JSON name (`baseName`), type, `required` flag and
 * `format`. Nothing here restates a field: the sandbox and the unit tests read them from there.
 *
 * Why not the client's `ObjectSerializer.deserialize` alone (read in
 * `dist/packages/datadog-api-client-v2/models/ObjectSerializer.js`): it is lenient. It does refuse a
 * missing required attribute and a wrong primitive type, but
 * - an unknown enum value becomes an `UnparsedObject` (the model is only flagged `_unparsed`);
 * - `null` satisfies a required attribute (only `undefined` counts as missing);
 * - `format: int64` is not checked (1.5 passes as a number);
 * - a string or an array where a model is expected is not refused;
 * - unknown fields go to `additionalProperties`.
 * So `modelIssues` walks the `attributeTypeMap`s itself and refuses all of these; primitive and enum
 * values are judged by the client's own `ObjectSerializer.serialize`, which throws for a wrong
 * primitive type or an enum value the spec does not list. `deserialize` then builds the instance.
 *
 * Choice (Datadog's answer is unknown): a field the model does not name is refused. Every model here
 * allows `additionalProperties`, so Datadog may ignore such a field; refusing it means a misspelt
 * optional field in the extension (`sesion_id`) fails a test instead of vanishing at Datadog.
 */

interface AttributeSpec {
  baseName: string;
  type: string;
  required?: boolean;
  format?: string;
}
type AttributeTypeMap = Record<string, AttributeSpec>;
interface ModelClass {
  new (): object;
  getAttributeTypeMap(): AttributeTypeMap;
}
interface Serializer {
  serialize(data: unknown, type: string, format: string): unknown;
  deserialize(data: unknown, type: string, format?: string): unknown;
}

/** One API version's models: v2 for everything but `GET /api/v1/validate`. */
export type ApiVersion = 'v1' | 'v2';
const NAMESPACES: Record<ApiVersion, Record<string, unknown>> = { v1, v2 };

const ARRAY_PREFIX = 'Array<';
const MAP_PREFIX = '{ [key: string]: ';
const ADDITIONAL_PROPERTIES = 'additionalProperties';
/** The client's primitive type names, as its serializer compares them with `typeof`. */
const PRIMITIVE_WORDS: Record<string, string> = {
  string: 'a string',
  boolean: 'a boolean',
  number: 'a number',
};
const INTEGER_FORMATS = new Set(['int32', 'int64']);

function serializerOf(version: ApiVersion): Serializer {
  return NAMESPACES[version].ObjectSerializer as Serializer;
}

function modelClass(version: ApiVersion, type: string): ModelClass | null {
  const candidate = NAMESPACES[version][type];
  return typeof candidate === 'function' && 'getAttributeTypeMap' in candidate
    ? (candidate as ModelClass)
    : null;
}

export interface ModelIssue {
  /** JSON path of the offending value, e.g. `['data', 'attributes', 'start']`. */
  path: (string | number)[];
  kind: 'required' | 'mistyped' | 'unknown-field';
  /** Phrased to follow the path: "is required", "must be an integer", "must not be sent: …". */
  message: string;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every way `value` differs from the official model `type` (an empty list: it conforms). */
export function modelIssues(version: ApiVersion, value: unknown, type: string): ModelIssue[] {
  return issuesAt(version, value, type, '', []);
}

function issuesAt(
  version: ApiVersion,
  value: unknown,
  type: string,
  format: string,
  path: (string | number)[],
): ModelIssue[] {
  const mistyped = (what: string): ModelIssue[] => [{ path, kind: 'mistyped', message: `must be ${what}` }];
  if (type === 'any') return [];
  if (type.startsWith(ARRAY_PREFIX)) {
    const item = type.slice(ARRAY_PREFIX.length, -1);
    if (!Array.isArray(value)) return mistyped('an array');
    return value.flatMap((element, i) => issuesAt(version, element, item, format, [...path, i]));
  }
  if (type.startsWith(MAP_PREFIX)) {
    const item = type.slice(MAP_PREFIX.length, -3);
    if (!isPlainObject(value)) return mistyped('an object');
    return Object.entries(value).flatMap(([key, v]) => issuesAt(version, v, item, format, [...path, key]));
  }
  const model = modelClass(version, type);
  if (model) return modelObjectIssues(version, value, type, model.getAttributeTypeMap(), path);
  if (value === null) return mistyped(leafWords(type, format));
  if (type === 'Date') {
    const valid = typeof value === 'string' && Number.isFinite(Date.parse(value));
    return valid ? [] : mistyped('an RFC 3339 date-time string');
  }
  try {
    serializerOf(version).serialize(value, type, format);
  } catch {
    return mistyped(leafWords(type, format));
  }
  if (INTEGER_FORMATS.has(format) && !Number.isSafeInteger(value)) return mistyped('an integer');
  return [];
}

function leafWords(type: string, format: string): string {
  if (INTEGER_FORMATS.has(format)) return 'an integer';
  return PRIMITIVE_WORDS[type] ?? `one of the values of ${type} in Datadog's API spec`;
}

function modelObjectIssues(
  version: ApiVersion,
  value: unknown,
  type: string,
  map: AttributeTypeMap,
  path: (string | number)[],
): ModelIssue[] {
  if (!isPlainObject(value)) return [{ path, kind: 'mistyped', message: 'must be an object' }];
  const attributes = Object.entries(map).filter(([name]) => name !== ADDITIONAL_PROPERTIES);
  const known = new Set(attributes.map(([, spec]) => spec.baseName));
  const issues: ModelIssue[] = Object.keys(value)
    .filter((key) => !known.has(key))
    .map((key) => ({
      path: [...path, key],
      kind: 'unknown-field',
      message: `must not be sent: ${type} in Datadog's API spec has no such field`,
    }));
  for (const [, spec] of attributes) {
    const field = value[spec.baseName];
    if (field === undefined) {
      if (spec.required)
        issues.push({ path: [...path, spec.baseName], kind: 'required', message: 'is required' });
      continue;
    }
    issues.push(...issuesAt(version, field, spec.type, spec.format ?? '', [...path, spec.baseName]));
  }
  return issues;
}

/**
 * A zod schema for request bodies and stored JSON: `modelIssues` as zod issues (so sandbox/validation.ts
 * words them, `data.attributes.start is required`), then the client's `deserialize` into a model instance.
 */
export function officialModel<T>(version: ApiVersion, type: string): z.ZodType<T> {
  return z
    .unknown()
    .superRefine((value, ctx) => {
      for (const issue of modelIssues(version, value, type)) {
        if (issue.kind === 'required') {
          // sandbox/validation.ts says "is required" for a type issue whose input is missing.
          ctx.addIssue({ code: 'invalid_type', expected: 'nonoptional', input: undefined, path: issue.path });
        } else {
          ctx.addIssue({ code: 'custom', message: issue.message, input: value, path: issue.path });
        }
      }
    })
    .transform((value) => serializerOf(version).deserialize(value, type, '') as T);
}

/** A model instance as Datadog sends it: the client's own `serialize` (JSON names, dates as RFC 3339). */
export function modelJson(version: ApiVersion, instance: object, type: string): unknown {
  return serializerOf(version).serialize(instance, type, '');
}

/** An instance of the official model `type` with `fields` (the client's camelCase names). */
export function newModel<T extends object>(Model: new () => T, fields: Partial<T>): T {
  return Object.assign(new Model(), fields);
}

/**
 * A date the client serializes back exactly as given: its `deserialize` keeps the RFC 3339 text
 * (`DDate.originalDate`), where `serialize` of a plain `Date` would drop the milliseconds.
 */
export function modelDate(at: Date): Date {
  return serializerOf('v2').deserialize(at.toISOString(), 'Date') as Date;
}

/** Datadog's documented error body, `APIErrorResponse` (`{"errors": ["..."]}`), built through the model. */
export function errorBody(messages: readonly string[]): unknown {
  return modelJson('v2', newModel(v2.APIErrorResponse, { errors: [...messages] }), 'APIErrorResponse');
}

export { v1, v2 };
