import { type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';
import { cutAnswer, delayOrDrop, type FaultController } from '../faults';
import {
  type Headers,
  HttpError,
  matchRoute,
  type RouteMatch,
  readBody,
  requestUrl,
  send,
  sendJson,
  sendTruncated,
} from '../http';
import type { BearerCheck, OAuthScope } from '../oauth/server';
import { bearerTokenOf, type Org, orgOf } from './auth';
import { errorBody } from './official-models';
import { type RateLimitConfig, type RateLimiter, rateLimitHeaders } from './rate-limit';
import type { Route } from './routes';
import type { ApiResult } from './types';

/**
 * Runs one `/api/...` request through what Datadog's edge does, in this order:
 * injected faults → rate limit → auth (before any validation) → the route handler.
 * Every response, errors included, carries the X-RateLimit-* headers.
 */

export interface ApiContext {
  routes: Route[];
  /** Every org the sandbox knows; a request is served as the org whose keys it carries. */
  orgs: readonly Org[];
  /** Told which org's keys each authorised request used (null: none, a 403). */
  onAuth?: (org: string | null) => void;
  /** The OAuth server's verdict on a bearer token for a scope (sandbox/oauth/server.ts). */
  bearer: (token: string, scope: OAuthScope) => BearerCheck;
  faults: FaultController;
  limiter: RateLimiter;
  rateLimit: RateLimitConfig;
  log: (line: string) => void;
}

/** Rate-limit bucket for requests that match no route. */
const UNKNOWN_ROUTE = 'unknown';

export async function handleApi(req: IncomingMessage, res: ServerResponse, ctx: ApiContext): Promise<void> {
  const url = requestUrl(req);
  const method = req.method ?? 'GET';
  const match = matchRoute(ctx.routes, method, url.pathname);
  const name = match.route ? match.route.name : UNKNOWN_ROUTE;

  const decision = ctx.faults.take(url.pathname, method);
  if (await delayOrDrop(req, decision)) return;
  const { fault } = decision;
  const limit = ctx.limiter.take(name);
  if (fault?.kind === 'rateLimit') {
    // The injected 429 tells the client exactly how long to wait, like a real exhausted window.
    const headers = rateLimitHeaders(name, ctx.rateLimit, 0, fault.resetSeconds);
    sendJson(res, 429, errorBody(['Too many requests']), headers);
    return;
  }
  if (fault?.kind === 'serverError') {
    sendJson(res, fault.status, errorBody([STATUS_CODES[fault.status] ?? 'Server error']), limit.headers);
    return;
  }
  const result = await runRoute(req, url, method, match, ctx, limit.allowed);
  const cut = fault ? null : ctx.faults.dropAfterHandled('datadog', url.pathname, method, result.status);
  if (cut) {
    const bytes = Buffer.from(JSON.stringify(result.body ?? {}));
    cutAnswer(req, res, cut, result.status, { bytes, contentType: 'application/json' });
    return;
  }
  writeResult(res, result, limit.headers, fault?.kind === 'malformedJson');
}

async function runRoute(
  req: IncomingMessage,
  url: URL,
  method: string,
  match: RouteMatch<Route>,
  ctx: ApiContext,
  withinLimit: boolean,
): Promise<ApiResult> {
  if (!withinLimit) return errorResult(429, 'Too many requests');
  if (!match.route) {
    return match.pathKnown ? errorResult(405, 'Method not allowed') : errorResult(404, 'Not found');
  }
  const org = authorisedOrg(req, match.route, ctx);
  ctx.onAuth?.(org.ok ? org.org.name : null);
  if (!org.ok) return org.refusal;
  try {
    return await match.route.handler({
      method,
      url,
      params: match.params,
      orgId: ctx.orgs.indexOf(org.org) + 1,
      body: () => readBody(req),
    });
  } catch (error) {
    if (error instanceof HttpError) return { status: error.status, body: errorBody(error.errors) };
    // A bug in a handler still gets a Datadog-shaped answer (with limit headers), never a crash.
    ctx.log(`API handler error on ${method} ${url.pathname}: ${String(error)}`);
    return errorResult(500, 'Internal Server Error');
  }
}

/**
 * The org a request acts for: a bearer token's (signed-in grants belong to the first org; 401 when
 * the token is unknown, expired or revoked, 403 without the route's scope), else its keys' (403).
 */
function authorisedOrg(
  req: IncomingMessage,
  route: Route,
  ctx: ApiContext,
): { ok: true; org: Org } | { ok: false; refusal: ApiResult } {
  const token = bearerTokenOf(req);
  const first = ctx.orgs[0];
  if (token !== null && first) {
    const check: BearerCheck =
      route.scope === null
        ? { ok: false, status: 401, message: 'This endpoint takes keys only.' }
        : ctx.bearer(token, route.scope);
    return check.ok
      ? { ok: true, org: first }
      : { ok: false, refusal: errorResult(check.status, check.message) };
  }
  const org = orgOf(req, ctx.orgs, route.auth);
  return org ? { ok: true, org } : { ok: false, refusal: errorResult(403, 'Forbidden') };
}

/** Every error answer is Datadog's documented `APIErrorResponse`, `{"errors": ["..."]}`. */
function errorResult(status: number, message: string): ApiResult {
  return { status, body: errorBody([message]) };
}

function writeResult(res: ServerResponse, result: ApiResult, headers: Headers, malformed: boolean): void {
  if (malformed) {
    // A 200 whose JSON is cut in half.
    sendTruncated(res, JSON.stringify(result.body ?? { data: [] }), {
      'Content-Type': 'application/json',
      ...headers,
    });
    return;
  }
  if (result.body === undefined) {
    send(res, result.status, '', headers);
    return;
  }
  sendJson(res, result.status, result.body, headers);
}
