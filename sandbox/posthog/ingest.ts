import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { HttpError, readBody, requestUrl, send, sendJson } from '../http';
import { decodeIngestBody } from './ingest-decode';
import type { IngestIndex } from './ingest-index';
import { CapturePayloadSchema, FlagsRequestSchema } from './ingest-schemas';
import { decideResponse, flagsResponse, remoteConfig, remoteConfigScript } from './remote-config';

/**
 * `/ph/...`: the ingestion host for pages that init posthog-js with `api_host: <origin>/ph`.
 * Seen from posthog-js 1.449.2 in Chromium: GET `/array/<token>/config` (the no-external bundle
 * has no script loader, so never `config.js`, served anyway), POST `/flags/?v=2`, events to `/e/`
 * then `/i/v0/e/` (once the config names it), recordings to `/s/`. Any token is accepted.
 */

export const INGEST_PREFIX = '/ph';

const EVENT_PATHS = new Set(['/e/', '/i/v0/e/', '/batch/', '/capture/', '/track/', '/engage/']);
const TOKEN = /^[A-Za-z0-9_-]{1,100}$/;

export async function handleIngest(
  req: IncomingMessage,
  res: ServerResponse,
  index: IngestIndex,
): Promise<void> {
  const cors = corsHeaders(req);
  try {
    await route(req, res, index, cors);
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    sendJson(
      res,
      error.status,
      { type: 'validation_error', code: 'invalid_payload', detail: error.message, attr: null },
      cors,
    );
  }
}

async function route(
  req: IncomingMessage,
  res: ServerResponse,
  index: IngestIndex,
  cors: Record<string, string>,
) {
  const url = requestUrl(req);
  const path = withSlash(url.pathname.slice(INGEST_PREFIX.length));
  const method = req.method ?? 'GET';
  if (method === 'OPTIONS') return send(res, 204, '', cors);

  const config = /^\/array\/([^/]+)\/config(\.js)?\/$/.exec(path);
  if (config && method === 'GET') {
    const token = checkToken(config[1]);
    index.countRequest(token, 'config_requests');
    if (config[2])
      return send(res, 200, remoteConfigScript(token), { ...cors, 'Content-Type': 'text/javascript' });
    return sendJson(res, 200, remoteConfig(token), cors);
  }
  if (method !== 'POST')
    throw new HttpError(path.startsWith('/static/') ? 404 : 405, `nothing at ${method} ${url.pathname}`);
  const payload = decodeIngestBody(await readBody(req), url);

  if (path === '/flags/' || path === '/decide/') {
    const { token } = parse(FlagsRequestSchema, payload);
    index.countRequest(checkToken(token), 'flags_requests');
    const body =
      path === '/decide/'
        ? decideResponse(token)
        : flagsResponse(token, url.searchParams.get('config') === 'true', randomUUID());
    return sendJson(res, 200, body, cors);
  }
  if (EVENT_PATHS.has(path) || path === '/s/') {
    const { batch: events, api_key: fallbackToken } = parse(CapturePayloadSchema, payload);
    if (path === '/s/') {
      const token = events[0]?.properties?.token ?? fallbackToken;
      if (token !== undefined) index.countRequest(token, 'recording_requests');
    }
    index.addEvents(events, fallbackToken);
    return sendJson(res, 200, { status: 1 }, cors);
  }
  throw new HttpError(404, `nothing at ${method} ${url.pathname}`);
}

function parse<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new HttpError(
    400,
    `invalid payload at ${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`,
  );
}

function checkToken(token: string | undefined): string {
  if (token === undefined || !TOKEN.test(token)) throw new HttpError(400, 'project token is malformed');
  return token;
}

function withSlash(path: string): string {
  return path.endsWith('/') ? path : `${path}/`;
}

/** posthog-js posts cross-origin from any page; echoing the origin also allows credentialed requests. */
function corsHeaders(req: IncomingMessage): Record<string, string> {
  const origin = typeof req.headers.origin === 'string' ? req.headers.origin : '*';
  const requested = req.headers['access-control-request-headers'];
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Credentials': 'true',
    'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
    'Access-Control-Allow-Headers': typeof requested === 'string' ? requested : 'Content-Type',
    'Access-Control-Max-Age': '600',
    Vary: 'Origin',
  };
}
