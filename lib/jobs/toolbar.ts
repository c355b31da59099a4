import { browser } from 'wxt/browser';

/**
 * What the toolbar button shows of the saves, the popup being closed most of the time: one badge
 * text, one colour and one tooltip per state, each distinct, so a glance tells them apart (the
 * colours are the one-action notifications' too, lib/background/one-action.ts). Documented in the
 * README (Use).
 */
export const TOOLBAR_STATES = {
  idle: { text: '', color: '#632ca6', title: 'Heatmap snapshot' },
  running: { text: '…', color: '#632ca6', title: 'Heatmap snapshot: saving…' },
  done: { text: '✓', color: '#2e7d32', title: 'Heatmap snapshot: saved' },
  failed: { text: '!', color: '#c62828', title: 'Heatmap snapshot: a save failed.' },
} as const;
export type ToolbarState = keyof typeof TOOLBAR_STATES;

/** How long ✓ stays: long enough to be seen after the popup closed, not long enough to go stale. */
export const DONE_SHOWN_MS = 5_000;

/** What happened to the saves this worker runs, as the toolbar needs to know it. */
export type ToolbarEvent =
  | { kind: 'started' }
  | { kind: 'finished'; failed: boolean; stillRunning: boolean }
  /** The popup listed the unfinished saves, so a failure has been seen. */
  | { kind: 'seen'; stillRunning: boolean }
  | { kind: 'done-expired'; stillRunning: boolean };

/**
 * The one rule of the toolbar: a failure stays until the popup has shown it (a later success must
 * not hide it); otherwise a running save shows "saving", and a success shows ✓ until it expires.
 */
export function nextToolbarState(current: ToolbarState, event: ToolbarEvent): ToolbarState {
  if (event.kind === 'finished' && event.failed) return 'failed';
  if (current === 'failed' && event.kind !== 'seen') return 'failed';
  switch (event.kind) {
    case 'started':
      return 'running';
    case 'finished':
      return event.stillRunning ? 'running' : 'done';
    case 'seen':
      return event.stillRunning ? 'running' : current === 'done' ? 'done' : 'idle';
    case 'done-expired':
      return current !== 'done' ? current : event.stillRunning ? 'running' : 'idle';
  }
}

/** Shows `state` on the toolbar button; a failure's tooltip adds the sentence that says why. */
export async function showOnToolbar(state: ToolbarState, detail = ''): Promise<void> {
  const look = TOOLBAR_STATES[state];
  await browser.action.setBadgeBackgroundColor({ color: look.color });
  await browser.action.setBadgeText({ text: look.text });
  await browser.action.setTitle({ title: detail ? `${look.title} ${detail}` : look.title });
}
