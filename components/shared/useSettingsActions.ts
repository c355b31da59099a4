import type { RefObject } from 'preact';
import { useState } from 'preact/hooks';
import type { Feedback } from '@/components/options/FormFeedback';
import { ensureHostAccess, hostRefusal } from '@/components/options/host-access';
import { messageOf } from '@/lib/errors';
import { type Checked, type FieldErrors, showChecked } from './errors';

/** The form's values checked: what to send and which custom host needs access, or what is wrong. */
export type CheckedSettings<I, F extends string> =
  | { ok: true; input: I; host: URL | null }
  | Extract<Checked<I, F>, { ok: false }>;

type ConnectionResult = Extract<Feedback, { kind: 'connection' }>['result'];

type SettingsAction<I> = (input: I) => Promise<Feedback>;

/**
 * Save and Test connection of a provider's settings form, one at a time: check the values, then
 * ask for host access in the same tick as the click (see ensureHostAccess: browsers prompt only
 * during the gesture), then, only if access is there, run the action, whose answer becomes the
 * form's feedback.
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
    if (!showChecked(checked, setErrors, form.current)) return;
    const hostAccess = ensureHostAccess(checked.host);
    setBusy(kind);
    setFeedback({ kind: 'none' });
    // Without access to a custom host nothing is sent: neither the URL to storage nor keys to the host.
    hostRefusal(hostAccess, checked.host, kind)
      .then((refused) =>
        refused === null ? action(checked.input) : ({ kind: 'error', message: refused } as const),
      )
      .then(setFeedback, (error: unknown) => setFeedback({ kind: 'error', message: messageOf(error) }))
      .finally(() => setBusy(null));
  };

  const save = (send: (input: I) => Promise<void>) =>
    act('save', async (input) => {
      await send(input);
      return { kind: 'saved' };
    });

  const test = (run: (input: I) => Promise<ConnectionResult>) =>
    act('test', async (input) => ({ kind: 'connection', result: await run(input) }));

  return { busy, feedback, save, test };
}
