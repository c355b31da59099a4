import { useRef, useState } from 'preact/hooks';
import { DeviceTypeField } from '@/components/popup/DeviceTypeField';
import { checkedOf, type FieldErrors, showChecked, withoutError } from '@/components/shared/errors';
import { TextField } from '@/components/shared/TextField';
import type { DeviceType } from '@/lib/page/page-info';
import type { PageContext } from '@/lib/providers/datadog/context';
import { defaultSaveInput, defaultSnapshotName } from '@/lib/providers/datadog/default-input';
import { type SaveInput, SaveInputSchema } from '@/lib/providers/datadog/job';

type Props = {
  context: PageContext;
  /** False until both keys are configured. */
  canSave: boolean;
  busy: boolean;
  /** The last save failed: the button offers to try again with the same values. */
  failed: boolean;
  onSave: (input: SaveInput) => void;
};

/**
 * The snapshot's name, view and device. Its values live here and survive a failed save; the
 * parent keys it by view so a different view starts from fresh suggestions.
 */
export function SnapshotForm({ context, canSave, busy, failed, onSave }: Props) {
  const form = useRef<HTMLFormElement>(null);
  // The same defaults a one-action save sends (context menu, shortcut).
  const [defaults] = useState(() => defaultSaveInput(context));
  const [viewName, setViewName] = useState(defaults.viewName);
  // null while the person has not typed in it: the name then follows the view name.
  const [editedName, setEditedName] = useState<string | null>(null);
  const [deviceType, setDeviceType] = useState<DeviceType>(defaults.deviceType);
  // Becomes true on the first change of the radios and stays true, even if the person picks the
  // guess back: they looked and chose, which is what Datadog's flag records. Simplest honest rule.
  const [deviceTypeSelectedByUser, setDeviceTypeSelectedByUser] = useState(defaults.deviceTypeSelectedByUser);
  const [errors, setErrors] = useState<FieldErrors<keyof SaveInput>>({});

  const snapshotName = editedName ?? defaultSnapshotName(viewName, context.capturedAt);

  const onSubmit = (event: Event) => {
    event.preventDefault();
    if (!canSave || busy) return;
    const parsed = SaveInputSchema.safeParse({
      snapshotName,
      viewName,
      deviceType,
      deviceTypeSelectedByUser,
    });
    const checked = checkedOf<SaveInput, keyof SaveInput>(parsed);
    if (showChecked(checked, setErrors, form.current)) onSave(checked.input);
  };

  return (
    <form ref={form} class="snapshot-form" noValidate onSubmit={onSubmit}>
      <TextField
        label="View name"
        value={viewName}
        error={errors.viewName}
        onInput={(value) => {
          setViewName(value);
          setErrors(withoutError('viewName'));
        }}
      />
      <TextField
        label="Snapshot name"
        value={snapshotName}
        error={errors.snapshotName}
        onInput={(value) => {
          setEditedName(value);
          setErrors(withoutError('snapshotName'));
        }}
      />
      <DeviceTypeField
        value={deviceType}
        guess={context.deviceGuess}
        onChange={(value) => {
          setDeviceType(value);
          setDeviceTypeSelectedByUser(true);
        }}
      />
      {/* The name stays "Save snapshot" while busy (aria-busy says it works); "Try again" after a failure. */}
      <button type="submit" class="primary" disabled={!canSave || busy} aria-busy={busy}>
        {failed ? 'Try again' : 'Save snapshot'}
      </button>
    </form>
  );
}
