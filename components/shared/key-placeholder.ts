/**
 * A stored key's hint as a field's placeholder: stored keys never come back to the page, so the
 * key fields start empty and this says which key is saved. The hint may carry its own ellipsis.
 */
export function keyPlaceholder(hint: string | null): string {
  if (hint === null) return 'Not set';
  return `Saved (…${hint.replace(/^(…|\.\.\.)/, '')}) — leave empty to keep`;
}
