import { browser } from 'wxt/browser';
import { createJobRunner, RESUME_ALARM } from '@/lib/jobs/runner';
import { createProviderBackgrounds } from '@/lib/providers/background';
import type { SaveJob } from '@/lib/providers/registry';
import { restrictStorageToTrustedContexts } from '@/lib/storage/items';
import { sleep } from '@/lib/time';
import { createDetector } from './detect';
import { coreHandlers } from './handlers';
import { createOneAction } from './one-action';
import { openPopupFor, registerOneActionListeners } from './one-action-listeners';
import { runInAllFrames, runInPage } from './page-access';
import { type Handlers, isOwnPage, route } from './router';

/** Everything the service worker does when it wakes up. Listeners first: MV3 needs them synchronously. */
export function startBackground(): void {
  const providers = createProviderBackgrounds({
    startJob: (job) => runner.startJob(job),
    detect: (target) => detect(target),
    runInPage: async (target, file) => {
      const answer = await runInPage(target, { file, world: 'MAIN' });
      if (!answer.ok) throw new Error(answer.problem.message);
      return answer.value;
    },
    sleep,
  });
  const detect = createDetector({
    providers,
    runInPage,
    runInAllFrames,
    sleep,
    now: Date.now,
    monotonicNow: () => performance.now(),
  });
  const runner = createJobRunner(
    {
      runJob: (job: SaveJob, deps) => providers[job.provider].runJob(job, deps),
      resultLink: (job: SaveJob) => providers[job.provider].resultLink(job),
    },
    Date.now,
    (job) => oneAction.jobFinished(job),
  );
  const handlers = Object.assign(
    coreHandlers({ detect, runner }),
    ...Object.values(providers).map((provider) => provider.handlers),
  ) as Handlers;
  const oneAction = createOneAction({
    detect,
    save: handlers,
    openPopup: openPopupFor,
    openUrl: async (url) => void (await browser.tabs.create({ url })),
  });

  const origin = browser.runtime.getURL('/');
  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    if (!isOwnPage(sender, browser.runtime.id, origin)) return undefined;
    return route(message, handlers);
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === RESUME_ALARM) void runner.resumePendingJobs();
  });
  registerOneActionListeners(oneAction);
  void restrictStorageToTrustedContexts();
  void runner.resumePendingJobs();
}
