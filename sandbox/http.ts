import type { IncomingMessage, ServerResponse } from 'node:http';

/** Thrown by any handler to answer with a Datadog-style error body; the dispatcher turns it into a response. */
export class HttpError extends Error {
  readonly errors: string[];
  constructor(
    readonly status: number,
    errors: string | string[],
  ) {
    const list = typeof errors === 'string' ? [errors] : errors;
    super(list.join('; '));
    this.errors = list;
  }
}

export const badRequest = (message: string): HttpError => new HttpError(400, message);

/** Uploads from the SDK are at most a few hundred kB; the cap only protects the process. */
const MAX_BODY_BYTES = 20 * 1024 * 1024;

const bodies = new WeakMap<IncomingMessage, Promise<Buffer>>();

/**
 * The request's body, read once per request (later calls get the same promise). A slow answer
 * reads it before waiting (faults.ts): a server that has received a request goes on with it after
 * the client has gone away, which is what makes a lost answer's outcome unknown.
 */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  let body = bodies.get(req);
  if (body === undefined) {
    body = readWholeBody(req);
    bodies.set(req, body);
  }
  return body;
}

async function readWholeBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `body is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

export type Headers = Record<string, string>;

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Headers = {}): void {
  send(res, status, JSON.stringify(body), { 'Content-Type': 'application/json', ...headers });
}

export function sendError(
  res: ServerResponse,
  status: number,
  errors: string | string[],
  headers: Headers = {},
): void {
  sendJson(res, status, { errors: typeof errors === 'string' ? [errors] : errors }, headers);
}

export function send(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  headers: Headers = {},
): void {
  // The client may be gone (dropped, timed out, sandbox closing): nothing left to answer.
  if (res.headersSent || res.destroyed) return;
  if (status === 204) {
    res.writeHead(204, headers).end(); // a 204 has neither body nor Content-Length
    return;
  }
  res.writeHead(status, { 'Content-Length': String(Buffer.byteLength(body)), ...headers });
  res.end(body);
}

/** The request URL, resolved against a dummy origin: only path and query matter to handlers. */
export function requestUrl(req: IncomingMessage): URL {
  try {
    return new URL(req.url ?? '/', 'http://sandbox.invalid');
  } catch {
    throw badRequest('request URL is malformed');
  }
}

export function parseJson(buf: Buffer, what: string): unknown {
  try {
    return JSON.parse(buf.toString('utf8'));
  } catch {
    throw badRequest(`${what} is not valid JSON`);
  }
}

/** Sends the first half of `body` as a 200: what a client sees when a proxy truncates a response. */
export function sendTruncated(res: ServerResponse, body: string | Buffer, headers: Headers): void {
  const half = Math.max(1, Math.floor(body.length / 2));
  send(res, 200, typeof body === 'string' ? body.slice(0, half) : body.subarray(0, half), headers);
}

/** A route a dispatcher can match: a method and a path pattern whose named groups are its params. */
export interface Matchable {
  method: string;
  pattern: RegExp;
}

/** The matched route with its decoded params, or none; `pathKnown` tells a wrong method (405) from an unknown path (404). */
export type RouteMatch<R extends Matchable> =
  | { route: R; params: Record<string, string> }
  | { route: null; pathKnown: boolean };

/** Finds the first route whose pattern and method fit the request. */
export function matchRoute<R extends Matchable>(
  routes: readonly R[],
  method: string,
  pathname: string,
): RouteMatch<R> {
  let pathKnown = false;
  for (const candidate of routes) {
    const found = candidate.pattern.exec(pathname);
    if (!found) continue;
    pathKnown = true;
    if (candidate.method === method) return { route: candidate, params: decodeParams(found.groups ?? {}) };
  }
  return { route: null, pathKnown };
}

/** Percent-decodes each named group; a malformed escape keeps the raw text. */
function decodeParams(groups: Record<string, string | undefined>): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries(groups)) {
    if (value === undefined) continue;
    try {
      params[key] = decodeURIComponent(value);
    } catch {
      params[key] = value;
    }
  }
  return params;
}
