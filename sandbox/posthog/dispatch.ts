import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RateLimiter } from '../api/rate-limit';
import { cutAnswer, delayOrDrop, type FaultController } from '../faults';
import { HttpError, matchRoute, readBody, requestUrl, send, sendTruncated } from '../http';
import { authenticate, requireScope } from './auth';
import { type PostHogKey, SANDBOX_USER } from './defaults';
import { methodNotAllowed, notFound, PostHogError, serverError, throttled } from './errors';
import type { PhRoute } from './routes';
import type { UserThrottle } from './throttle';
import type { PhResult, Project } from './types';

/**
 * Runs one PostHog `/api/...` request: injected faults (the edge) → route → authentication (401)
 * → scope (403) → throttle (429: DRF's `APIView.initial` checks permissions, then throttles; the
 * per-user create throttle for create/capture/prewarm, else the per-key one) → project (404)
 * → the handler (404 heatmap, 400 validation). Every error is `{type, code, detail, attr}`.
 */

export interface PostHogApiContext {
  routes: PhRoute[];
  keys: () => readonly PostHogKey[];
  projects: () => readonly Project[];
  faults: FaultController;
  limiter: RateLimiter;
  /** PostHog's per-user throttle on create, capture and prewarm (throttle.ts). */
  createThrottle: UserThrottle;
  log: (line: string) => void;
  /** Told which personal key each authenticated request carried (tests check whose keys a save used). */
  onKey?: (request: string, key: string) => void;
}

export function isPostHogApiPath(pathname: string): boolean {
  return /^\/api\/(?:projects|environments)(?:\/|$)/.test(pathname);
}

export async function handlePostHogApi(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: PostHogApiContext,
): Promise<void> {
  const url = requestUrl(req);
  const method = req.method ?? 'GET';
  const decision = ctx.faults.takePostHog(url.pathname, method);
  if (await delayOrDrop(req, decision)) return;
  const { fault } = decision;
  let result: PhResult;
  let headers: Record<string, string> = {};
  try {
    if (fault?.kind === 'rateLimit') throw throttled(fault.resetSeconds);
    if (fault?.kind === 'serverError') throw serverError(fault.status);
    result = await run(req, url, ctx);
  } catch (error) {
    const e = asPostHogError(error, ctx.log);
    result = { status: e.status, json: e.body };
    headers = e.headers;
  }
  const cut = fault ? null : ctx.faults.dropAfterHandled('posthog', url.pathname, method, result.status);
  if (cut) {
    const body =
      'json' in result
        ? { bytes: Buffer.from(JSON.stringify(result.json)), contentType: 'application/json' }
        : { bytes: result.jpeg, contentType: 'image/jpeg' };
    cutAnswer(req, res, cut, result.status, body);
    return;
  }
  write(res, result, headers, fault?.kind === 'malformedJson');
}

function asPostHogError(error: unknown, log: (line: string) => void): PostHogError {
  if (error instanceof PostHogError) return error;
  // The body reader's own limit (413) and the like keep their status.
  if (error instanceof HttpError) {
    return new PostHogError(error.status, {
      type: 'invalid_request',
      code: 'invalid',
      detail: error.message,
      attr: null,
    });
  }
  log(
    `PostHog API handler error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  return serverError(500);
}

async function run(req: IncomingMessage, url: URL, ctx: PostHogApiContext): Promise<PhResult> {
  const method = req.method ?? 'GET';
  const match = matchRoute(ctx.routes, method, url.pathname);
  // Django resolves the URL before any authentication: an unknown path is a plain 404.
  if (!match.route && !match.pathKnown) throw notFound();
  const key = authenticate(req, ctx.keys());
  ctx.onKey?.(`${method} ${url.pathname}`, key.key);
  if (!match.route) throw methodNotAllowed(method);
  requireScope(key, match.route.scope);
  if (match.route.createThrottled) {
    // Every sandbox key belongs to its one user (SANDBOX_USER): the throttle is that user's.
    const wait = ctx.createThrottle.take(String(SANDBOX_USER.id));
    if (wait !== null) throw throttled(wait);
  } else {
    const limit = ctx.limiter.take(key.key);
    if (!limit.allowed) throw throttled(Number(limit.headers['X-RateLimit-Reset'] ?? 1));
  }
  if (match.route.inProject) {
    const id = match.params.project_id ?? '';
    if (!/^\d+$/.test(id) || !ctx.projects().some((p) => p.id === Number(id))) {
      throw notFound('Project not found.');
    }
  }
  return match.route.handler({ req, method, url, params: match.params, body: () => readBody(req) });
}

function write(
  res: ServerResponse,
  result: PhResult,
  headers: Record<string, string>,
  malformed: boolean,
): void {
  const isJson = 'json' in result;
  const body = isJson ? Buffer.from(JSON.stringify(result.json)) : result.jpeg;
  const contentType = isJson ? 'application/json' : 'image/jpeg';
  if (malformed) {
    sendTruncated(res, body, { 'Content-Type': contentType });
    return;
  }
  send(res, result.status, body, { 'Content-Type': contentType, ...headers });
}
