import type { RefObject } from 'preact';
import { useState } from 'preact/hooks';
import type { Feedback } from '@/components/options/FormFeedback';
import { ensureHostAccess } from '@/components/options/host-access';
import { messageOf } from '@/lib/errors';
import { type FieldErrors, focusFirstInvalid } from './errors';

/** The form's values checked: what to send and which custom host needs access, or what is wrong. */
export type CheckedSettings<I, F extends string> =
  | { ok: true; input: I; host: URL | null }
  | { ok: false; errors: FieldErrors<F> };

export type SettingsAction<I> = (input: I, hostAccess: Promise<boolean>) => Promise<Feedback>;

/**
 * Save and Test connection of a provider's settings form, one at a time: check the values, then
 * ask for host access in the same tick as the click (see ensureHostAccess: browsers prompt only
 * during the gesture), then run the action, whose answer becomes the form's feedback.
 */
export function useSettingsActions<I, F extends string>(
  form: RefObject<HTMLFormElement>,
  check: () => CheckedSettings<I, F>,
  setErrors: (errors: FieldErrors<F>) => void,
) {
  const [feedback, setFeedback] = useState<Feedback>({ kind: 'none' });
  const [busy, setBusy] = useState<'save' | 'test' | null>(null);

  const act = (kind: 'save' | 'test', action: SettingsAction<I>) => {
    if (busy) return;
    const checked = check();
    setErrors(checked.ok ? {} : checked.errors);
    if (!checked.ok) {
      focusFirstInvalid(form.current);
      return;
    }
    const hostAccess = ensureHostAccess(checked.host);
    setBusy(kind);
    setFeedback({ kind: 'none' });
    action(checked.input, hostAccess)
      .then(setFeedback, (error: unknown) => setFeedback({ kind: 'error', message: messageOf(error) }))
      .finally(() => setBusy(null));
  };

  return { busy, feedback, act };
}
