import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { badRequest, parseJson, readBody, requestUrl, send, sendJson } from '../http';
import { parseOrThrow } from '../validation';
import { inflate, parseMultipart, partBytes } from './decode';
import type { RumIndex } from './rum-index';
import {
  RumEventEnvelopeSchema,
  SegmentBodySchema,
  SegmentMetaSchema,
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
  if (target.path.startsWith('/api/v2/rum')) {
    ingestRumBatch(decodeRumBody(body, req, target), ctx);
  } else if (target.path.startsWith('/api/v2/replay')) {
    await ingestReplaySegment(body, req.headers['content-type'], ctx);
  } else {
    throw badRequest(
      `ddforward path "${target.path}" is not a known intake (expected /api/v2/rum or /api/v2/replay)`,
    );
  }
  // Datadog's browser intake answers 202 with the request id.
  const requestId = target.params.get('dd-request-id') ?? randomUUID();
  sendJson(res, 202, { request_id: requestId }, CORS_HEADERS);
}

interface ForwardTarget {
  path: string;
  params: URLSearchParams;
  /** Query of the proxy URL itself; some clients put `dd-evp-encoding` there. */
  outerParams: URLSearchParams;
}

function forwardedTarget(url: URL): ForwardTarget {
  const ddforward = url.searchParams.get('ddforward');
  if (!ddforward) throw badRequest('query parameter ddforward is required');
  if (!ddforward.startsWith('/'))
    throw badRequest('query parameter ddforward must be a path starting with /');
  const inner = new URL(ddforward, 'http://sandbox.invalid');
  return { path: inner.pathname, params: inner.searchParams, outerParams: url.searchParams };
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
function ingestRumBatch(ndjson: string, ctx: IntakeContext): void {
  const lines = ndjson.split('\n').filter((line) => line.trim() !== '');
  const viewEvents = lines.map(parseRumLine).filter((event) => event !== null);
  for (const event of viewEvents) ctx.index.applyViewEvent(event);
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
  ctx: IntakeContext,
): Promise<void> {
  const form = await parseMultipart(body, contentType);
  const meta = parseOrThrow(SegmentMetaSchema, parseJson(await partBytes(form, 'event'), 'part "event"'), {
    context: 'part "event"',
  });
  const segmentJson = inflate(await partBytes(form, 'segment'), 'part "segment"');
  const segment = parseOrThrow(SegmentBodySchema, parseJson(segmentJson, 'part "segment"'), {
    context: 'part "segment"',
  });
  ctx.index.addSegment(meta, segment.records, ctx.now(), ctx.ingestionDelayMs());
}
