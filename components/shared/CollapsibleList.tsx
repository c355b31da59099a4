import type { ComponentChildren, VNode } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useAsync } from './useAsync';

type Props<T> = {
  summary: string;
  load: () => Promise<T[]>;
  /** Changes when the list may have changed (a save finished, another page or view): an open list reloads. */
  reloadKey: string;
  loadingText: string;
  emptyText: string;
  /** One keyed `<li>`; `onChanged` takes a sentence for the live region and reloads the list. */
  renderItem: (item: T, onChanged: (message: string) => void) => VNode;
  /** Buttons for the whole list, shown under it while it has items. */
  actions?: ComponentChildren;
};

/**
 * A provider's saved items of this page, collapsed by default: nothing is requested until the
 * person opens it, so the popup stays instant.
 */
export function CollapsibleList<T>({
  summary,
  load,
  reloadKey,
  loadingText,
  emptyText,
  renderItem,
  actions,
}: Props<T>) {
  const [open, setOpen] = useState(false);
  // For the live region: what the last change did (the item itself may be gone).
  const [notice, setNotice] = useState('');
  const { state, reload } = useAsync(load, { lazy: true });

  // Load on opening, and again whenever reloadKey changes while open.
  useEffect(() => {
    if (open) reload();
  }, [open, reloadKey, reload]);

  const onChanged = (message: string) => {
    setNotice(message);
    reload();
  };

  const items = 'value' in state ? state.value : undefined;
  return (
    <details class="snapshots" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>{summary}</summary>
      <div aria-busy={state.status === 'loading'}>
        {state.status === 'loading' && items === undefined ? <p class="muted">{loadingText}</p> : null}
        {state.status === 'error' ? (
          <p class="problem" role="alert">
            {state.message}
          </p>
        ) : null}
        {items?.length === 0 ? <p class="muted">{emptyText}</p> : null}
        {items && items.length > 0 ? (
          <ul class="snapshot-list">{items.map((item) => renderItem(item, onChanged))}</ul>
        ) : null}
        {items && items.length > 0 && actions ? <div class="actions">{actions}</div> : null}
        {/* aria-live rather than role=status: the save's status stays the panel's only status region. */}
        <p class="muted" aria-live="polite">
          {notice}
        </p>
      </div>
    </details>
  );
}
