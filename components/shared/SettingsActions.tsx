import { type Feedback, FormFeedback } from '@/components/options/FormFeedback';

type Props = { busy: 'save' | 'test' | null; feedback: Feedback; onTest: () => void };

/**
 * A settings form's two buttons (Save submits the form) and the outcome of the last one. Each
 * provider's fieldset has its own, found by the fieldset's name.
 */
export function SettingsActions({ busy, feedback, onTest }: Props) {
  return (
    <>
      <div class="actions">
        <button type="submit" class="primary" aria-busy={busy === 'save'}>
          Save
        </button>
        <button type="button" aria-busy={busy === 'test'} onClick={onTest}>
          Test connection
        </button>
      </div>
      <FormFeedback feedback={feedback} />
    </>
  );
}
