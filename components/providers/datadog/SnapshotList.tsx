import { CollapsibleList } from '@/components/shared/CollapsibleList';
import { request } from '@/lib/messages/client';
import type { PageContext } from '@/lib/providers/datadog/context';
import { SnapshotItem } from './SnapshotItem';

type Props = {
  context: PageContext;
  /** Changes when a save finished, so an open list shows the new snapshot. */
  refreshKey: string | null;
};

/** Saved snapshots of the detected view, to re-point or delete without leaving the page. */
export function SnapshotList({ context, refreshKey }: Props) {
  const { viewName, applicationId } = context;
  return (
    <CollapsibleList
      summary="Snapshots of this view"
      load={() => request('datadog:list-snapshots', { viewName, applicationId })}
      reloadKey={`${refreshKey}|${applicationId}|${viewName}`}
      loadingText="Loading snapshots…"
      emptyText="No snapshots of this view yet."
      renderItem={(snapshot, onChanged) => (
        <SnapshotItem key={snapshot.id} snapshot={snapshot} context={context} onChanged={onChanged} />
      )}
    />
  );
}
