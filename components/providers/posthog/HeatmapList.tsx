import { CollapsibleList } from '@/components/shared/CollapsibleList';
import { request } from '@/lib/messages/client';
import { savedHeatmapLink } from '@/lib/providers/posthog/hosts';
import type { PosthogPublicSettings } from '@/lib/providers/posthog/protocol';
import { HeatmapItem } from './HeatmapItem';

/** Whose keys list, render again and delete use: the profile bound to `token`, or the one chosen. */
export type HeatmapProfile = { token: string; profileId: string | undefined };

type Props = {
  pageUrl: string;
  profile: HeatmapProfile;
  settings: PosthogPublicSettings | null;
  /** Changes when a save finished, so an open list shows the new heatmap. */
  refreshKey: string | null;
};

/** PostHog's saved heatmaps of this page, to open, render again or delete without leaving it. */
export function HeatmapList({ pageUrl, profile, settings, refreshKey }: Props) {
  const linkOf = (shortId: string) =>
    settings && settings.projectId !== ''
      ? savedHeatmapLink(settings.apiUrl, settings.projectId, shortId)
      : null;
  return (
    <CollapsibleList
      summary="Saved heatmaps of this page"
      load={() => request('posthog:list-heatmaps', { pageUrl, ...profile })}
      reloadKey={`${refreshKey}|${pageUrl}|${profile.profileId}`}
      loadingText="Loading saved heatmaps…"
      emptyText="No saved heatmaps of this page yet."
      renderItem={(heatmap, onChanged) => (
        <HeatmapItem
          key={heatmap.id}
          heatmap={heatmap}
          profile={profile}
          link={linkOf(heatmap.short_id)}
          onChanged={onChanged}
        />
      )}
    />
  );
}
