import { useState } from 'preact/hooks';
import { deviceLabel } from '@/components/popup/device';
import { formatApiDate } from '@/components/shared/format';
import { useAction } from '@/components/shared/useAction';
import { request } from '@/lib/messages/client';
import type { PageContext } from '@/lib/providers/datadog/context';
import type { Snapshot } from '@/lib/providers/datadog/schemas';

type Props = {
  snapshot: Snapshot;
  context: PageContext;
  /** Called with a sentence for the list's live region once the snapshot changed. */
  onChanged: (message: string) => void;
};

export function SnapshotItem({ snapshot, context, onChanged }: Props) {
  const { attributes } = snapshot;
  const name = attributes.snapshot_name || snapshot.id;
  const action = useAction();
  // Delete asks twice, inline: the first click turns the button into "Confirm delete".
  const [confirming, setConfirming] = useState(false);

  const repoint = () =>
    action.run(async () => {
      await request('datadog:repoint-snapshot', {
        snapshotId: snapshot.id,
        context,
        // Re-pointing moves the snapshot in time, not to another device: keep how its device
        // type was chosen.
        deviceTypeSelectedByUser: attributes.is_device_type_selected_by_user ?? false,
      });
      onChanged(`Re-pointed “${name}” to now.`);
    });

  const remove = () =>
    action.run(async () => {
      await request('datadog:delete-snapshot', { snapshotId: snapshot.id });
      onChanged(`Deleted “${name}”.`);
    });

  return (
    <li class="snapshot">
      <p class="name">{name}</p>
      <p class="meta">
        {deviceLabel(attributes.device_type)} · {formatApiDate(attributes.created_at)}
      </p>
      <div class="actions">
        <button type="button" disabled={action.pending} onClick={() => void repoint()}>
          Re-point to now
        </button>
        {confirming ? (
          <>
            <button type="button" class="danger" disabled={action.pending} onClick={() => void remove()}>
              Confirm delete
            </button>
            <button type="button" disabled={action.pending} onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </>
        ) : (
          <button type="button" disabled={action.pending} onClick={() => setConfirming(true)}>
            Delete
          </button>
        )}
      </div>
      {action.error ? (
        <p class="problem" role="alert">
          {action.error}
        </p>
      ) : null}
    </li>
  );
}
