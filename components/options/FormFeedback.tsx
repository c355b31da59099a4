/** Any provider's "Test connection" answer, as far as this feedback is concerned. */
type ConnectionResult = { ok: boolean; message: string };

/** The outcome of the last Save or Test connection; a new action replaces it. */
export type Feedback =
  | { kind: 'none' }
  | { kind: 'saved' }
  | { kind: 'connection'; result: ConnectionResult }
  | { kind: 'error'; message: string };

/**
 * One `status` region, present from the start so screen readers announce its changes, and an
 * `alert` for problems.
 */
export function FormFeedback({ feedback }: { feedback: Feedback }) {
  const status =
    feedback.kind === 'saved'
      ? 'Settings saved.'
      : feedback.kind === 'connection' && feedback.result.ok
        ? feedback.result.message
        : '';
  const problem =
    feedback.kind === 'error'
      ? feedback.message
      : feedback.kind === 'connection' && !feedback.result.ok
        ? feedback.result.message
        : '';
  return (
    <>
      <p class={status ? 'notice success' : 'status-empty'} role="status">
        {status}
      </p>
      {problem ? (
        <p class="notice problem" role="alert">
          {problem}
        </p>
      ) : null}
    </>
  );
}
