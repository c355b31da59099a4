import type { AsyncState } from '@/components/shared/useAsync';
import type { PageContext } from '@/lib/detect/page-context';
import type { PublicSettings } from '@/lib/messages/protocol';
import { DetectedContext } from './DetectedContext';
import { ReplayNotice } from './ReplayNotice';
import { SaveStatus } from './SaveStatus';
import { keysConfigured } from './SettingsNotice';
import { SnapshotForm } from './SnapshotForm';
import { SnapshotList } from './SnapshotList';
import { useSaveJob } from './useSaveJob';

type Props = {
  context: PageContext;
  settings: AsyncState<PublicSettings>;
  onStartRecording: () => Promise<void>;
};

/** Everything the popup shows once RUM was found: what, the save form, its outcome, past snapshots. */
export function ReadyPanel({ context, settings, onStartRecording }: Props) {
  const { state, save } = useSaveJob();
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
        onSave={(input) => void save(context, input)}
      />
      <SaveStatus state={state} site={loaded?.site ?? null} />
      <SnapshotList context={context} refreshKey={state.phase === 'done' ? state.job.id : null} />
    </>
  );
}
