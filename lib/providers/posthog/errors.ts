import { BareErrorBodySchema, ErrorBodySchema } from '@/lib/providers/posthog/schemas';
import { type ApiErrorKind, hostOf, type SendOutcome } from '@/lib/shared/http';

/**
 * PostHog API failures as one tagged class. Code branches on `kind` (and `code`/`attr` from
 * PostHog's error body), never on message text; the message is a sentence for the person.
 */

/** The shared kinds, plus `scope`: PostHog tells a missing key scope (403) apart from a bad key (401). */
export type PosthogErrorKind = ApiErrorKind | 'scope';

/** A PostHog personal API key scope, named in 403 sentences so the person knows what to add. */
export type PosthogScope = 'heatmap:read' | 'heatmap:write' | 'project:read';

export interface PosthogErrorDetails {
  status?: number;
  /** PostHog's `type`, e.g. `validation_error`, `authentication_error`. */
  type?: string;
  /** PostHog's `code`, e.g. `permission_denied`, `not_found`, `required`. */
  code?: string;
  /** The refused field of a 400, e.g. `url`. */
  attr?: string;
  /** How long a 429 asked to wait, in ms. */
  retryAfterMs?: number;
}

export class PosthogApiError extends Error {
  override readonly name = 'PosthogApiError';
  constructor(
    readonly kind: PosthogErrorKind,
    message: string,
    readonly details: PosthogErrorDetails = {},
  ) {
    super(message);
  }
}

/** What the failed request was about, for the sentence. */
export interface RequestDescription {
  /** e.g. `saved heatmap`, `screenshot`. */
  what: string;
  scope: PosthogScope;
  url: string;
}

const MAX_DETAIL = 200;
/** `attr` is PostHog's field path: kept only in that alphabet, so it can be shown safely. */
const ATTR_PATTERN = /^[A-Za-z0-9_.[\]-]{1,100}$/;

function clip(text: string): string {
  const trimmed = text.trim();
  return trimmed.length > MAX_DETAIL ? `${trimmed.slice(0, MAX_DETAIL - 1)}…` : trimmed;
}

function seconds(ms: number): string {
  return `${Math.round(ms / 1000)} s`;
}

/**
 * What PostHog's error body says: DRF's `{type, code, detail, attr}`, or the bare `{"error": "…"}`
 * some actions answer 400 with (schemas.ts), whose text is then the detail.
 */
function bodyDetails(json: unknown): { type?: string; code?: string; attr?: string; detail?: string } {
  const bare = BareErrorBodySchema.safeParse(json);
  if (bare.success) return { detail: clip(bare.data.error) || undefined };
  const body = ErrorBodySchema.safeParse(json);
  if (!body.success) return {};
  const { type, code, attr, detail } = body.data;
  return {
    type: type ?? undefined,
    code: code ?? undefined,
    attr: attr && ATTR_PATTERN.test(attr) ? attr : undefined,
    detail: detail ? clip(detail) : undefined,
  };
}

function said(detail: string | undefined): string {
  if (!detail) return '';
  return ` PostHog said: ${detail}${/[.!?…]$/.test(detail) ? '' : '.'}`;
}

/** The error for an outcome that is not a 2xx answer. */
export function errorForOutcome(outcome: SendOutcome, request: RequestDescription): PosthogApiError {
  if (outcome.kind === 'refused') return new PosthogApiError('host-access', outcome.reason);
  if (outcome.kind === 'network') {
    return new PosthogApiError('network', `Could not reach ${hostOf(request.url)}: ${outcome.reason}.`);
  }
  const { status } = outcome.answer;
  const { detail, ...body } = bodyDetails(outcome.answer.json);
  const details: PosthogErrorDetails = { status, ...body };
  if (status === 401) {
    return new PosthogApiError(
      'auth',
      `PostHog refused the personal API key (401). Check it in the extension options.${said(detail)}`,
      details,
    );
  }
  if (status === 403) {
    return new PosthogApiError(
      'scope',
      `The personal API key may not do this (403): it needs the scope ${request.scope} on this project. Add it to the key in PostHog's settings.`,
      details,
    );
  }
  if (status === 404) {
    return new PosthogApiError(
      'not-found',
      `PostHog found no ${request.what} here (404): check the project ID, or it was deleted.`,
      details,
    );
  }
  if (status === 429) {
    const wait = outcome.requestedWaitMs;
    const advice = wait === null ? 'Wait a minute and try again.' : `It asks to wait ${seconds(wait)}.`;
    return new PosthogApiError('rate-limited', `PostHog is rate-limiting these requests (429). ${advice}`, {
      ...details,
      retryAfterMs: wait ?? undefined,
    });
  }
  if (status >= 500) {
    return new PosthogApiError(
      'server',
      `PostHog had a server error (${status}). Try again in a few minutes.`,
      details,
    );
  }
  const field = body.attr ? ` (field ${body.attr})` : '';
  return new PosthogApiError(
    'bad-request',
    `PostHog refused the ${request.what}${field} (${status}).${said(detail)}`,
    details,
  );
}

/** A response whose body is not the documented shape. */
export function badResponse(what: string): PosthogApiError {
  return new PosthogApiError(
    'bad-response',
    `PostHog answered with a ${what} this extension does not understand.`,
  );
}
