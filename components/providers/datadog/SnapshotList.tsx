import { CollapsibleList } from '@/components/shared/CollapsibleList';
import { request } from '@/lib/messages/client';
import type { PageContext } from '@/lib/providers/datadog/context';
import { SnapshotItem } from './SnapshotItem';

type Props = {
  context: PageContext;
  /** The profile chosen in the popup; undefined: the one bound to the application, else the default. */
  profileId: string | undefined;
  /** Changes when a save finished, so an open list shows the new snapshot. */
  refreshKey: string | null;
};

/** Saved snapshots of the detected view, to re-point or delete without leaving the page. */
export function SnapshotList({ context, profileId, refreshKey }: Props) {
  const { viewName, applicationId } = context;
  return (
    <CollapsibleList
      summary="Snapshots of this view"
      load={() => request('datadog:list-snapshots', { viewName, applicationId, profileId })}
      reloadKey={`${refreshKey}|${applicationId}|${viewName}|${profileId}`}
      loadingText="Loading snapshots…"
      emptyText="No snapshots of this view yet."
      renderItem={(snapshot, onChanged) => (
        <SnapshotItem
          key={snapshot.id}
          snapshot={snapshot}
          context={context}
          profileId={profileId}
          onChanged={onChanged}
        />
      )}
    />
  );
}
