import { useEffect } from 'preact/hooks';
import { useAsync } from '@/components/shared/useAsync';
import { request } from '@/lib/messages/client';
import type { ProviderId } from '@/lib/providers/registry';

type Props = {
  provider: ProviderId;
  /** The id profiles bind to (Datadog application id, PostHog project token); null when none. */
  detectedId: string | null;
  /** What the person chose here; undefined: the binding rule picks. */
  profileId: string | undefined;
  onChange: (profileId: string) => void;
  /** Why a bound profile serves, in this provider's words, e.g. "bound to this application". */
  boundReason: string;
};

/**
 * "Profile: <name>" and why it serves this page, with a select to switch for this page when there
 * are several. The switch applies to every request of the provider's panel (it passes `profileId`).
 */
export function ProfilePicker({ provider, detectedId, profileId, onChange, boundReason }: Props) {
  const answer = useAsync(() => request('serving-profile', { provider, detectedId, profileId }), {
    lazy: true,
  });
  const { reload } = answer;
  // Ask again when the choice or the page's id changes (and once on mount: the load is lazy).
  useEffect(() => reload(), [profileId, detectedId]);
  const value =
    answer.state.status === 'ok' || answer.state.status === 'loading' ? answer.state.value : undefined;
  if (answer.state.status === 'error') return <p class="notice error">{answer.state.message}</p>;
  if (!value) return null;
  const { profiles, serving } = value;
  const why = { bound: boundReason, default: 'default', chosen: 'chosen for this page' }[serving.reason];
  const selectId = `profile-${provider}`;
  return (
    <div class="profile-picker">
      <p>
        Profile: <strong>{serving.name}</strong> ({why})
      </p>
      {profiles.length > 1 ? (
        <p>
          <label for={selectId}>Use profile</label>{' '}
          <select
            id={selectId}
            value={serving.id}
            onChange={(event) => onChange((event.target as HTMLSelectElement).value)}
          >
            {profiles.map((profile) => (
              <option key={profile.id} value={profile.id}>
                {profile.name}
              </option>
            ))}
          </select>
        </p>
      ) : null}
    </div>
  );
}
