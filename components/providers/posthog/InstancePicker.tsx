import { useId } from 'preact/hooks';
import type { PosthogInstance } from '@/lib/providers/posthog/context';

type Props = { instances: PosthogInstance[]; selected: string; onSelect: (name: string) => void };

/**
 * A page can run several posthog-js instances (`posthog.init(token, config, name)`), each maybe
 * reporting to another project: the person picks the one the heatmap is for.
 */
export function InstancePicker({ instances, selected, onSelect }: Props) {
  const group = useId();
  return (
    <fieldset class="instance-picker">
      <legend>PostHog instance</legend>
      {instances.map((instance) => (
        <label key={instance.name}>
          <input
            type="radio"
            name={group}
            value={instance.name}
            checked={instance.name === selected}
            onChange={() => onSelect(instance.name)}
          />
          {instance.name} <code class="muted">{instance.token}</code>
        </label>
      ))}
    </fieldset>
  );
}
