import type { z } from 'zod/mini';
import {
  CAPTURE_UPLOAD_PATH,
  type CaptureUpload,
  CaptureUploadSchema,
  captureUploadBody,
} from '@/lib/providers/posthog/capture-upload';
import {
  badResponse,
  errorForOutcome,
  PosthogApiError,
  type PosthogScope,
} from '@/lib/providers/posthog/errors';
import {
  CAPTURED_SOURCE,
  type CreateSavedHeatmapRequest,
  CreateSavedHeatmapRequestSchema,
  HeatmapWidthSchema,
  type ListSavedHeatmapsQuery,
  ListSavedHeatmapsQuerySchema,
  type Project,
  ProjectListSchema,
  type SavedHeatmap,
  type SavedHeatmapList,
  SavedHeatmapListSchema,
  SavedHeatmapSchema,
  ShortIdSchema,
  type UpdateSavedHeatmapRequest,
  UpdateSavedHeatmapRequestSchema,
} from '@/lib/providers/posthog/schemas';
import { normaliseApiUrl } from '@/lib/shared/api-url';
import {
  type HttpAnswer,
  type HttpClientOptions,
  type HttpMethod,
  type HttpRequest,
  httpClientSettings,
  invalidRequestSentence,
  secondsHeaderWaitMs,
  sendWithRetries,
  validatedBody,
  withQuery,
} from '@/lib/shared/http';
import { UuidSchema } from '@/lib/shared/uuid';

/**
 * PostHog's saved-heatmap API as this extension uses it (`shared/reference/posthog-api.md`): one
 * method per endpoint, requests validated before sending and responses after, retries through
 * `lib/shared/http.ts` (429 waits `Retry-After`), failures as `PosthogApiError`.
 */

export interface PosthogClientOptions extends HttpClientOptions {
  /** `https://us.posthog.com`, `https://eu.posthog.com`, or a self-hosted origin. */
  baseUrl: string;
  /** Personal API key, sent as `Authorization: Bearer`. */
  apiKey: string;
  /** Digits; only `listProjects` works without one. */
  projectId: string;
}

/** `GET heatmap_screenshots/{id}/content/`: 202 while PostHog renders, 200 with the JPEG. */
export type ScreenshotContent =
  | { state: 'rendering'; heatmap: SavedHeatmap }
  | { state: 'ready'; image: Blob };

/** Whether the key may create saved heatmaps, found without creating one. */
export type WriteScope = 'granted' | 'denied';

export interface PosthogClient {
  /** `GET /api/projects/` (scope `project:read`): the first page of the key's projects. */
  listProjects(): Promise<Project[]>;
  listSavedHeatmaps(query?: ListSavedHeatmapsQuery): Promise<SavedHeatmapList>;
  createSavedHeatmap(body: CreateSavedHeatmapRequest): Promise<SavedHeatmap>;
  getSavedHeatmap(shortId: string): Promise<SavedHeatmap>;
  updateSavedHeatmap(shortId: string, patch: UpdateSavedHeatmapRequest): Promise<SavedHeatmap>;
  /** PostHog has no hard delete: this PATCHes `deleted: true`. */
  deleteSavedHeatmap(shortId: string): Promise<void>;
  /** Reads the heatmap first: a captured one (`source: "toolbar"`) is refused here, as PostHog would. */
  regenerateSavedHeatmap(shortId: string): Promise<SavedHeatmap>;
  /** Screenshots captured in the browser (`POST saved/capture/`, shape read from PostHog's source: capture-upload.ts). */
  uploadCapture(upload: CaptureUpload): Promise<SavedHeatmap>;
  getScreenshotContent(id: string, width: number): Promise<ScreenshotContent>;
  /**
   * `PATCH saved/<a short id that cannot exist>/` with an empty body: 404 means the key has
   * `heatmap:write`, 403 that it has not. Nothing can change and the create throttle is not spent
   * (WRITE_CHECK_SHORT_ID says why).
   */
  checkWriteScope(): Promise<WriteScope>;
}

const HTTP_DEFAULTS = { timeoutMs: 15_000, maxRetries: 3, budgetMs: 30_000 };

/**
 * "Test connection" proves `heatmap:write` without creating anything or spending the create
 * throttle (PostHog/posthog, read: `posthog/permissions.py` `ScopeBasePermission`: `partial_update`
 * needs `<scope>:write`; `posthog/api/routing.py` `TeamAndOrgViewSetMixin.initial` runs DRF's
 * `initial`, which checks permissions, then throttles, before the handler;
 * `heatmaps_api.py` `SavedHeatmapViewSet.get_throttles` puts only create/prewarm/capture under
 * the AI throttles, so a PATCH counts against the ClickHouse ones every read spends). The short id
 * cannot exist: `SavedHeatmap.short_id` is `CharField(max_length=12)` (models/heatmap_saved.py)
 * and this one is longer, so `get_object` answers 404 before anything is read from the body.
 */
export const WRITE_CHECK_SHORT_ID = 'write-access-check';

interface RequestSpec {
  method: HttpMethod;
  /** Under `/api/projects/{project_id}/` unless `absolute`. */
  path: string;
  absolute?: boolean;
  query?: Record<string, string | number | undefined>;
  json?: unknown;
  form?: FormData;
  what: string;
  scope: PosthogScope;
  /**
   * False when sending twice could create twice (create, upload): then only a 429, which PostHog
   * refused before doing anything, is retried.
   */
  idempotent: boolean;
  read?: HttpRequest['read'];
}

function checked<T>(schema: z.ZodMiniType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new PosthogApiError('bad-request', invalidRequestSentence(what, parsed.error.issues));
  return parsed.data;
}

function validated<T>(schema: z.ZodMiniType<T>, json: unknown, what: string): T {
  return validatedBody(schema, json, () => badResponse(what));
}

export function createPosthogClient(options: PosthogClientOptions): PosthogClient {
  const baseUrl = normaliseApiUrl(options.baseUrl);
  const http = httpClientSettings(options, HTTP_DEFAULTS);

  function urlFor(spec: RequestSpec): string {
    let prefix = '';
    if (!spec.absolute) {
      if (!/^\d{1,20}$/.test(options.projectId)) {
        throw new PosthogApiError(
          'bad-request',
          'Set the PostHog project ID in the extension options first.',
        );
      }
      prefix = `/api/projects/${options.projectId}/`;
    }
    return withQuery(`${baseUrl}${prefix}${spec.path}`, spec.query);
  }

  function requestFor(spec: RequestSpec): HttpRequest {
    const headers: Record<string, string> = {
      Accept: 'application/json',
      Authorization: `Bearer ${options.apiKey}`,
    };
    let body: HttpRequest['body'];
    if (spec.form !== undefined) body = spec.form;
    else if (spec.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(spec.json);
    }
    return { method: spec.method, url: urlFor(spec), headers, body, read: spec.read };
  }

  /** Resolves with a 2xx answer; every other end becomes a `PosthogApiError`. */
  async function send(spec: RequestSpec): Promise<HttpAnswer> {
    const request = requestFor(spec);
    const outcome = await sendWithRetries(request, {
      ...http.send,
      policy: {
        maxRetries: http.maxRetries,
        budgetMs: http.budgetMs,
        requestedWaitMs: (answer) =>
          answer.status === 429 ? secondsHeaderWaitMs(answer.headers, 'Retry-After') : null,
        isRetryable: spec.idempotent ? undefined : (status) => status === 429,
        retryNetworkErrors: spec.idempotent,
      },
    });
    if (outcome.kind === 'answer' && outcome.stoppedBy === 'success') return outcome.answer;
    throw errorForOutcome(outcome, { what: spec.what, scope: spec.scope, url: request.url });
  }

  async function heatmapCall(spec: RequestSpec): Promise<SavedHeatmap> {
    const answer = await send(spec);
    return validated(SavedHeatmapSchema, answer.json, spec.what);
  }

  function savedPath(shortId: string, suffix = ''): string {
    return `saved/${encodeURIComponent(checked(ShortIdSchema, shortId, 'saved heatmap id'))}/${suffix}`;
  }

  async function getSavedHeatmap(shortId: string): Promise<SavedHeatmap> {
    return heatmapCall({
      method: 'GET',
      path: savedPath(shortId),
      what: 'saved heatmap',
      scope: 'heatmap:read',
      idempotent: true,
    });
  }

  async function updateSavedHeatmap(
    shortId: string,
    patch: UpdateSavedHeatmapRequest,
  ): Promise<SavedHeatmap> {
    const json = checked(UpdateSavedHeatmapRequestSchema, patch, 'saved heatmap change');
    return heatmapCall({
      method: 'PATCH',
      path: savedPath(shortId),
      json,
      what: 'saved heatmap',
      scope: 'heatmap:write',
      idempotent: true,
    });
  }

  return {
    async listProjects() {
      const answer = await send({
        method: 'GET',
        path: '/api/projects/',
        absolute: true,
        query: { limit: 100 },
        what: 'project list',
        scope: 'project:read',
        idempotent: true,
      });
      return validated(ProjectListSchema, answer.json, 'project list').results;
    },

    async listSavedHeatmaps(query = {}) {
      const params = checked(ListSavedHeatmapsQuerySchema, query, 'saved heatmap search');
      const answer = await send({
        method: 'GET',
        path: 'saved/',
        query: params,
        what: 'saved heatmap list',
        scope: 'heatmap:read',
        idempotent: true,
      });
      return validated(SavedHeatmapListSchema, answer.json, 'saved heatmap list');
    },

    async createSavedHeatmap(body) {
      const json = checked(CreateSavedHeatmapRequestSchema, body, 'saved heatmap');
      return heatmapCall({
        method: 'POST',
        path: 'saved/',
        json,
        what: 'saved heatmap',
        scope: 'heatmap:write',
        idempotent: false,
      });
    },

    getSavedHeatmap,
    updateSavedHeatmap,

    async deleteSavedHeatmap(shortId) {
      await updateSavedHeatmap(shortId, { deleted: true });
    },

    async regenerateSavedHeatmap(shortId) {
      const heatmap = await getSavedHeatmap(shortId);
      if (heatmap.source === CAPTURED_SOURCE) {
        throw new PosthogApiError(
          'bad-request',
          `“${heatmap.name || heatmap.short_id}” was captured in the browser: PostHog cannot render it again. Save the page again instead.`,
        );
      }
      const answer = await send({
        method: 'POST',
        path: savedPath(shortId, 'regenerate/'),
        what: 'saved heatmap',
        scope: 'heatmap:write',
        idempotent: true,
      });
      // heatmaps_api.py answers 200 with the saved heatmap; anything else, ask for it.
      const regenerated = SavedHeatmapSchema.safeParse(answer.json);
      return regenerated.success ? regenerated.data : getSavedHeatmap(shortId);
    },

    async uploadCapture(upload) {
      const form = captureUploadBody(checked(CaptureUploadSchema, upload, 'captured heatmap'));
      return heatmapCall({
        method: 'POST',
        path: CAPTURE_UPLOAD_PATH,
        form,
        what: 'captured heatmap',
        scope: 'heatmap:write',
        idempotent: false,
      });
    },

    async getScreenshotContent(id, width) {
      const uuid = checked(UuidSchema, id, 'screenshot id');
      const answer = await send({
        method: 'GET',
        path: `heatmap_screenshots/${encodeURIComponent(uuid)}/content/`,
        query: { width: checked(HeatmapWidthSchema, width, 'screenshot width') },
        what: 'screenshot',
        scope: 'heatmap:read',
        idempotent: true,
        read: 'binary-unless-json',
      });
      if (answer.status === 202) {
        return {
          state: 'rendering',
          heatmap: validated(SavedHeatmapSchema, answer.json, 'screenshot status'),
        };
      }
      if (answer.status === 200 && answer.binary !== null && answer.binary.type.startsWith('image/jpeg')) {
        return { state: 'ready', image: answer.binary };
      }
      throw badResponse('screenshot (not a JPEG image)');
    },

    async checkWriteScope() {
      try {
        await send({
          method: 'PATCH',
          path: `saved/${WRITE_CHECK_SHORT_ID}/`,
          json: {},
          what: 'saved heatmap',
          scope: 'heatmap:write',
          idempotent: true,
        });
      } catch (error) {
        if (!(error instanceof PosthogApiError)) throw error;
        if (error.kind === 'scope') return 'denied';
        if (error.kind === 'not-found') return 'granted';
        throw error;
      }
      throw badResponse('answer to a change of a heatmap that cannot exist');
    },
  };
}
