import { useState } from 'preact/hooks';
import { ProfilePicker } from '@/components/popup/ProfilePicker';
import { useSaveJob } from '@/components/popup/useSaveJob';
import { DEVICE_LAYOUT_SUPPORTED } from '@/components/shared/device-layout-permission';
import { type AsyncState, useAsync } from '@/components/shared/useAsync';
import { request } from '@/lib/messages/client';
import type { PageTarget } from '@/lib/page/target';
import type { DatadogDetection, PageContext } from '@/lib/providers/datadog/context';
import type { DatadogJob } from '@/lib/providers/datadog/job';
import type { DatadogPublicSettings } from '@/lib/providers/datadog/protocol';
import {
  heatmapSupport,
  parseSdkVersion,
  releaseText,
  SCROLL_MAPS_SINCE,
} from '@/lib/providers/datadog/sdk-versions';
import type { ProviderPanelProps } from '../types';
import { AllDevices } from './AllDevices';
import { DatadogStateMessage } from './DatadogStateMessage';
import { DetectedContext } from './DetectedContext';
import { ReplayNotice } from './ReplayNotice';
import { SaveStatus } from './SaveStatus';
import { keysConfigured, SettingsNotice } from './SettingsNotice';
import { SnapshotForm } from './SnapshotForm';
import { SnapshotList } from './SnapshotList';

/** Datadog's part of the popup: its settings notices, then what was found or why nothing can be saved yet. */
export function DatadogPanel({
  detection,
  tabId,
  frameId,
  onDetection,
  onRetry,
}: ProviderPanelProps<'datadog'>) {
  // The settings of the profile bound to the page's application (else the default): what a save would use.
  // A profile chosen in the popup wins for this page: its settings are read again on each switch.
  const applicationId = detection.status === 'ready' ? detection.context.applicationId : undefined;
  const [profileId, setProfileId] = useState<string | undefined>();
  const settings = useAsync(() => request('datadog:get-settings', { applicationId, profileId }), {
    inputs: [profileId],
  });
  const startRecording = async () => {
    onDetection(await request('datadog:start-recording', { tabId: await tabId, frameId }));
  };
  return (
    <>
      <SettingsNotice
        state={settings.state}
        pageSite={detection.status === 'ready' ? detection.context.site : null}
      />
      {detection.status === 'ready' ? (
        <ReadyPanel
          detection={detection}
          settings={settings.state}
          profile={{ profileId, onChange: setProfileId }}
          onStartRecording={startRecording}
          target={async () => ({ tabId: await tabId, frameId })}
        />
      ) : (
        <DatadogStateMessage
          detection={detection as Exclude<DatadogDetection, { status: 'ready' | 'absent' }>}
          onRetry={onRetry}
        />
      )}
    </>
  );
}

/** The profile chosen in the popup (undefined: the bound one, else the default) and how to switch. */
type ProfileSwitch = { profileId: string | undefined; onChange: (profileId: string | undefined) => void };

type ReadyProps = {
  detection: Extract<DatadogDetection, { status: 'ready' }>;
  settings: AsyncState<DatadogPublicSettings>;
  profile: ProfileSwitch;
  onStartRecording: () => Promise<void>;
  target: () => Promise<PageTarget>;
};

/**
 * Everything the popup shows once RUM was found: what, the save form, its outcome, past snapshots.
 * A session without a replay gets only what was found and why: no form, and no request to Datadog.
 */
function ReadyPanel({ detection, settings, profile, onStartRecording, target }: ReadyProps) {
  const { context, replay, privacy } = detection;
  return (
    <>
      <DetectedContext context={context} replay={replay} privacy={privacy} />
      {replay.state === 'not-recorded' ? (
        <ReplayNotice replay={replay} sdkVersion={context.sdkVersion} onStartRecording={onStartRecording} />
      ) : (
        <SavePanel context={context} settings={settings} profile={profile} target={target} />
      )}
    </>
  );
}

/** The save form, its outcome and the view's past snapshots, for a session with a replay. */
function SavePanel({
  context,
  settings,
  profile: { profileId, onChange },
  target,
}: {
  context: PageContext;
  settings: AsyncState<DatadogPublicSettings>;
  profile: ProfileSwitch;
  target: () => Promise<PageTarget>;
}) {
  const { state, save } = useSaveJob<DatadogJob>();
  const loaded = settings.status === 'ok' ? settings.value : null;
  const canSave = loaded !== null && keysConfigured(loaded);
  return (
    <>
      <ProfilePicker
        provider="datadog"
        detectedId={context.applicationId}
        profileId={profileId}
        onChange={onChange}
        boundReason="bound to this application"
      />
      {heatmapSupport(parseSdkVersion(context.sdkVersion)) === 'no-scroll-maps' ? (
        <ScrollMapsNotice sdkVersion={context.sdkVersion} />
      ) : null}
      <SnapshotForm
        // A re-detection of the same view (start recording) keeps what the person typed.
        key={`${context.applicationId}/${context.viewId}`}
        context={context}
        canSave={canSave}
        busy={state.phase === 'saving'}
        failed={state.phase === 'failed'}
        onSave={(input) => void save(() => request('datadog:save', { context, input, profileId }))}
      />
      <SaveStatus state={state} site={loaded?.site ?? null} />
      {DEVICE_LAYOUT_SUPPORTED ? (
        <AllDevices
          context={context}
          target={target}
          canSave={canSave}
          site={loaded?.site ?? null}
          profileId={profileId}
        />
      ) : null}
      <SnapshotList
        context={context}
        profileId={profileId}
        refreshKey={state.phase === 'done' ? state.job.id : null}
      />
    </>
  );
}

/** SDKs from 4.40 to 4.49 record what click maps need, not what scroll maps need. */
function ScrollMapsNotice({ sdkVersion }: { sdkVersion: string | null }) {
  return (
    <p class="notice warning">
      The page’s Datadog SDK (v{sdkVersion}) records clicks but not scrolling: this snapshot will have no
      scroll map (that needs {releaseText(SCROLL_MAPS_SINCE)} or later).
    </p>
  );
}
