import { useAction } from '@/components/shared/useAction';

/**
 * Shown when the session is not recorded (the reason is in DetectedContext): Datadog draws a heatmap on top of a session replay,
 * so without one the snapshot has nothing to show. Starting the recording answers with a fresh
 * detection, which the parent puts in place of the current one.
 */
export function ReplayNotice({ onStartRecording }: { onStartRecording: () => Promise<void> }) {
  const action = useAction();
  return (
    <section class="notice warning">
      <p class="title">This session is not recorded</p>
      <p class="detail">
        Datadog draws the heatmap on a session replay, so this session needs to be recorded. Start recording,
        then use the page for a moment before saving.
      </p>
      <button
        type="button"
        disabled={action.pending}
        aria-busy={action.pending}
        onClick={() => void action.run(onStartRecording)}
      >
        Start recording
      </button>
      {action.error ? (
        <p class="problem" role="alert">
          {action.error}
        </p>
      ) : null}
    </section>
  );
}
