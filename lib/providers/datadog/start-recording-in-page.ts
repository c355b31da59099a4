/**
 * Runs in the page's MAIN world (entrypoints/datadog-recording.content.ts): asks the page's real
 * SDK to record this session even if it was not sampled. True when the SDK took the call.
 */
export function startRecordingInPage(win: Window): boolean {
  try {
    const rum = (win as unknown as { DD_RUM?: { startSessionReplayRecording?: unknown } }).DD_RUM;
    if (typeof rum?.startSessionReplayRecording !== 'function') return false;
    // v4's method takes no argument and ignores this one: it starts a session sampled for replay
    // (`replay-not-started`) and cannot record one that was not (checked with 4.50.1).
    rum.startSessionReplayRecording({ force: true });
    return true;
  } catch {
    return false;
  }
}
