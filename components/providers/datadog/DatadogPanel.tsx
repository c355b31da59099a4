import { useState } from 'preact/hooks';
import { ProfilePicker } from '@/components/popup/ProfilePicker';
import { useSaveJob } from '@/components/popup/useSaveJob';
import { type AsyncState, useAsync } from '@/components/shared/useAsync';
import { request } from '@/lib/messages/client';
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
  const applicationId = detection.status === 'ready' ? detection.context.applicationId : undefined;
  const settings = useAsync(() => request('datadog:get-settings', { applicationId }));
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
        <ReadyPanel detection={detection} settings={settings.state} onStartRecording={startRecording} />
      ) : (
        <DatadogStateMessage
          detection={detection as Exclude<DatadogDetection, { status: 'ready' | 'absent' }>}
          onRetry={onRetry}
        />
      )}
    </>
  );
}

type ReadyProps = {
  detection: Extract<DatadogDetection, { status: 'ready' }>;
  settings: AsyncState<DatadogPublicSettings>;
  onStartRecording: () => Promise<void>;
};

/**
 * Everything the popup shows once RUM was found: what, the save form, its outcome, past snapshots.
 * A session without a replay gets only what was found and why: no form, and no request to Datadog.
 */
function ReadyPanel({ detection, settings, onStartRecording }: ReadyProps) {
  const { context, replay, privacy } = detection;
  return (
    <>
      <DetectedContext context={context} replay={replay} privacy={privacy} />
      {replay.state === 'not-recorded' ? (
        <ReplayNotice replay={replay} sdkVersion={context.sdkVersion} onStartRecording={onStartRecording} />
      ) : (
        <SavePanel context={context} settings={settings} />
      )}
    </>
  );
}

/** The save form, its outcome and the view's past snapshots, for a session with a replay. */
function SavePanel({
  context,
  settings,
}: {
  context: PageContext;
  settings: AsyncState<DatadogPublicSettings>;
}) {
  const { state, save } = useSaveJob<DatadogJob>();
  const [profileId, setProfileId] = useState<string | undefined>();
  const loaded = settings.status === 'ok' ? settings.value : null;
  return (
    <>
      <ProfilePicker
        provider="datadog"
        detectedId={context.applicationId}
        profileId={profileId}
        onChange={setProfileId}
        boundReason="bound to this application"
      />
      {heatmapSupport(parseSdkVersion(context.sdkVersion)) === 'no-scroll-maps' ? (
        <ScrollMapsNotice sdkVersion={context.sdkVersion} />
      ) : null}
      <SnapshotForm
        // A re-detection of the same view (start recording) keeps what the person typed.
        key={`${context.applicationId}/${context.viewId}`}
        context={context}
        canSave={loaded !== null && keysConfigured(loaded)}
        busy={state.phase === 'saving'}
        failed={state.phase === 'failed'}
        onSave={(input) => void save(() => request('datadog:save', { context, input, profileId }))}
      />
      <SaveStatus state={state} site={loaded?.site ?? null} />
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
