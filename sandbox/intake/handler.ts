import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { badRequest, HttpError, parseJson, readBody, requestUrl, send, sendJson } from '../http';
import { parseOrThrow } from '../validation';
import { inflate, parseMultipart, partBytes } from './decode';
import type { RumIndex } from './rum-index';
import {
  ForwardedQuerySchema,
  ReplayUploadSchema,
  RumEventEnvelopeSchema,
  type ViewEvent,
  ViewEventSchema,
} from './segment-schemas';

/**
 * `POST /intake?ddforward=<encoded path>`: what the SDK sends when `proxy` points here.
 * The forwarded path says which Datadog intake the upload was meant for.
 */

export interface IntakeContext {
  index: RumIndex;
  now: () => number;
  ingestionDelayMs: () => number;
}

/** The SDK posts cross-origin from any page (and uses sendBeacon), so the intake is open to all origins. */
const CORS_HEADERS = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type, Content-Encoding',
  'Access-Control-Max-Age': '600',
};

export async function handleIntake(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: IntakeContext,
): Promise<void> {
  if (req.method === 'OPTIONS') {
    send(res, 204, '', CORS_HEADERS);
    return;
  }
  if (req.method !== 'POST') throw badRequest('intake accepts POST only');
  const target = forwardedTarget(requestUrl(req));
  const body = await readBody(req);
  if (target.path === '/api/v2/rum') {
    ingestRumBatch(decodeRumBody(body, req, target), target.sdkVersion, ctx);
  } else {
    await ingestReplaySegment(body, req.headers['content-type'], target.sdkVersion, ctx);
  }
  // Datadog's browser intake answers 202 with the request id.
  const requestId = target.params.get('dd-request-id') ?? randomUUID();
  sendJson(res, 202, { request_id: requestId }, CORS_HEADERS);
}

/** The two intakes every major uploads to (4.50.1 to 7.16.2: exactly these paths). */
const INTAKE_PATHS = ['/api/v2/rum', '/api/v2/replay'];

interface ForwardTarget {
  path: string;
  params: URLSearchParams;
  /** Which SDK sent it, when it says (every real major does). */
  sdkVersion: string | undefined;
  /** Query of the proxy URL itself; some clients put `dd-evp-encoding` there. */
  outerParams: URLSearchParams;
}

function forwardedTarget(url: URL): ForwardTarget {
  const ddforward = url.searchParams.get('ddforward');
  if (!ddforward) throw badRequest('query parameter ddforward is required');
  if (!ddforward.startsWith('/'))
    throw badRequest('query parameter ddforward must be a path starting with /');
  const inner = new URL(ddforward, 'http://sandbox.invalid');
  if (!INTAKE_PATHS.includes(inner.pathname)) {
    throw badRequest(
      `ddforward path "${inner.pathname}" is not a known intake (expected ${INTAKE_PATHS.join(' or ')})`,
    );
  }
  // Datadog refuses an upload without the client token before reading it.
  if (!inner.searchParams.get('dd-api-key'))
    throw new HttpError(403, 'ddforward query dd-api-key is required');
  const query = parseOrThrow(ForwardedQuerySchema, Object.fromEntries(inner.searchParams), {
    context: 'ddforward query',
  });
  return {
    path: inner.pathname,
    params: inner.searchParams,
    sdkVersion: query['dd-evp-origin-version'],
    outerParams: url.searchParams,
  };
}

function isDeflated(req: IncomingMessage, target: ForwardTarget): boolean {
  const flag = target.params.get('dd-evp-encoding') ?? target.outerParams.get('dd-evp-encoding');
  return flag === 'deflate' || req.headers['content-encoding'] === 'deflate';
}

function decodeRumBody(body: Buffer, req: IncomingMessage, target: ForwardTarget): string {
  const raw = isDeflated(req, target) ? inflate(body, 'RUM batch body') : body;
  return raw.toString('utf8');
}

/** NDJSON: one event per line. The whole batch is checked before anything is indexed. */
function ingestRumBatch(ndjson: string, sdkVersion: string | undefined, ctx: IntakeContext): void {
  const lines = ndjson.split('\n').filter((line) => line.trim() !== '');
  const viewEvents = lines.map(parseRumLine).filter((event) => event !== null);
  for (const event of viewEvents) ctx.index.applyViewEvent(event, sdkVersion);
}

/** Returns the line's view event, or null for the event types the sandbox does not index. */
function parseRumLine(line: string, i: number): ViewEvent | null {
  const where = { root: 'event', context: `RUM batch line ${i + 1}` };
  const event = parseOrThrow(RumEventEnvelopeSchema, parseJson(Buffer.from(line), where.context), where);
  const indexed = event.type === 'view' || event.type === 'view_update';
  return indexed ? parseOrThrow(ViewEventSchema, event, where) : null;
}

async function ingestReplaySegment(
  body: Buffer,
  contentType: string | undefined,
  sdkVersion: string | undefined,
  ctx: IntakeContext,
): Promise<void> {
  const form = await parseMultipart(body, contentType);
  const event = parseJson(await partBytes(form, 'event'), 'part "event"');
  const compressed = await partBytes(form, 'segment');
  const inflated = inflate(compressed, 'part "segment"');
  const upload = parseOrThrow(
    ReplayUploadSchema,
    {
      event,
      segment: parseJson(inflated, 'part "segment"'),
      inflatedBytes: inflated.length,
      compressedBytes: compressed.length,
    },
    { context: 'replay upload' },
  );
  ctx.index.addSegment(upload.event, upload.segment.records, {
    sdkVersion,
    now: ctx.now(),
    delayMs: ctx.ingestionDelayMs(),
  });
}
