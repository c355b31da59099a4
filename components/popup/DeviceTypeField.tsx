import { useId } from 'preact/hooks';
import { DEVICE_LABELS, DEVICE_TYPES } from '@/lib/page/device-layouts';
import type { DeviceType } from '@/lib/page/page-info';

type Props = { value: DeviceType; guess: DeviceType; onChange: (value: DeviceType) => void };

/**
 * Native radios: arrow keys move within the group, Tab leaves it. The guess is said in a
 * description, not in the labels, so each radio's name is just its device type.
 */
export function DeviceTypeField({ value, guess, onChange }: Props) {
  const hintId = useId();
  return (
    <fieldset class="device-type" aria-describedby={hintId}>
      <legend>Device type</legend>
      {DEVICE_TYPES.map((type) => (
        <label key={type}>
          <input
            type="radio"
            name="device-type"
            value={type}
            checked={value === type}
            onChange={() => onChange(type)}
          />
          {DEVICE_LABELS[type]}
        </label>
      ))}
      <p id={hintId} class="help">
        Detected from the page’s viewport: {DEVICE_LABELS[guess]}.
      </p>
    </fieldset>
  );
}
