import { useState } from 'preact/hooks';
import { ProfilePicker } from '@/components/popup/ProfilePicker';
import { useSaveJob } from '@/components/popup/useSaveJob';
import { type AsyncState, useAsync } from '@/components/shared/useAsync';
import { request } from '@/lib/messages/client';
import type { PageInfo } from '@/lib/page/page-info';
import type { PosthogDetection, PosthogInstance } from '@/lib/providers/posthog/context';
import type { PosthogJob } from '@/lib/providers/posthog/job';
import type { PosthogPublicSettings } from '@/lib/providers/posthog/protocol';
import type { ProviderPanelProps } from '../types';
import { DetectedInstance } from './DetectedInstance';
import { HeatmapForm } from './HeatmapForm';
import { HeatmapList } from './HeatmapList';
import { InstancePicker } from './InstancePicker';
import { PosthogStateMessage } from './PosthogStateMessage';
import { SaveStatus } from './SaveStatus';
import { posthogConfigured, SettingsNotice } from './SettingsNotice';
import { useProjectLookup } from './useProjectLookup';

/** PostHog's part of the popup: its settings notices, then what was found or why nothing can be saved yet. */
export function PosthogPanel({ detection, page, tabId, onRetry }: ProviderPanelProps<'posthog'>) {
  const settings = useAsync(() => request('posthog:get-settings', {}));
  const instances = detection.status === 'ready' ? detection.instances : [];
  const [selected, setSelected] = useState(instances[0]?.name ?? '');
  const instance = instances.find((candidate) => candidate.name === selected) ?? instances[0] ?? null;
  const loaded = settings.state.status === 'ok' ? settings.state.value : null;
  // The background stores the project id it finds; reading the settings again picks it up.
  const lookup = useProjectLookup(loaded, instance?.token ?? null, settings.reload);

  return (
    <>
      <SettingsNotice state={settings.state} lookup={lookup} instance={instance} />
      {instance ? (
        <>
          {instances.length > 1 ? (
            <InstancePicker instances={instances} selected={instance.name} onSelect={setSelected} />
          ) : null}
          <ReadyPanel instance={instance} page={page} tabId={tabId} settings={settings.state} />
        </>
      ) : (
        <PosthogStateMessage
          detection={detection as Exclude<PosthogDetection, { status: 'ready' | 'absent' }>}
          onRetry={onRetry}
        />
      )}
    </>
  );
}

type ReadyProps = {
  instance: PosthogInstance;
  page: PageInfo;
  tabId: Promise<number>;
  settings: AsyncState<PosthogPublicSettings>;
};

/** Everything the popup shows once posthog-js was found: what, the save form, its outcome, past heatmaps. */
function ReadyPanel({ instance, page, tabId, settings }: ReadyProps) {
  const { state, save } = useSaveJob<PosthogJob>();
  const [profileId, setProfileId] = useState<string | undefined>();
  const loaded = 'value' in settings ? (settings.value ?? null) : null;
  // Lists and actions use the same profile as the save: bound to this project token, or chosen here.
  const profile = { token: instance.token, profileId };
  return (
    <>
      <DetectedInstance instance={instance} />
      <ProfilePicker
        provider="posthog"
        detectedId={instance.token}
        profileId={profileId}
        onChange={setProfileId}
        boundReason="bound to this project"
      />
      <HeatmapForm
        // Another capture of the page starts from fresh suggestions; a settings reload keeps what was typed.
        key={`${page.url}@${page.capturedAt}`}
        page={page}
        canSave={loaded !== null && posthogConfigured(loaded)}
        busy={state.phase === 'saving'}
        onSave={(input) =>
          void save(async () =>
            request('posthog:save', {
              context: { tabId: await tabId, instance, capturedAt: page.capturedAt },
              input,
              profileId,
            }),
          )
        }
      />
      <SaveStatus state={state} settings={loaded} />
      <HeatmapList
        pageUrl={page.url}
        profile={profile}
        settings={loaded}
        refreshKey={state.phase === 'done' ? state.job.id : null}
      />
    </>
  );
}
