import { browser } from 'wxt/browser';
import { restrictStorageToTrustedContexts } from '@/lib/settings/storage';
import { registerContextMenu } from './context-menu';
import { handlers } from './handlers';
import { resumePendingJobs } from './jobs';
import { isOwnPage, route } from './router';

/** Everything the service worker does when it wakes up. Listeners first: MV3 needs them synchronously. */
export function startBackground(): void {
  const origin = browser.runtime.getURL('/');
  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    if (!isOwnPage(sender, browser.runtime.id, origin)) return undefined;
    return route(message, handlers);
  });
  registerContextMenu();
  void restrictStorageToTrustedContexts();
  void resumePendingJobs();
}
