import { useId } from 'preact/hooks';
import { DEVICE_LAYOUT_SUPPORTED } from '@/components/shared/device-layout-permission';
import type { PictureSource } from '@/lib/providers/posthog/job';

const OPTIONS: { value: PictureSource; label: string; help: string }[] = [
  {
    value: 'capture',
    label: 'Capture this tab',
    help: DEVICE_LAYOUT_SUPPORTED
      ? 'Works behind a login: the page as you see it, at its current width or the widths you pick.'
      : 'Works behind a login: the page as you see it, at its current width.',
  },
  {
    value: 'render',
    label: 'Let PostHog render it',
    help: 'Public pages only: PostHog loads the URL itself.',
  },
];

type Props = { value: PictureSource; onChange: (value: PictureSource) => void };

/**
 * Where the heatmap's picture comes from. Native radios (arrow keys move within the group); each
 * option's consequence is its description, so the radio's name stays short.
 */
export function PictureField({ value, onChange }: Props) {
  const id = useId();
  return (
    <fieldset class="picture-source">
      <legend>Picture</legend>
      {OPTIONS.map((option) => (
        <div key={option.value} class="option">
          <label>
            <input
              type="radio"
              name={`${id}-picture`}
              value={option.value}
              checked={value === option.value}
              aria-describedby={`${id}-${option.value}`}
              onChange={() => onChange(option.value)}
            />
            {option.label}
          </label>
          <p id={`${id}-${option.value}`} class="help">
            {option.help}
          </p>
        </div>
      ))}
    </fieldset>
  );
}
