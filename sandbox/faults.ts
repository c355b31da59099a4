import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { readBody } from './http';

/**
 * Faults injected on demand into `/api/...` responses, so clients can be tested against a
 * misbehaving Datadog (top-level fields) or PostHog (`posthog`). Counted faults hit the next `count`
 * matching requests; `latencyMs` and `ingestionDelayMs` stay on until cleared. Intake (both
 * providers'), admin, demo and viewer are never affected. `pathPrefix` and `method` narrow which
 * requests a set touches.
 */

const Count = z.int().nonnegative();

/** The counted faults and latency, shared by the Datadog set and the PostHog set. */
const ApiFaultsShape = {
  rateLimit: z.strictObject({ count: Count, resetSeconds: z.int().nonnegative() }).optional(),
  serverError: z
    .strictObject({
      count: Count,
      status: z.union([z.literal(500), z.literal(502), z.literal(503)]).optional(),
    })
    .optional(),
  latencyMs: z.int().nonnegative().max(120_000).optional(),
  /** Latency on the next `count` matching requests only (added to `latencyMs`): one slow call, not all. */
  slowRequests: z.strictObject({ count: Count, ms: z.int().nonnegative().max(120_000) }).optional(),
  dropConnection: z.strictObject({ count: Count }).optional(),
  /**
   * The next `count` matching POSTs that succeed (2xx) are handled in full (what they create is
   * stored) and then the connection is dropped: with no answer at all (`answer: 'none'`, default),
   * or after the status, headers and half the body (`'partial'`). POSTs refused (4xx) or hit by
   * another fault do not use it up.
   */
  dropAfterCreate: z
    .strictObject({ count: Count, answer: z.enum(['none', 'partial']).optional() })
    .optional(),
  malformedJson: z.strictObject({ count: Count }).optional(),
  /** Only API paths starting with this get faults; default: every `/api/` path of that API. */
  pathPrefix: z.string().startsWith('/').optional(),
  /** Only requests with this method get faults; default: every method. */
  method: z.enum(['GET', 'POST', 'PATCH', 'DELETE']).optional(),
};

/**
 * Faults of the PostHog API (`/api/projects/…`, `/api/environments/…`), under `posthog`; the
 * top-level faults never touch it. `rateLimit.resetSeconds` is sent as `Retry-After`.
 */
export const PostHogFaultsSchema = z.strictObject(ApiFaultsShape);
type ApiFaults = z.infer<typeof PostHogFaultsSchema>;

export const FaultsSchema = z.strictObject({
  ...ApiFaultsShape,
  ingestionDelayMs: z.int().nonnegative().optional(),
  posthog: PostHogFaultsSchema.optional(),
});
export type Faults = z.infer<typeof FaultsSchema>;

/** The one counted fault chosen for a request (at most one per request, most disruptive first). */
export type CountedFault =
  | { kind: 'dropConnection' }
  | { kind: 'serverError'; status: number }
  | { kind: 'rateLimit'; resetSeconds: number }
  | { kind: 'malformedJson' };

export interface FaultDecision {
  latencyMs: number;
  fault: CountedFault | null;
}

export class FaultController {
  private faults: Faults;

  constructor(initial: Faults = {}) {
    this.faults = structuredClone(initial);
  }

  set(faults: Faults): void {
    this.faults = structuredClone(faults);
  }

  clear(): void {
    this.faults = {};
  }

  current(): Faults {
    return structuredClone(this.faults);
  }

  ingestionDelayMs(): number {
    return this.faults.ingestionDelayMs ?? 0;
  }

  /** Decides what happens to an API request and consumes one unit of the chosen counted fault. */
  take(path: string, method: string): FaultDecision {
    return decide(this.faults, path, method);
  }

  /** Like `take`, from the `posthog` fault set, for PostHog API requests. */
  takePostHog(path: string, method: string): FaultDecision {
    return decide(this.faults.posthog, path, method);
  }

  /**
   * After a request without a counted fault was handled with `status`: whether to drop its
   * connection instead of answering (`dropAfterCreate`), consuming one unit if so.
   */
  dropAfterHandled(
    api: 'datadog' | 'posthog',
    path: string,
    method: string,
    status: number,
  ): 'none' | 'partial' | null {
    const f = api === 'posthog' ? this.faults.posthog : this.faults;
    if (!f || !matches(f, path, method) || method !== 'POST' || status < 200 || status >= 300) return null;
    return consume(f.dropAfterCreate) ? (f.dropAfterCreate?.answer ?? 'none') : null;
  }
}

function matches(f: ApiFaults, path: string, method: string): boolean {
  return path.startsWith(f.pathPrefix ?? '/api/') && (f.method === undefined || f.method === method);
}

function decide(f: ApiFaults | undefined, path: string, method: string): FaultDecision {
  if (!f || !matches(f, path, method)) return { latencyMs: 0, fault: null };
  const slow = consume(f.slowRequests) ? (f.slowRequests?.ms ?? 0) : 0;
  return { latencyMs: (f.latencyMs ?? 0) + slow, fault: takeCounted(f) };
}

/** Picks the request's counted fault from one fault set and consumes one unit of it. */
function takeCounted(f: ApiFaults): CountedFault | null {
  if (consume(f.dropConnection)) return { kind: 'dropConnection' };
  if (consume(f.serverError)) return { kind: 'serverError', status: f.serverError?.status ?? 500 };
  if (consume(f.rateLimit)) return { kind: 'rateLimit', resetSeconds: f.rateLimit?.resetSeconds ?? 0 };
  if (consume(f.malformedJson)) return { kind: 'malformedJson' };
  return null;
}

function consume(fault: { count: number } | undefined): boolean {
  if (!fault || fault.count <= 0) return false;
  fault.count -= 1;
  return true;
}

/**
 * Applies the decision's latency, then drops the connection if that is its fault. Returns whether
 * the request is finished (dropped), so the caller must not answer it.
 */
export async function delayOrDrop(req: IncomingMessage, decision: FaultDecision): Promise<boolean> {
  if (decision.latencyMs > 0) {
    // Received first, answered late: a client that gives up meanwhile does not undo the request.
    readBody(req).catch(() => undefined);
    await sleep(decision.latencyMs);
  }
  if (decision.fault?.kind !== 'dropConnection') return false;
  req.socket.destroy();
  return true;
}

/**
 * Ends a handled request without a usable answer (`dropAfterCreate`): no answer at all, or the
 * status and headers with half the body, then the connection is dropped.
 */
export function cutAnswer(
  req: IncomingMessage,
  res: ServerResponse,
  answer: 'none' | 'partial',
  status: number,
  body: { bytes: Buffer; contentType: string },
): void {
  if (answer === 'none') {
    req.socket.destroy();
    return;
  }
  res.writeHead(status, { 'Content-Type': body.contentType, 'Content-Length': String(body.bytes.length) });
  res.write(body.bytes.subarray(0, Math.floor(body.bytes.length / 2)), () => req.socket.destroy());
}
