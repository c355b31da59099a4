import { probeDatadog } from './datadog/probe';
import { probePosthog } from './posthog/probe';
import type { ProviderId } from './registry';

/**
 * Each provider's page probe: the page bundle's registry (see `registry.ts`). Everything imported
 * here at run time runs in the page's MAIN world: never zod, never `wxt/browser` (a test
 * enforces it); the provider list comes in as a type only.
 */
export const PAGE_PROBES = [
  ['datadog', probeDatadog],
  ['posthog', probePosthog],
] as const satisfies readonly (readonly [ProviderId, (win: Window) => unknown])[];

/** A provider missing from the list above fails `tsc` here. */
type Missing = Exclude<ProviderId, (typeof PAGE_PROBES)[number][0]>;
const everyProviderProbed: [Missing] extends [never] ? true : Missing = true;
void everyProviderProbed;
