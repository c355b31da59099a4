import type { ComponentChildren } from 'preact';
import type { SaveState } from '@/components/popup/useSaveJob';
import type { SaveJob } from '@/lib/providers/registry';

type Props<J extends SaveJob> = {
  state: SaveState<J>;
  /** The provider's summary of a finished save. */
  done: (job: J) => ComponentChildren;
};

/**
 * Any provider's save progress and outcome. The `status` region is rendered from the start (empty
 * while idle) because screen readers only announce changes to live regions that already exist.
 * A failure goes to a separate `alert`, as it needs attention now.
 */
export function SaveStatusRegion<J extends SaveJob>({ state, done }: Props<J>) {
  return (
    <>
      <div class="save-status" role="status">
        {state.phase === 'saving' ? (
          <>
            <p class="progress">{state.progress}</p>
            <p class="hint">You can close this popup: the save finishes in the background.</p>
          </>
        ) : null}
        {state.phase === 'done' ? done(state.job) : null}
      </div>
      {state.phase === 'failed' ? (
        <p class="notice problem" role="alert">
          {state.error}
        </p>
      ) : null}
    </>
  );
}

/** What the provider said about a finished save (e.g. a fallback it took), as a list. */
export function SaveNotes({ notes }: { notes: string[] }) {
  if (notes.length === 0) return null;
  return (
    <ul class="notes">
      {notes.map((note) => (
        <li key={note}>{note}</li>
      ))}
    </ul>
  );
}
