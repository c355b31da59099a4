import type { JobRunner } from '@/lib/jobs/runner';
import type { Detection } from '@/lib/messages/protocol';
import type { PageTarget } from '@/lib/page/target';
import { profileHandlers } from '@/lib/profiles/handlers';
import type { PROFILE_MESSAGES } from '@/lib/profiles/protocol';
import { clearRecentSaves, readRecentSaves, removeJob } from '@/lib/storage/items';
import type { Handlers } from './router';

type CoreMessage =
  | 'detect'
  | 'get-job'
  | 'unfinished-jobs'
  | 'retry-job'
  | 'dismiss-job'
  | 'recent-saves'
  | 'clear-recent-saves'
  | keyof typeof PROFILE_MESSAGES;

/** What the background does for the core's messages; providers answer their own (`<id>:…`). */
export function coreHandlers({
  detect,
  runner,
}: {
  detect: (target: PageTarget) => Promise<Detection>;
  runner: JobRunner;
}): Handlers<CoreMessage> {
  return {
    detect: (target) => detect(target),
    'get-job': ({ jobId }) => runner.getJob(jobId),
    'unfinished-jobs': () => runner.unfinishedJobs(),
    'retry-job': ({ jobId }) => runner.retryJob(jobId),
    'dismiss-job': async ({ jobId }) => {
      await removeJob(jobId);
      return {};
    },
    'recent-saves': () => readRecentSaves(),
    'clear-recent-saves': async () => {
      await clearRecentSaves();
      return {};
    },
    ...profileHandlers(),
  };
}
