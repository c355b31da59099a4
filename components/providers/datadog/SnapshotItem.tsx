import { deviceLabel } from '@/components/popup/device';
import { ConfirmDeleteButton } from '@/components/shared/ConfirmDeleteButton';
import { formatApiDate } from '@/components/shared/format';
import { SavedItem } from '@/components/shared/SavedItem';
import { useAction } from '@/components/shared/useAction';
import { request } from '@/lib/messages/client';
import type { PageContext } from '@/lib/providers/datadog/context';
import type { Snapshot } from '@/lib/providers/datadog/schemas';

type Props = {
  snapshot: Snapshot;
  context: PageContext;
  /** The profile whose keys list, re-point and delete use (see SnapshotList). */
  profileId: string | undefined;
  /** Called with a sentence for the list's live region once the snapshot changed. */
  onChanged: (message: string) => void;
};

export function SnapshotItem({ snapshot, context, profileId, onChanged }: Props) {
  const { attributes } = snapshot;
  const name = attributes.snapshot_name || snapshot.id;
  const action = useAction();

  const repoint = () =>
    action.run(async () => {
      await request('datadog:repoint-snapshot', {
        snapshotId: snapshot.id,
        context,
        profileId,
        // Re-pointing moves the snapshot in time, not to another device: keep how its device
        // type was chosen.
        deviceTypeSelectedByUser: attributes.is_device_type_selected_by_user ?? false,
      });
      onChanged(`Re-pointed “${name}” to now.`);
    });

  const remove = () =>
    action.run(async () => {
      await request('datadog:delete-snapshot', { snapshotId: snapshot.id, profileId });
      onChanged(`Deleted “${name}”.`);
    });

  return (
    <SavedItem
      name={name}
      meta={`${deviceLabel(attributes.device_type)} · ${formatApiDate(attributes.created_at)}`}
      error={action.error}
    >
      <button type="button" disabled={action.pending} onClick={() => void repoint()}>
        Re-point to now
      </button>
      <ConfirmDeleteButton pending={action.pending} onDelete={() => void remove()} />
    </SavedItem>
  );
}
