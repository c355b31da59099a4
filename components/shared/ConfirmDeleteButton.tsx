import { useState } from 'preact/hooks';

type Props = { pending: boolean; onDelete: () => void };

/**
 * Delete that asks twice, inline: the first click turns "Delete" into "Confirm delete" and
 * "Cancel", so a saved item is never lost to one stray click and no dialog is needed.
 */
export function ConfirmDeleteButton({ pending, onDelete }: Props) {
  const [confirming, setConfirming] = useState(false);
  return confirming ? (
    <>
      <button type="button" class="danger" disabled={pending} onClick={onDelete}>
        Confirm delete
      </button>
      <button type="button" disabled={pending} onClick={() => setConfirming(false)}>
        Cancel
      </button>
    </>
  ) : (
    <button type="button" disabled={pending} onClick={() => setConfirming(true)}>
      Delete
    </button>
  );
}
