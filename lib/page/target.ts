import { z } from 'zod/mini';

/**
 * Where in a tab a page action runs: the top frame, or the frame `frameId` (the browser's id,
 * from the frames offer of a detection) once the person chose to read that frame.
 */
export const PageTargetSchema = z.object({
  tabId: z.int().check(z.nonnegative()),
  frameId: z.optional(z.int().check(z.positive())),
});
export type PageTarget = z.infer<typeof PageTargetSchema>;
