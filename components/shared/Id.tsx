/**
 * An id in full in the DOM and the title, so select and copy get all of it; CSS only shortens it
 * on screen. `null` reads as "none".
 */
export function Id({ value }: { value: string | null }) {
  if (value === null) return <span class="muted">none</span>;
  return (
    <code class="id" title={value}>
      {value}
    </code>
  );
}
