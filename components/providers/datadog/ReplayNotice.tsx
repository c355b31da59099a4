import { useAction } from '@/components/shared/useAction';
import type { NotRecordedReason, ReplayStatus } from '@/lib/providers/datadog/context';
import { FORCED_REPLAY_SINCE, releaseText } from '@/lib/providers/datadog/sdk-versions';

type NotRecorded = Extract<ReplayStatus, { state: 'not-recorded' }>;

function reasonText(
  reason: NotRecordedReason,
  canStartRecording: boolean,
  sdkVersion: string | null,
): string {
  const sdk = `The page’s Datadog SDK${sdkVersion ? ` (v${sdkVersion})` : ''}`;
  switch (reason) {
    case 'replay-not-sampled':
      return canStartRecording
        ? 'This session was not sampled for Session Replay (sessionReplaySampleRate). Start recording, then use the page for a moment before saving.'
        : `This session was not sampled for Session Replay, and ${sdk} cannot be asked to record it: that needs ${releaseText(FORCED_REPLAY_SINCE)} or later. Raise sessionReplaySampleRate (100 while you take snapshots) or upgrade the SDK, then reload the page.`;
    case 'replay-not-started':
      return 'The page never called DD_RUM.startSessionReplayRecording(), and this SDK records only once the app asks. Start recording, then use the page for a moment before saving.';
    case 'browser-not-supported':
      return `${sdk} cannot record Session Replay in this browser.`;
    case 'other':
      return `${sdk} says this session is not recorded.`;
  }
}

/**
 * Shown instead of the save form when the session is not recorded: Datadog draws a heatmap on top
 * of a session replay, so without one a snapshot would have nothing to show. Starting the
 * recording (when the SDK can) answers with a fresh detection, which the parent puts in place.
 */
export function ReplayNotice({
  replay,
  sdkVersion,
  onStartRecording,
}: {
  replay: NotRecorded;
  sdkVersion: string | null;
  onStartRecording: () => Promise<void>;
}) {
  const action = useAction();
  return (
    <section class="notice warning">
      <p class="title">This session is not recorded: nothing can be saved yet</p>
      <p class="detail">{reasonText(replay.reason, replay.canStartRecording, sdkVersion)}</p>
      {replay.canStartRecording ? (
        <button
          type="button"
          disabled={action.pending}
          aria-busy={action.pending}
          onClick={() => void action.run(onStartRecording)}
        >
          Start recording
        </button>
      ) : null}
      {action.error ? (
        <p class="problem" role="alert">
          {action.error}
        </p>
      ) : null}
    </section>
  );
}
