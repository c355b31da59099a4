import { useState } from 'preact/hooks';
import { ProfilePicker } from '@/components/popup/ProfilePicker';
import { useSaveJob } from '@/components/popup/useSaveJob';
import { layoutPermitted } from '@/components/shared/device-layout-permission';
import { type AsyncState, useAsync } from '@/components/shared/useAsync';
import { request } from '@/lib/messages/client';
import type { PageInfo } from '@/lib/page/page-info';
import { picturesTabAsItIs } from '@/lib/providers/posthog/capture-widths';
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
import { useCaptureProgress } from './useCaptureProgress';
import { useProjectLookup } from './useProjectLookup';

/** PostHog's part of the popup: its settings notices, then what was found or why nothing can be saved yet. */
export function PosthogPanel({ detection, page, tabId, onRetry }: ProviderPanelProps<'posthog'>) {
  const instances = detection.status === 'ready' ? detection.instances : [];
  const [selected, setSelected] = useState(instances[0]?.name ?? '');
  const instance = instances.find((candidate) => candidate.name === selected) ?? instances[0] ?? null;
  // The settings of the profile chosen here, else bound to the project token, else the default:
  // what a save would use. They are read again when the profile or the instance changes.
  const [profileId, setProfileId] = useState<string | undefined>();
  const token = instance?.token;
  const settings = useAsync(() => request('posthog:get-settings', { token, profileId }), {
    inputs: [token, profileId],
  });
  const loaded = settings.state.status === 'ok' ? settings.state.value : null;
  // The background stores the project id it finds; reading the settings again picks it up.
  const lookup = useProjectLookup(loaded, token ?? null, profileId, settings.reload);

  return (
    <>
      <SettingsNotice state={settings.state} lookup={lookup} instance={instance} />
      {instance ? (
        <>
          {instances.length > 1 ? (
            <InstancePicker instances={instances} selected={instance.name} onSelect={setSelected} />
          ) : null}
          <ReadyPanel
            instance={instance}
            page={page}
            tabId={tabId}
            settings={settings.state}
            profileId={profileId}
            onProfileChange={setProfileId}
          />
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
  /** Chosen in the popup; undefined: the profile bound to the token, else the default. */
  profileId: string | undefined;
  onProfileChange: (profileId: string | undefined) => void;
};

/** Everything the popup shows once posthog-js was found: what, the save form, its outcome, past heatmaps. */
function ReadyPanel({ instance, page, tabId, settings, profileId, onProfileChange }: ReadyProps) {
  const { state, save } = useSaveJob<PosthogJob>();
  const loaded = 'value' in settings ? (settings.value ?? null) : null;
  const layingOut = useCaptureProgress(tabId, state.phase === 'saving');
  // Lists and actions use the same profile as the save: bound to this project token, or chosen here.
  const profile = { token: instance.token, profileId };
  return (
    <>
      <DetectedInstance instance={instance} />
      <ProfilePicker
        provider="posthog"
        detectedId={instance.token}
        profileId={profileId}
        onChange={onProfileChange}
        boundReason="bound to this project"
      />
      <HeatmapForm
        // Another capture of the page starts from fresh suggestions; a settings reload keeps what was typed.
        key={`${page.url}@${page.capturedAt}`}
        page={page}
        canSave={loaded !== null && posthogConfigured(loaded)}
        busy={state.phase === 'saving'}
        onSave={(input) =>
          void save(async () => {
            const laidOut =
              input.source === 'capture' && !picturesTabAsItIs(input.widths, page.viewport.width);
            if (laidOut && !(await layoutPermitted())) {
              throw new Error(
                'Picturing the page at other widths needs the permission to lay it out at other widths.',
              );
            }
            return request('posthog:save', {
              context: { tabId: await tabId, instance, capturedAt: page.capturedAt },
              input,
              profileId,
            });
          })
        }
      />
      {/* A polite live region, not role="status": the save's own status keeps the one status region. */}
      <div class="save-status" aria-live="polite">
        {layingOut !== null ? <p class="progress">{layingOut}</p> : null}
      </div>
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
