import { z } from 'zod';

/**
 * Where in a tab a page action runs: the top frame, or the frame `frameId` (the browser's id,
 * from the frames offer of a detection) once the person chose to read that frame.
 */
export const PageTargetSchema = z.object({
  tabId: z.number().int().nonnegative(),
  frameId: z.number().int().positive().optional(),
});
export type PageTarget = z.infer<typeof PageTargetSchema>;
