import { probeDatadog } from './datadog/probe';
import { probePosthog } from './posthog/probe';

/**
 * Each provider's page probe: the page bundle's registry (see `registry.ts`). Everything imported
 * here runs in the page's MAIN world: never zod, never `wxt/browser` (a test enforces it).
 */
export const PAGE_PROBES = [
  ['datadog', probeDatadog],
  ['posthog', probePosthog],
] as const;
