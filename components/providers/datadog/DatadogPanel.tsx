import { useSaveJob } from '@/components/popup/useSaveJob';
import { type AsyncState, useAsync } from '@/components/shared/useAsync';
import { request } from '@/lib/messages/client';
import type { DatadogDetection, PageContext } from '@/lib/providers/datadog/context';
import type { DatadogJob } from '@/lib/providers/datadog/job';
import type { DatadogPublicSettings } from '@/lib/providers/datadog/protocol';
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
  const settings = useAsync(() => request('datadog:get-settings', {}));
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
        <ReadyPanel context={detection.context} settings={settings.state} onStartRecording={startRecording} />
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
  context: PageContext;
  settings: AsyncState<DatadogPublicSettings>;
  onStartRecording: () => Promise<void>;
};

/** Everything the popup shows once RUM was found: what, the save form, its outcome, past snapshots. */
function ReadyPanel({ context, settings, onStartRecording }: ReadyProps) {
  const { state, save } = useSaveJob<DatadogJob>();
  const loaded = settings.status === 'ok' ? settings.value : null;
  return (
    <>
      <DetectedContext context={context} />
      {context.replay.state === 'not-recorded' ? <ReplayNotice onStartRecording={onStartRecording} /> : null}
      <SnapshotForm
        // A re-detection of the same view (start recording) keeps what the person typed.
        key={`${context.applicationId}/${context.viewId}`}
        context={context}
        canSave={loaded !== null && keysConfigured(loaded)}
        busy={state.phase === 'saving'}
        failed={state.phase === 'failed'}
        onSave={(input) => void save(() => request('datadog:save', { context, input }))}
      />
      <SaveStatus state={state} site={loaded?.site ?? null} />
      <SnapshotList context={context} refreshKey={state.phase === 'done' ? state.job.id : null} />
    </>
  );
}
