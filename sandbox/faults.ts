import { z } from 'zod';

/**
 * Faults injected on demand into `/api/...` responses, so clients can be tested against a
 * misbehaving Datadog. Counted faults hit the next `count` matching requests; `latencyMs` and
 * `ingestionDelayMs` stay on until cleared. Intake, admin, demo and viewer are never affected.
 */

const Count = z.int().nonnegative();

export const FaultsSchema = z.strictObject({
  rateLimit: z.strictObject({ count: Count, resetSeconds: z.int().nonnegative() }).optional(),
  serverError: z
    .strictObject({
      count: Count,
      status: z.union([z.literal(500), z.literal(502), z.literal(503)]).optional(),
    })
    .optional(),
  latencyMs: z.int().nonnegative().max(120_000).optional(),
  dropConnection: z.strictObject({ count: Count }).optional(),
  malformedJson: z.strictObject({ count: Count }).optional(),
  ingestionDelayMs: z.int().nonnegative().optional(),
  /** Only API paths starting with this get faults; default: every `/api/` path. */
  pathPrefix: z.string().startsWith('/').optional(),
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
  take(path: string): FaultDecision {
    if (!path.startsWith(this.faults.pathPrefix ?? '/api/')) return { latencyMs: 0, fault: null };
    return { latencyMs: this.faults.latencyMs ?? 0, fault: this.takeCounted() };
  }

  private takeCounted(): CountedFault | null {
    const f = this.faults;
    if (consume(f.dropConnection)) return { kind: 'dropConnection' };
    if (consume(f.serverError)) return { kind: 'serverError', status: f.serverError?.status ?? 500 };
    if (consume(f.rateLimit)) return { kind: 'rateLimit', resetSeconds: f.rateLimit?.resetSeconds ?? 0 };
    if (consume(f.malformedJson)) return { kind: 'malformedJson' };
    return null;
  }
}

function consume(fault: { count: number } | undefined): boolean {
  if (!fault || fault.count <= 0) return false;
  fault.count -= 1;
  return true;
}
