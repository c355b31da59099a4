import { browser } from 'wxt/browser';
import { z } from 'zod/mini';
import { messageOf } from '@/lib/errors';
import type { Detection } from '@/lib/messages/protocol';
import type { PageTarget } from '@/lib/page/target';
import { defaultSaveOf, resultLinkOf, type SaveHandlers } from '@/lib/providers/one-action';
import { PROVIDER_IDS, PROVIDERS, type SaveJob } from '@/lib/providers/registry';
import { readJob } from '@/lib/storage/items';

/** Solid squares in the toolbar badge's colours (lib/jobs/runner.ts): Chrome requires an icon. */
const ICONS = {
  done: 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAIAAAD8GO2jAAAAKklEQVR42mPQqzWiKWIYtWDUglELRi0YtWDUglELRi0YtWDUglELhooFAHYwdC75A9uCAAAAAElFTkSuQmCC',
  failed:
    'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAIAAAD8GO2jAAAAKklEQVR42mM4pqFBU8QwasGoBaMWjFowasGoBaMWjFowasGoBaMWDBULAI9XWD3v+PkEAAAAAElFTkSuQmCC',
  running:
    'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAIAAAD8GO2jAAAAKklEQVR42mNI1llGU8QwasGoBaMWjFowasGoBaMWjFowasGoBaMWDBULAPcr1D19g1joAAAAAElFTkSuQmCC',
} as const;

/**
 * A notification's id says what its click does, so a click still works after the worker was
 * stopped and started again: `job:<tabId>:<jobId>` (open the save, or the popup on its tab when it
 * did not end well) or `popup:<tabId>:<uuid>` (open the popup on the tab).
 */
const NOTIFICATION_ID = /^heatmap-(job|popup):(\d+):([^:]+)$/;
const NotificationIdSchema = z.pipe(
  z.string(),
  z.transform((id, ctx) => {
    const match = NOTIFICATION_ID.exec(id);
    if (!match) {
      ctx.issues.push({ code: 'custom', message: 'Not one of our notifications.', input: id });
      return z.NEVER;
    }
    return { kind: match[1] as 'job' | 'popup', tabId: Number(match[2]), key: match[3] as string };
  }),
);

/** Firefox notifications have no buttons: there a click on the notification does the same. */
const BUTTONS_SUPPORTED = !import.meta.env.FIREFOX;

export interface OneActionDeps {
  detect(target: PageTarget): Promise<Detection>;
  save: SaveHandlers;
  openPopup(tabId: number): Promise<void>;
  openUrl(url: string): Promise<void>;
}

export interface OneAction {
  /** Save with the popup's defaults for every provider on the tab's page; each outcome comes back as a notification. */
  saveNow(tabId: number): Promise<void>;
  /** The job runner's report of a finished save: a one-action save's notification says how it ended. */
  jobFinished(job: SaveJob): Promise<void>;
  /** A click on one of our notifications or on its button. */
  notificationClicked(notificationId: string): Promise<void>;
}

/**
 * One-action saves (the context menu item and the "Save heatmap snapshot now" shortcut): detect,
 * save every provider found with the same defaults the popup starts from, and answer with browser
 * notifications, since no popup is open. The toolbar badge shows the end too (the job runner).
 */
export function createOneAction(deps: OneActionDeps): OneAction {
  async function notify(
    id: string,
    icon: keyof typeof ICONS,
    title: string,
    message: string,
    button: string | null,
  ): Promise<void> {
    const clickHint = button !== null && !BUTTONS_SUPPORTED ? ` Click to ${button.toLowerCase()}.` : '';
    await browser.notifications.create(id, {
      type: 'basic' as const,
      iconUrl: ICONS[icon],
      title,
      message: `${message}${clickHint}`.slice(0, 1000),
      ...(button !== null && BUTTONS_SUPPORTED ? { buttons: [{ title: button }] } : {}),
    });
  }

  /** Why nothing (or not everything) was saved, with the way to the popup, which says more. */
  function cannotSave(tabId: number, title: string, reason: string): Promise<void> {
    // A random id: each reason is its own notification, also across worker restarts.
    return notify(`heatmap-popup:${tabId}:${crypto.randomUUID()}`, 'failed', title, reason, 'Open the popup');
  }

  async function startSave(tabId: number, start: () => Promise<SaveJob>): Promise<void> {
    try {
      const job = await start();
      await notify(`heatmap-job:${tabId}:${job.id}`, 'running', 'Saving heatmap snapshot…', job.label, null);
    } catch (error) {
      await cannotSave(tabId, 'Heatmap snapshot not saved', messageOf(error));
    }
  }

  return {
    async saveNow(tabId) {
      const detection = await deps.detect({ tabId });
      if (detection.status !== 'read') {
        return cannotSave(tabId, 'Heatmap snapshot not saved', detection.problem.message);
      }
      const { page, providers } = detection;
      const plans = PROVIDER_IDS.map((id) => ({
        id,
        plan: defaultSaveOf(id, providers[id], page, tabId, deps.save),
      }));
      const present = plans.filter(({ plan }) => plan.kind !== 'absent');
      if (present.length === 0) {
        const inFrame =
          detection.frames.length > 0 ? ' It is in a frame: open the popup to read that frame.' : '';
        const names = PROVIDER_IDS.map((id) => PROVIDERS[id].label).join(' or ');
        return cannotSave(
          tabId,
          'Heatmap snapshot not saved',
          `No ${names} SDK was found on this page.${inFrame}`,
        );
      }
      await Promise.all(
        present.map(({ id, plan }) =>
          plan.kind === 'save'
            ? startSave(tabId, plan.start)
            : plan.kind === 'cannot'
              ? cannotSave(tabId, `${PROVIDERS[id].label}: heatmap snapshot not saved`, plan.reason)
              : undefined,
        ),
      );
    },

    async jobFinished(job) {
      // Only saves that started with a notification (a one-action save) end with one; the
      // notification id outlives a stopped worker, a set in memory would not.
      const shown = Object.keys(await browser.notifications.getAll()).find((id) => {
        const parsed = NotificationIdSchema.safeParse(id);
        return parsed.success && parsed.data.kind === 'job' && parsed.data.key === job.id;
      });
      if (shown === undefined) return;
      const label = PROVIDERS[job.provider].label;
      if (job.state === 'done') {
        await notify(shown, 'done', `Saved in ${label}`, job.label, `Open in ${label}`);
      } else if (job.state === 'failed') {
        await notify(
          shown,
          'failed',
          `${label}: heatmap snapshot not saved`,
          job.error ?? job.progress,
          'Open the popup',
        );
      }
    },

    async notificationClicked(notificationId) {
      const parsed = NotificationIdSchema.safeParse(notificationId);
      if (!parsed.success) return;
      const { kind, tabId, key } = parsed.data;
      await browser.notifications.clear(notificationId);
      const job = kind === 'job' ? await readJob(key) : null;
      const link = job?.state === 'done' ? await resultLinkOf(job) : null;
      // A save that failed or still runs is listed by the popup (Earlier saves) with Retry.
      await (link !== null ? deps.openUrl(link) : deps.openPopup(tabId));
    },
  };
}
