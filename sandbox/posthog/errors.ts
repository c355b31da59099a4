import type { z } from 'zod';

/**
 * PostHog's error body `{type, code, detail, attr}` (reference). The `type` values are those of
 * PostHog's exception handler (exceptions-hog); the reference names only the codes.
 * Handlers throw a PostHogError; the dispatcher turns it into a response.
 */

export interface ErrorBody {
  type: string;
  code: string;
  detail: string;
  attr: string | null;
}

export class PostHogError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(`${status} ${body.code}: ${body.detail}`);
  }
}

const error = (status: number, type: string, code: string, detail: string, attr: string | null = null) =>
  new PostHogError(status, { type, code, detail, attr });

export const authenticationFailed = (detail: string) =>
  error(401, 'authentication_error', 'authentication_failed', detail);

export const permissionDenied = (scope: string) =>
  error(403, 'authentication_error', 'permission_denied', `API key missing required scope '${scope}'`);

export const notFound = (detail = 'Not found.') => error(404, 'invalid_request', 'not_found', detail);

export const methodNotAllowed = (method: string) =>
  error(405, 'invalid_request', 'method_not_allowed', `Method "${method}" not allowed.`);

export const invalid = (attr: string, detail: string, code = 'invalid') =>
  error(400, 'validation_error', code, detail, attr);

/** A serializer-wide `ValidationError` (its `validate()`, or one raised in the view): no `attr`. */
export const invalidInput = (detail: string, code = 'invalid') =>
  error(400, 'validation_error', code, detail);

export const parseError = (detail: string) => error(400, 'invalid_request', 'parse_error', detail);

export const unsupportedMediaType = (contentType: string) =>
  error(
    415,
    'invalid_request',
    'unsupported_media_type',
    `Unsupported media type "${contentType}" in request.`,
  );

export const throttled = (retryAfterSeconds: number) =>
  new PostHogError(
    429,
    {
      type: 'throttled_error',
      code: 'throttled',
      detail: `Request was throttled. Expected available in ${retryAfterSeconds} seconds.`,
      attr: null,
    },
    { 'Retry-After': String(retryAfterSeconds) },
  );

export const serverError = (status: number) =>
  error(status, 'server_error', 'error', 'A server error occurred.');

/**
 * Parses with zod; the first issue becomes a 400 whose `attr` is the top-level field it concerns
 * (`widths` for a bad item of `widths`), like DRF names the serializer field.
 */
export function parseOr400<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw invalid('non_field_errors', 'Invalid input.');
  // DRF reports a body that is not an object under `non_field_errors`.
  const attr = issue.path.length > 0 ? String(issue.path[0]) : 'non_field_errors';
  throw invalid(attr, issueDetail(issue), issueCode(issue));
}

function issueCode(issue: z.core.$ZodIssue): string {
  if (issue.input === undefined && issue.code === 'invalid_type') return 'required';
  if (issue.input === null && issue.code === 'invalid_type') return 'null';
  if (issue.code === 'invalid_value') return 'invalid_choice';
  if (issue.code === 'too_big') return issue.origin === 'number' ? 'max_value' : 'max_length';
  if (issue.code === 'too_small') return issue.origin === 'number' ? 'min_value' : 'min_length';
  return 'invalid';
}

function issueDetail(issue: z.core.$ZodIssue): string {
  if (issue.input === undefined && issue.code === 'invalid_type') return 'This field is required.';
  if (issue.input === null && issue.code === 'invalid_type') return 'This field may not be null.';
  const where = issue.path.length > 1 ? ` (at ${issue.path.map(String).join('.')})` : '';
  return `${issue.message}${where}`;
}
