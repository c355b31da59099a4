import type { ComponentChildren } from 'preact';
import { useEffect, useId, useState } from 'preact/hooks';
import { TextField } from '@/components/shared/TextField';
import { useAction } from '@/components/shared/useAction';
import { useAsync } from '@/components/shared/useAsync';
import { request } from '@/lib/messages/client';
import type { ProfileChange, ProfilesList } from '@/lib/profiles/protocol';
import { PROVIDERS, type ProviderId } from '@/lib/providers/registry';

type Props = {
  provider: ProviderId;
  /** The provider's settings form for the profile being edited. */
  children: (profileId: string) => ComponentChildren;
};

/**
 * One provider's profiles on the options page: pick the one to edit; add, rename, delete (not the
 * last), make it the default, and set the ids it serves. Every rule is checked in the background
 * (lib/profiles/edit.ts), whose sentence shows here.
 */
export function ProfileManager({ provider, children }: Props) {
  const list = useAsync(() => request('list-profiles', { provider }));
  const [selected, setSelected] = useState<string | null>(null);
  const { state } = list;
  if (state.status === 'error') return <p role="alert">{state.message}</p>;
  if (state.status !== 'ok') return null;
  const profiles = state.value;
  const current =
    profiles.profiles.find((p) => p.id === selected) ??
    profiles.profiles.find((p) => p.id === profiles.defaultId);
  if (!current) return null;
  return (
    <>
      <ProfileControls
        provider={provider}
        profiles={profiles}
        currentId={current.id}
        onSelect={setSelected}
        onChanged={(next, selectId) => {
          list.set(next);
          if (selectId !== undefined) setSelected(selectId);
        }}
      />
      {current.managed === 'no' ? (
        children(current.id)
      ) : (
        <>
          <p class="notice">
            Managed by your organisation.
            {current.managed === 'some'
              ? ' Only the fields it leaves open (such as your keys) are yours to set.'
              : ''}
          </p>
          <fieldset class="managed" disabled={current.managed === 'all'}>
            {children(current.id)}
          </fieldset>
        </>
      )}
    </>
  );
}

type ControlsProps = {
  provider: ProviderId;
  profiles: ProfilesList;
  currentId: string;
  onSelect: (id: string) => void;
  onChanged: (profiles: ProfilesList, selectId?: string) => void;
};

function ProfileControls({ provider, profiles, currentId, onSelect, onChanged }: ControlsProps) {
  const selectId = useId();
  const action = useAction();
  const current = profiles.profiles.find((p) => p.id === currentId);
  const [name, setName] = useState(current?.name ?? '');
  const [bindings, setBindings] = useState(current?.bindings.join('\n') ?? '');
  const [done, setDone] = useState('');
  // Another profile picked (or renamed elsewhere): show its own name and bindings.
  useEffect(() => {
    setName(current?.name ?? '');
    setBindings(current?.bindings.join('\n') ?? '');
  }, [current?.name, current?.bindings]);

  const change = (what: ProfileChange, sentence: string, select?: (next: ProfilesList) => string) =>
    action.run(async () => {
      const next = await request('change-profiles', { provider, change: what });
      onChanged(next, select?.(next));
      setDone(sentence);
    });
  const isDefault = profiles.defaultId === currentId;
  // The organisation's profiles are changed by the organisation only.
  const locked = current?.managed !== 'no';
  const definition = PROVIDERS[provider];

  return (
    <div class="profile-controls">
      <p>
        <label for={selectId}>Profile</label>{' '}
        <select
          id={selectId}
          value={currentId}
          onChange={(event) => onSelect((event.target as HTMLSelectElement).value)}
        >
          {profiles.profiles.map((profile) => (
            <option key={profile.id} value={profile.id}>
              {profile.id === profiles.defaultId ? `${profile.name} (default)` : profile.name}
            </option>
          ))}
        </select>{' '}
        <button
          type="button"
          disabled={action.pending}
          onClick={() =>
            change(
              { kind: 'add', name: `Profile ${profiles.profiles.length + 1}` },
              'Profile added.',
              (next) => next.profiles.at(-1)?.id ?? currentId,
            )
          }
        >
          Add profile
        </button>{' '}
        <button
          type="button"
          disabled={action.pending || isDefault || locked}
          onClick={() => change({ kind: 'set-default', id: currentId }, 'This profile is now the default.')}
        >
          Make default
        </button>{' '}
        <button
          type="button"
          disabled={action.pending || profiles.profiles.length === 1 || locked}
          onClick={() =>
            change({ kind: 'delete', id: currentId }, 'Profile deleted.', (next) => next.defaultId)
          }
        >
          Delete profile
        </button>
      </p>
      {profiles.policyProblem ? <p class="notice problem">{profiles.policyProblem}</p> : null}
      {/* The organisation's name and bindings: shown, not editable (a disabled fieldset disables all within). */}
      <fieldset disabled={locked}>
        <TextField label="Profile name" value={name} onInput={setName} />
        <button
          type="button"
          disabled={action.pending}
          onClick={() => change({ kind: 'rename', id: currentId, name }, 'Profile renamed.')}
        >
          Rename
        </button>
        <BindingsField label={definition.bindingLabel} value={bindings} onInput={setBindings} />
        <button
          type="button"
          disabled={action.pending}
          onClick={() => change({ kind: 'bindings', id: currentId, text: bindings }, 'Bindings saved.')}
        >
          Save bindings
        </button>
      </fieldset>
      {action.error ? (
        <p role="alert" class="notice problem">
          {action.error}
        </p>
      ) : null}
      {/* Only once there is news: the form below has the section's own status region. */}
      {done && !action.error ? (
        <p role="status" class="notice success">
          {done}
        </p>
      ) : null}
    </div>
  );
}

function BindingsField({
  label,
  value,
  onInput,
}: {
  label: string;
  value: string;
  onInput: (v: string) => void;
}) {
  const id = useId();
  return (
    <p class="field">
      <label for={id}>{label}</label>
      <textarea
        id={id}
        class="mono"
        rows={3}
        value={value}
        onInput={(event) => onInput((event.target as HTMLTextAreaElement).value)}
      />
      <span class="help">
        One per line or separated by commas. Pages with none of these use the default profile.
      </span>
    </p>
  );
}
