import { readSettings } from '@/lib/storage/items';
import { savedHeatmapLink } from './hosts';
import type { PosthogJob } from './job';

/**
 * Where a finished PostHog save is seen, as SaveStatus's "Open in PostHog": the saved heatmap, in
 * the project the save's profile names; null without a result or a project.
 */
export async function savedHeatmapLinkOf(job: PosthogJob): Promise<string | null> {
  if (!job.result) return null;
  const { apiUrl, projectId } = await readSettings('posthog', job.profileId);
  return projectId === '' ? null : savedHeatmapLink(apiUrl, projectId, job.result.shortId);
}
