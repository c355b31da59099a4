import type { IncomingMessage } from 'node:http';
import type { HeatmapStore } from './heatmap-store';
import type { HeatmapProcessor } from './processing';

/** What a PostHog API handler sees and returns; `dispatch.ts` owns faults, auth, limits and writing. */

export interface PhRequest {
  req: IncomingMessage;
  method: string;
  url: URL;
  /** Path parameters, URL-decoded. */
  params: Record<string, string>;
  body(): Promise<Buffer>;
}

export type PhResult = { status: number; json: unknown } | { status: number; jpeg: Buffer };

export type PhHandler = (request: PhRequest) => PhResult | Promise<PhResult>;

export interface Project {
  id: number;
  name: string;
  api_token: string;
}

/** Shared by the saved-heatmap, upload and content handlers. */
export interface HeatmapContext {
  store: HeatmapStore;
  processor: HeatmapProcessor;
  now: () => number;
  /** Names the stand-in's resolver treats as public sites (page-url.ts). */
  publicHosts: ReadonlySet<string>;
}
