import type { ComponentChildren } from 'preact';

type Props = {
  name: string;
  meta: ComponentChildren;
  /** More about the item, under its meta line (e.g. why it failed). */
  detail?: ComponentChildren;
  /** The item's buttons and links. */
  children: ComponentChildren;
  /** Why the last action on it failed, as an alert next to it. */
  error: string | null;
};

/** One saved item of a provider's list: its name, a line about it, what can be done to it. */
export function SavedItem({ name, meta, detail, children, error }: Props) {
  return (
    <li class="snapshot">
      <p class="name">{name}</p>
      <p class="meta">{meta}</p>
      {detail}
      <div class="actions">{children}</div>
      {error ? (
        <p class="problem" role="alert">
          {error}
        </p>
      ) : null}
    </li>
  );
}
