import type { ComponentChildren } from 'preact';
import { useAsync } from '@/components/shared/useAsync';

type Props<T> = {
  legend: string;
  load: () => Promise<T>;
  render: (settings: T, onSaved: (settings: T) => void) => ComponentChildren;
};

/**
 * One provider's settings on the options page, in a fieldset named after it. Its form appears
 * once the stored settings are known, so it never shows defaults that a Save would write over
 * the real values.
 */
export function SettingsSection<T>({ legend, load, render }: Props<T>) {
  const settings = useAsync(load);
  const { state } = settings;
  return (
    <fieldset class="provider-settings">
      <legend>{legend}</legend>
      {state.status === 'ok' ? (
        render(state.value, settings.set)
      ) : state.status === 'error' ? (
        <section class="notice problem">
          <p role="alert">{state.message}</p>
          <button type="button" onClick={settings.reload}>
            Try again
          </button>
        </section>
      ) : (
        <p class="muted" aria-busy="true">
          Loading settings…
        </p>
      )}
    </fieldset>
  );
}
