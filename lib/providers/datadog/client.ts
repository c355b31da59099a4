import { z } from 'zod/mini';
import type { DeviceType } from '@/lib/page/page-info';
import {
  type CreateSnapshotRequest,
  CreateSnapshotRequestSchema,
  ErrorBodySchema,
  type Snapshot,
  SnapshotListResponseSchema,
  SnapshotResponseSchema,
  type UpdateSnapshotAttributes,
  UpdateSnapshotRequestSchema,
} from '@/lib/providers/datadog/schemas';
import { normaliseApiUrl } from '@/lib/shared/api-url';
import {
  type ApiErrorKind,
  type HttpAnswer,
  type HttpClientOptions,
  type HttpMethod,
  type HttpRequest,
  hostOf,
  httpClientSettings,
  invalidRequestSentence,
  type SendOutcome,
  secondsHeaderWaitMs,
  sendWithRetries,
  validatedBody,
  withQuery,
} from '@/lib/shared/http';

/**
 * The Datadog API as this extension uses it: one function per endpoint, every request body and
 * response validated with the shared schemas, retries as Datadog's own client does them (429 and
 * 5xx, at most 3 times) through `lib/shared/http.ts` (no redirects, no cookies, a time budget), and failures as `DatadogApiError` whose message a person can act on.
 */

export class DatadogApiError extends Error {
  override readonly name = 'DatadogApiError';
  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    readonly status?: number,
    /** How long a 429 asked to wait (ms), when it said. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/**
 * A signed-in profile's access token (lib/providers/datadog/oauth/): `current` is fresh (refreshed
 * before expiry), `afterRefusal` refreshes now unless another call already replaced the refused one.
 * Either rejects with a `DatadogApiError` of kind `auth` when the person must sign in again.
 * `forbidden`: what a 403 tells the person (which permission the sign-in holds), not "check the keys".
 */
export interface BearerSource {
  current(): Promise<string>;
  afterRefusal(refused: string): Promise<string>;
  forbidden(): Promise<string>;
}

/** Who the requests are from: the profile's key pair, or a sign-in's bearer token (never both). */
export type DatadogCredentials =
  | { apiKey: string; appKey: string; bearer?: undefined }
  | { bearer: BearerSource; apiKey?: undefined; appKey?: undefined };

export type DatadogClientOptions = HttpClientOptions &
  DatadogCredentials & {
    /** e.g. `https://api.datadoghq.eu`, or a proxy / the local sandbox. */
    baseUrl: string;
  };

export interface ListSnapshotsQuery {
  viewName: string;
  deviceType?: DeviceType;
  applicationId?: string;
  limit?: number;
}

export interface SegmentsQuery {
  sessionId: string;
  viewId: string;
  /** "Server-side timestamp in milliseconds" (Datadog's only words): read in replay-lookup.ts. */
  ts?: number;
  /** Maximum size in bytes of the segment list. */
  maxListSize?: number;
  paging?: string;
}

export interface DatadogClient {
  /** API key alone (`/api/v1/validate`, the application key not sent); true when Datadog says it is valid. */
  validateApiKey(): Promise<boolean>;
  /** API and application key together (`/api/v2/validate_keys`). */
  validateKeys(): Promise<boolean>;
  listSnapshots(query: ListSnapshotsQuery): Promise<Snapshot[]>;
  createSnapshot(body: CreateSnapshotRequest): Promise<Snapshot>;
  updateSnapshot(id: string, attributes: UpdateSnapshotAttributes): Promise<Snapshot>;
  deleteSnapshot(id: string): Promise<void>;
  /** The segments endpoint's schema is not published: the raw JSON goes to `parseSegments`. */
  getSegments(query: SegmentsQuery): Promise<unknown>;
}

/**
 * A call's own budget: a few backoffs and rate-limit waits slept in place. A longer wait is
 * returned, never shortened (retrying before the reset only earns another 429): a save pauses
 * until then (lib/jobs/runner.ts).
 */
const HTTP_DEFAULTS = { timeoutMs: 15_000, maxRetries: 3, budgetMs: 60_000 };
const MAX_ERROR_DETAILS = 3;
const MAX_DETAIL_LENGTH = 200;

const SNAPSHOTS_PATH = '/api/v2/replay/heatmap/snapshots';

const ValidateApiKeySchema = z.object({ valid: z.boolean() });
const ValidateKeysSchema = z.object({ status: z.string() });

interface RequestSpec {
  method: HttpMethod;
  path: string;
  /** `api-key-only`: the application key stays home (checking the API key alone needs only it). */
  keys?: 'both' | 'api-key-only';
  query?: Record<string, string | number | undefined>;
  body?: unknown;
}

function clip(text: string, length = MAX_DETAIL_LENGTH): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

/** `X-RateLimit-Reset` is the number of seconds until the limit resets; null when unusable. */
function rateLimitWaitMs(answer: HttpAnswer): number | null {
  return answer.status === 429 ? secondsHeaderWaitMs(answer.headers, 'X-RateLimit-Reset') : null;
}

/** The first few messages of either error body form, joined, bounded. */
function errorDetails(json: unknown): string | null {
  const body = ErrorBodySchema.safeParse(json);
  if (!body.success) return null;
  const details = body.data.errors
    .map((error) => {
      if (typeof error === 'string') return error;
      const parts = [error.title, error.detail].filter((part) => part !== undefined && part.length > 0);
      return parts.length > 0 ? parts.join(': ') : (error.status ?? '');
    })
    .filter((detail) => detail.trim().length > 0)
    .slice(0, MAX_ERROR_DETAILS)
    .map((detail) => clip(detail.trim()));
  return details.length > 0 ? details.join('; ') : null;
}

function withDetails(sentence: string, details: string | null): string {
  return details ? `${sentence} Datadog said: ${details}` : sentence;
}

/** The error for a final (non-retried or retries exhausted) HTTP failure. */
function errorForStatus(
  status: number,
  json: unknown,
  what: string,
  requestedWaitMs: number | null = null,
): DatadogApiError {
  const details = errorDetails(json);
  if (status === 401 || status === 403) {
    return new DatadogApiError(
      'auth',
      withDetails(
        `Datadog refused the API or application key (${status}). Check them in the extension options.`,
        details,
      ),
      status,
    );
  }
  if (status === 404) {
    return new DatadogApiError('not-found', withDetails(`Datadog found no ${what} (404).`, details), status);
  }
  if (status === 429) {
    const advice =
      requestedWaitMs === null
        ? 'Wait a minute and try again.'
        : `Datadog asks us to wait ${Math.round(requestedWaitMs / 1000)} s.`;
    return new DatadogApiError(
      'rate-limited',
      withDetails(`Datadog is rate-limiting these requests (429). ${advice}`, details),
      status,
      requestedWaitMs ?? undefined,
    );
  }
  if (status >= 500) {
    return new DatadogApiError(
      'server',
      withDetails(`Datadog had a server error (${status}). Try again in a few minutes.`, details),
      status,
    );
  }
  const sentence = details
    ? `Datadog rejected the request: ${details}`
    : `Datadog rejected the request (${status}).`;
  return new DatadogApiError('bad-request', sentence, status);
}

/** The error for an outcome that is not a 2xx answer: no answer, or the last refusal. */
function errorForOutcome(outcome: SendOutcome, url: string, what: string): DatadogApiError {
  if (outcome.kind === 'refused') return new DatadogApiError('host-access', outcome.reason);
  if (outcome.kind === 'network') {
    return new DatadogApiError('network', `Could not reach ${hostOf(url)}: ${outcome.reason}.`);
  }
  return errorForStatus(outcome.answer.status, outcome.answer.json, what, outcome.requestedWaitMs);
}

function invalidRequest(what: string, error: z.core.$ZodError): DatadogApiError {
  return new DatadogApiError('bad-request', invalidRequestSentence(what, error.issues));
}

function badResponse(what: string): DatadogApiError {
  return new DatadogApiError(
    'bad-response',
    `Datadog answered with a ${what} this extension does not understand.`,
  );
}

function validated<T>(schema: z.ZodMiniType<T>, json: unknown, what: string): T {
  return validatedBody(schema, json, () => badResponse(what));
}

export function createDatadogClient(options: DatadogClientOptions): DatadogClient {
  const baseUrl = normaliseApiUrl(options.baseUrl);
  const http = httpClientSettings(options, HTTP_DEFAULTS);

  /** THE choice of credential headers: a bearer token, or the keys (the application key unless not needed). */
  function credentialHeaders(spec: RequestSpec, token: string | null): Record<string, string> {
    if (token !== null) return { Authorization: `Bearer ${token}` };
    const headers: Record<string, string> = { 'DD-API-KEY': options.apiKey ?? '' };
    if (spec.keys !== 'api-key-only') headers['DD-APPLICATION-KEY'] = options.appKey ?? '';
    return headers;
  }

  function requestFor(spec: RequestSpec, token: string | null): HttpRequest {
    const headers: Record<string, string> = { Accept: 'application/json', ...credentialHeaders(spec, token) };
    if (spec.body !== undefined) headers['Content-Type'] = 'application/json';
    const body = spec.body === undefined ? undefined : JSON.stringify(spec.body);
    return { method: spec.method, url: withQuery(`${baseUrl}${spec.path}`, spec.query), headers, body };
  }

  /**
   * Retries 429 (waiting `X-RateLimit-Reset`), 5xx and network failures; resolves only with a 2xx
   * answer. A bearer token refused with 401 (expired or revoked early) is refreshed and the request
   * sent once more: a 401 is answered before anything is done, so a create is not doubled.
   */
  async function send(spec: RequestSpec, what: string): Promise<HttpAnswer> {
    const { bearer } = options;
    const token = bearer ? await bearer.current() : null;
    const first = await sendOnce(spec, token);
    if (bearer && token !== null && first.outcome.kind === 'answer' && first.outcome.answer.status === 401) {
      const retried = await sendOnce(spec, await bearer.afterRefusal(token));
      return answerOrThrow(retried.outcome, retried.url, what);
    }
    return answerOrThrow(first.outcome, first.url, what);
  }

  async function answerOrThrow(outcome: SendOutcome, url: string, what: string): Promise<HttpAnswer> {
    if (outcome.kind === 'answer' && outcome.stoppedBy === 'success') return outcome.answer;
    const { bearer } = options;
    if (bearer && outcome.kind === 'answer' && outcome.answer.status === 403) {
      const sentence = withDetails(await bearer.forbidden(), errorDetails(outcome.answer.json));
      throw new DatadogApiError('auth', sentence, 403);
    }
    throw errorForOutcome(outcome, url, what);
  }

  async function sendOnce(
    spec: RequestSpec,
    token: string | null,
  ): Promise<{ outcome: SendOutcome; url: string }> {
    const request = requestFor(spec, token);
    // A create sent twice can create twice: only a 429, which Datadog refused before doing
    // anything, is retried; a lost answer is left to the save job, which looks before creating again.
    const createsSomething = spec.method === 'POST';
    const outcome = await sendWithRetries(request, {
      ...http.send,
      policy: {
        maxRetries: http.maxRetries,
        budgetMs: http.budgetMs,
        requestedWaitMs: rateLimitWaitMs,
        ...(createsSomething
          ? { isRetryable: (status: number) => status === 429, retryNetworkErrors: false }
          : {}),
      },
    });
    return { outcome, url: request.url };
  }

  async function sendJson(spec: RequestSpec, what: string): Promise<unknown> {
    const answer = await send(spec, what);
    if (answer.json === undefined) throw badResponse(`${what} (not JSON)`);
    return answer.json;
  }

  async function snapshotCall(spec: RequestSpec): Promise<Snapshot> {
    const json = await sendJson(spec, 'snapshot');
    return validated(SnapshotResponseSchema, json, 'snapshot').data;
  }

  function snapshotPath(id: string): string {
    return `${SNAPSHOTS_PATH}/${encodeURIComponent(id)}`;
  }

  return {
    async validateApiKey() {
      const json = await sendJson(
        { method: 'GET', path: '/api/v1/validate', keys: 'api-key-only' },
        'key validation endpoint',
      );
      return validated(ValidateApiKeySchema, json, 'key validation').valid;
    },

    async validateKeys() {
      const json = await sendJson(
        { method: 'GET', path: '/api/v2/validate_keys' },
        'key validation endpoint',
      );
      return validated(ValidateKeysSchema, json, 'key validation').status === 'ok';
    },

    async listSnapshots({ viewName, deviceType, applicationId, limit }) {
      const query = {
        'filter[view_name]': viewName,
        'filter[device_type]': deviceType,
        'filter[application_id]': applicationId,
        'page[limit]': limit,
      };
      const json = await sendJson({ method: 'GET', path: SNAPSHOTS_PATH, query }, 'snapshot list');
      return validated(SnapshotListResponseSchema, json, 'snapshot list').data;
    },

    async createSnapshot(body) {
      const request = CreateSnapshotRequestSchema.safeParse(body);
      if (!request.success) throw invalidRequest('snapshot', request.error);
      return snapshotCall({ method: 'POST', path: SNAPSHOTS_PATH, body: request.data });
    },

    async updateSnapshot(id, attributes) {
      const request = UpdateSnapshotRequestSchema.safeParse({ data: { type: 'snapshots', id, attributes } });
      if (!request.success) throw invalidRequest('snapshot update', request.error);
      return snapshotCall({ method: 'PATCH', path: snapshotPath(id), body: request.data });
    },

    async deleteSnapshot(id) {
      await send({ method: 'DELETE', path: snapshotPath(id) }, 'snapshot');
    },

    async getSegments({ sessionId, viewId, ts, maxListSize, paging }) {
      const path = `/api/v2/rum/replay/sessions/${encodeURIComponent(sessionId)}/views/${encodeURIComponent(viewId)}/segments`;
      const query = { ts, max_list_size: maxListSize, paging };
      return sendJson({ method: 'GET', path, query }, 'replay segments');
    },
  };
}
