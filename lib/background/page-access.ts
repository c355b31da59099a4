import { browser } from 'wxt/browser';
import type { Detection } from '@/lib/detect/page-context';
import { parseDetection } from '@/lib/detect/parse';
import { probePage } from '@/lib/detect/probe';
import { messageOf } from '@/lib/errors';
import { sleep } from '@/lib/time';

/**
 * The only code that touches a web page, and only when the person acts (popup, context menu,
 * shortcut, which grant `activeTab`): a function injected once into the top frame's MAIN world,
 * where `DD_RUM` lives. Nothing stays behind in the page. Iframes are not probed: a RUM SDK in an
 * iframe tracks its own views, and the person acts on the page they see.
 */
const PAGE_ANSWER_TIMEOUT_MS = 5_000;

async function runInPage<T>(tabId: number, func: () => T): Promise<unknown> {
  // A busy or hostile page (a getter that loops) must not leave the popup waiting forever.
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('PAGE_TIMEOUT')), PAGE_ANSWER_TIMEOUT_MS);
  });
  try {
    const [injection] = await Promise.race([
      browser.scripting.executeScript({ target: { tabId }, world: 'MAIN', func }),
      timeout,
    ]);
    return injection?.result;
  } finally {
    clearTimeout(timer);
  }
}

/** Explain why a tab cannot be read, in words for the person. */
export function unavailableReason(error: unknown): string {
  const message = messageOf(error);
  if (message === 'PAGE_TIMEOUT') {
    return `The page did not answer within ${PAGE_ANSWER_TIMEOUT_MS / 1000} s (it may be busy). Try again.`;
  }
  if (
    /cannot (access|be scripted)|chrome:\/\/|extensions gallery|about:|webstore|restricted/i.test(message)
  ) {
    return 'This is a browser or store page; extensions cannot read it. Open your web app and try again.';
  }
  if (/permission|host/i.test(message)) {
    return 'The extension may only read a page when you click its button, use its menu item or its shortcut on that page.';
  }
  if (/no tab|tab.*(closed|not found)|invalid tab/i.test(message))
    return 'That tab is gone. Open the page again.';
  return `The page could not be read (${message.slice(0, 200)}).`;
}

export async function detectTab(tabId: number, now: () => number = Date.now): Promise<Detection> {
  const capturedAt = now();
  try {
    return parseDetection(await runInPage(tabId, probePage), capturedAt);
  } catch (error) {
    return { status: 'unavailable', problem: unavailableReason(error) };
  }
}

/** Injected into the page: asks the real SDK to record this session even if it was not sampled. */
function startRecordingInPage(): boolean {
  try {
    const rum = (window as unknown as { DD_RUM?: { startSessionReplayRecording?: unknown } }).DD_RUM;
    if (typeof rum?.startSessionReplayRecording !== 'function') return false;
    rum.startSessionReplayRecording({ force: true });
    return true;
  } catch {
    return false;
  }
}

/** Start recording, then detect again until the page reports it (the SDK updates its store async). */
export async function startRecording(tabId: number, wait = sleep): Promise<Detection> {
  let started: unknown;
  try {
    started = await runInPage(tabId, startRecordingInPage);
  } catch (error) {
    return { status: 'unavailable', problem: unavailableReason(error) };
  }
  if (started !== true) {
    throw new Error(
      'The page’s Datadog SDK does not support starting a recording (it needs v4.20 or later).',
    );
  }
  let detection = await detectTab(tabId);
  for (let attempt = 0; attempt < 10; attempt++) {
    if (detection.status !== 'ready' || detection.context.replay.state === 'recording') break;
    await wait(200);
    detection = await detectTab(tabId);
  }
  return detection;
}
