import { useEffect, useState } from 'preact/hooks';
import { useAsync } from '@/components/shared/useAsync';
import { request } from '@/lib/messages/client';
import type { PageContext } from '@/lib/providers/datadog/context';
import { SnapshotItem } from './SnapshotItem';

type Props = {
  context: PageContext;
  /** Changes when a save finished, so an open list shows the new snapshot. */
  refreshKey: string | null;
};

/**
 * Saved snapshots of the detected view. Collapsed by default: nothing is requested until the
 * person opens it, so the popup stays instant.
 */
export function SnapshotList({ context, refreshKey }: Props) {
  const [open, setOpen] = useState(false);
  // For the live region: what the last re-point or delete did (the item itself may be gone).
  const [notice, setNotice] = useState('');
  const { viewName, applicationId } = context;
  const { state, reload } = useAsync(() => request('datadog:list-snapshots', { viewName, applicationId }), {
    lazy: true,
  });

  // Load on opening, and again when a save finished (refreshKey) or the view changed.
  useEffect(() => {
    if (open) reload();
  }, [open, refreshKey, viewName, applicationId, reload]);

  const onChanged = (message: string) => {
    setNotice(message);
    reload();
  };

  const snapshots = 'value' in state ? state.value : undefined;
  return (
    <details class="snapshots" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>Snapshots of this view</summary>
      <div aria-busy={state.status === 'loading'}>
        {state.status === 'loading' && snapshots === undefined ? (
          <p class="muted">Loading snapshots…</p>
        ) : null}
        {state.status === 'error' ? (
          <p class="problem" role="alert">
            {state.message}
          </p>
        ) : null}
        {snapshots?.length === 0 ? <p class="muted">No snapshots of this view yet.</p> : null}
        {snapshots && snapshots.length > 0 ? (
          <ul class="snapshot-list">
            {snapshots.map((snapshot) => (
              <SnapshotItem key={snapshot.id} snapshot={snapshot} context={context} onChanged={onChanged} />
            ))}
          </ul>
        ) : null}
        {/* aria-live rather than role=status: the save's status stays the popup's only status region. */}
        <p class="muted" aria-live="polite">
          {notice}
        </p>
      </div>
    </details>
  );
}
