/**
 * What each save of the fault campaign (`npm run faults`) suffers, drawn up front from the seed so
 * a run can be repeated exactly (`--seed`), whichever lane happens to run which save.
 */

export type Provider = 'datadog' | 'posthog';

/** When a fault is applied, in the order a save goes through them. */
export const STEPS = ['before-click', 'after-click', 'mid-create', 'after-create'] as const;
export type Step = (typeof STEPS)[number];

export type Fault =
  | { kind: 'none' }
  | { kind: 'worker-stopped'; step: Step }
  | { kind: 'popup-closed'; step: Exclude<Step, 'before-click'> }
  | { kind: 'rate-limit-storm'; step: Step; count: number; resetSeconds: number; target: Target }
  | { kind: 'server-error'; step: Step; count: number; status: 500 | 502 | 503; target: Target }
  | { kind: 'latency-past-timeout'; step: Step; ms: number; target: Target }
  | { kind: 'drop-before-store'; step: Step; count: number; target: Target }
  | { kind: 'drop-after-store'; step: Step }
  | { kind: 'cut-after-store'; step: Step }
  | { kind: 'malformed-answer'; step: Step; target: Target }
  | { kind: 'storage-full'; step: Step; forMs: number }
  | { kind: 'sandbox-down'; step: Step; forMs: number };
export type FaultKind = Fault['kind'];

/** Which requests a sandbox fault hits: the create (POST) only, or every API call of the provider. */
export type Target = 'create' | 'any';

export interface SavePlan {
  index: number;
  provider: Provider;
  /** Unique per save and run: the campaign counts what the provider holds under this name. */
  name: string;
  faults: Fault[];
}

/** mulberry32: small, fast, good enough to draw faults reproducibly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** The extension's HTTP timeout is 15 s (lib/providers/*\/client.ts): a little past it. */
const PAST_TIMEOUT_MS = 16_000;

const KINDS: FaultKind[] = [
  'none',
  'worker-stopped',
  'popup-closed',
  'rate-limit-storm',
  'server-error',
  'latency-past-timeout',
  'drop-before-store',
  'drop-after-store',
  'cut-after-store',
  'malformed-answer',
  'storage-full',
  'sandbox-down',
];

/** The faults the sandbox's API injects (one fault set at a time). */
export const API_KINDS: ReadonlySet<FaultKind> = new Set([
  'rate-limit-storm',
  'server-error',
  'latency-past-timeout',
  'drop-before-store',
  'drop-after-store',
  'cut-after-store',
  'malformed-answer',
]);

export function drawPlans(seed: number, saves: number, runId: string): SavePlan[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const step = (): Step => pick(STEPS);
  const target = (): Target => (random() < 0.7 ? 'create' : 'any');

  const fault = (kind: FaultKind): Fault => {
    switch (kind) {
      case 'none':
        return { kind };
      case 'worker-stopped':
        return { kind, step: step() };
      case 'popup-closed':
        return { kind, step: pick(['after-click', 'mid-create', 'after-create'] as const) };
      case 'rate-limit-storm':
        return { kind, step: step(), count: int(2, 6), resetSeconds: int(0, 2), target: target() };
      case 'server-error':
        return {
          kind,
          step: step(),
          count: int(1, 3),
          status: pick([500, 502, 503] as const),
          target: target(),
        };
      case 'latency-past-timeout':
        return { kind, step: step(), ms: PAST_TIMEOUT_MS, target: target() };
      case 'drop-before-store':
        return { kind, step: step(), count: int(1, 2), target: target() };
      case 'drop-after-store':
      case 'cut-after-store':
        return { kind, step: pick(['before-click', 'after-click'] as const) };
      case 'malformed-answer':
        return { kind, step: step(), target: target() };
      case 'storage-full':
        return { kind, step: step(), forMs: int(500, 6_000) };
      case 'sandbox-down':
        return { kind, step: step(), forMs: int(500, 6_000) };
    }
  };

  return Array.from({ length: saves }, (_, index) => {
    const provider: Provider = random() < 0.5 ? 'datadog' : 'posthog';
    const first = pick(KINDS);
    const faults = [fault(first)];
    // Sometimes two at once: never two of the same kind, never "none" with another, and at most
    // one sandbox API fault (the sandbox gives a request at most one counted fault anyway).
    if (first !== 'none' && random() < 0.2) {
      const apiFault = API_KINDS.has(first);
      const second = pick(
        KINDS.filter((kind) => kind !== 'none' && kind !== first && !(apiFault && API_KINDS.has(kind))),
      );
      faults.push(fault(second));
    }
    return { index, provider, name: `fc-${runId}-${index}-${provider}`, faults };
  });
}

/** How a fault is named in the report: its kind, and its step when it has one. */
export function faultLabel(fault: Fault): string {
  return 'step' in fault ? `${fault.kind}@${fault.step}` : fault.kind;
}
