import { useId } from 'preact/hooks';
import { TextField } from '@/components/shared/TextField';
import { POSTHOG_CLOUD_HOSTS } from '@/lib/providers/posthog/hosts';

type Props = {
  value: string;
  error: string | undefined;
  onInput: (value: string) => void;
  onBlur: () => void;
};

/**
 * Which PostHog: a free address (self-hosted PostHog is common) with the two cloud regions
 * offered as suggestions, rather than a select that would hide the self-hosted case.
 */
export function PosthogUrlField({ value, error, onInput, onBlur }: Props) {
  const listId = useId();
  return (
    <>
      <TextField
        label="PostHog URL"
        type="url"
        mono
        list={listId}
        value={value}
        help="US: https://us.posthog.com, EU: https://eu.posthog.com, or your self-hosted address."
        error={error}
        onInput={onInput}
        onBlur={onBlur}
      />
      <datalist id={listId}>
        {POSTHOG_CLOUD_HOSTS.map((cloud) => (
          <option key={cloud.id} value={cloud.apiUrl} label={cloud.label} />
        ))}
      </datalist>
    </>
  );
}
