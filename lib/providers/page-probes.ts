import { probeDatadog } from './datadog/probe';

/**
 * Each provider's page probe: the page bundle's registry (see `registry.ts`). Everything imported
 * here runs in the page's MAIN world: never zod, never `wxt/browser` (a test enforces it).
 */
export const PAGE_PROBES = [['datadog', probeDatadog]] as const;
