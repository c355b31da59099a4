import { z } from 'zod';
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
import { sleep as sleepFor } from '@/lib/time';

/**
 * The Datadog API as this extension uses it: one function per endpoint, every request body and
 * response validated with the shared schemas, retries as Datadog's own client does them (429 and
 * 5xx, at most 3 times), and failures as `DatadogApiError` whose message a person can act on.
 */

export type DatadogErrorKind =
  | 'auth'
  | 'not-found'
  | 'bad-request'
  | 'rate-limited'
  | 'server'
  | 'network'
  | 'bad-response';

export class DatadogApiError extends Error {
  override readonly name = 'DatadogApiError';
  constructor(
    readonly kind: DatadogErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface DatadogClientOptions {
  /** e.g. `https://api.datadoghq.eu`, or a proxy / the local sandbox. */
  baseUrl: string;
  apiKey: string;
  appKey: string;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  maxRetries?: number;
  timeoutMs?: number;
  /** Source of jitter, in [0, 1); injectable so tests know the delays. */
  random?: () => number;
}

export interface ListSnapshotsQuery {
  viewName: string;
  deviceType?: DeviceType;
  applicationId?: string;
  limit?: number;
}

export interface SegmentsQuery {
  sessionId: string;
  viewId: string;
  /** Server-side timestamp in ms. */
  ts?: number;
  /** Maximum size in bytes of the segment list. */
  maxListSize?: number;
  paging?: string;
}

export interface DatadogClient {
  /** API key alone (`/api/v1/validate`); resolves true when Datadog says it is valid. */
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

const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_MAX_RETRIES = 3;
const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 10_000;
const RATE_LIMIT_WAIT_CAP_S = 60;
const MAX_ERROR_DETAILS = 3;
const MAX_DETAIL_LENGTH = 200;

const SNAPSHOTS_PATH = '/api/v2/replay/heatmap/snapshots';

const ValidateApiKeySchema = z.object({ valid: z.boolean() });
const ValidateKeysSchema = z.object({ status: z.string() });

interface RequestSpec {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
}

interface Answer {
  status: number;
  headers: Headers;
  /** Parsed JSON; null for an empty body; `undefined` when the body is not JSON. */
  json: unknown;
}

function clip(text: string, length = MAX_DETAIL_LENGTH): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** Exponential backoff with ±25 % jitter, so parallel clients do not retry in lock-step. */
function backoffDelay(retry: number, random: () => number): number {
  const base = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** retry);
  return Math.round(base * (0.75 + 0.5 * random()));
}

/** `X-RateLimit-Reset` is the number of seconds until the limit resets; null when unusable. */
function rateLimitWait(headers: Headers): number | null {
  const reset = Number(headers.get('X-RateLimit-Reset'));
  if (!headers.has('X-RateLimit-Reset') || !Number.isFinite(reset) || reset < 0) return null;
  return Math.min(RATE_LIMIT_WAIT_CAP_S, Math.max(1, Math.ceil(reset))) * 1000;
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
function errorForStatus(status: number, json: unknown, what: string): DatadogApiError {
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
    return new DatadogApiError(
      'rate-limited',
      withDetails('Datadog is rate-limiting these requests (429). Wait a minute and try again.', details),
      status,
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

function isRetryable(status: number): boolean {
  return status === 429 || status >= 500;
}

function errorReason(error: unknown): string {
  const reason = error instanceof Error ? error.message || error.name : String(error);
  return clip(reason.trim().replace(/\.+$/, '')) || 'unknown error';
}

function invalidRequest(what: string, error: z.ZodError): DatadogApiError {
  const first = error.issues[0];
  const where = first && first.path.length > 0 ? ` (${first.path.join('.')})` : '';
  return new DatadogApiError(
    'bad-request',
    `The ${what} is not valid${where}: ${first?.message ?? 'unknown problem'}.`,
  );
}

function badResponse(what: string): DatadogApiError {
  return new DatadogApiError(
    'bad-response',
    `Datadog answered with a ${what} this extension does not understand.`,
  );
}

function validated<T>(schema: z.ZodType<T>, json: unknown, what: string): T {
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw badResponse(what);
  return parsed.data;
}

export function createDatadogClient(options: DatadogClientOptions): DatadogClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  const sleep = options.sleep ?? sleepFor;
  const maxRetries = Math.max(0, options.maxRetries ?? DEFAULT_MAX_RETRIES);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const random = options.random ?? Math.random;

  function urlFor(spec: RequestSpec): string {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(spec.query ?? {})) {
      if (value !== undefined) query.set(key, String(value));
    }
    const search = query.toString();
    return `${baseUrl}${spec.path}${search ? `?${search}` : ''}`;
  }

  function headersFor(spec: RequestSpec): Record<string, string> {
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'DD-API-KEY': options.apiKey,
      'DD-APPLICATION-KEY': options.appKey,
    };
    if (spec.body !== undefined) headers['Content-Type'] = 'application/json';
    return headers;
  }

  /** One HTTP exchange, aborted after `timeoutMs`; throws a `network` error when no answer came. */
  async function exchange(spec: RequestSpec): Promise<Answer> {
    const url = urlFor(spec);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const response = await fetchImpl(url, {
        method: spec.method,
        headers: headersFor(spec),
        body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        signal: controller.signal,
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, json: parseJson(text) };
    } catch (error) {
      const reason = controller.signal.aborted
        ? `no answer within ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`}`
        : errorReason(error);
      throw new DatadogApiError('network', `Could not reach ${hostOf(url)}: ${reason}.`);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Sends with retries on 429, 5xx and network failures; resolves only with a 2xx answer. */
  async function send(spec: RequestSpec, what: string): Promise<Answer> {
    for (let retry = 0; ; retry++) {
      let answer: Answer;
      try {
        answer = await exchange(spec);
      } catch (error) {
        if (retry >= maxRetries) throw error;
        await sleep(backoffDelay(retry, random));
        continue;
      }
      if (answer.status >= 200 && answer.status < 300) return answer;
      if (!isRetryable(answer.status) || retry >= maxRetries)
        throw errorForStatus(answer.status, answer.json, what);
      const wait = answer.status === 429 ? rateLimitWait(answer.headers) : null;
      await sleep(wait ?? backoffDelay(retry, random));
    }
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
      const json = await sendJson({ method: 'GET', path: '/api/v1/validate' }, 'key validation endpoint');
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

function parseJson(text: string): unknown {
  if (text.trim().length === 0) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
