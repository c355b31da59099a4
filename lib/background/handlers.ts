import { buildRepointAttributes } from '@/lib/capture/snapshot-request';
import { lookupViewSegments } from '@/lib/datadog/segments';
import { readJob, readSettings, removeJob, writeSettings } from '@/lib/settings/storage';
import { clientFromSettings } from './datadog';
import { retryJob, startSave, unfinishedJobs } from './jobs';
import { detectTab, startRecording } from './page-access';
import type { Handlers } from './router';
import { mergeSettings, publicSettings, testConnection } from './settings';

/** What the background does for each message of the protocol (lib/messages/protocol.ts). */
export const handlers: Handlers = {
  detect: ({ tabId }) => detectTab(tabId),
  'start-recording': ({ tabId }) => startRecording(tabId),
  'save-snapshot': ({ context, input }) => startSave(context, input),
  'get-job': async ({ jobId }) => {
    const job = await readJob(jobId);
    if (!job) throw new Error('This save is no longer known to the extension.');
    return job;
  },
  'unfinished-jobs': () => unfinishedJobs(),
  'retry-job': ({ jobId }) => retryJob(jobId),
  'dismiss-job': async ({ jobId }) => {
    await removeJob(jobId);
    return {};
  },
  'list-snapshots': async ({ viewName, applicationId, deviceType }) =>
    (await clientFromSettings()).listSnapshots({ viewName, applicationId, deviceType }),
  'repoint-snapshot': async ({ snapshotId, context, deviceTypeSelectedByUser }) => {
    const client = await clientFromSettings();
    const lookup = await lookupViewSegments(client, { sessionId: context.sessionId, viewId: context.viewId });
    const { attributes } = buildRepointAttributes(context, deviceTypeSelectedByUser, lookup);
    return client.updateSnapshot(snapshotId, attributes);
  },
  'delete-snapshot': async ({ snapshotId }) => {
    await (await clientFromSettings()).deleteSnapshot(snapshotId);
    return {};
  },
  'get-settings': async () => publicSettings(await readSettings()),
  'save-settings': async (input) => {
    const settings = mergeSettings(await readSettings(), input);
    await writeSettings(settings);
    return publicSettings(settings);
  },
  'test-connection': async (input) => testConnection(mergeSettings(await readSettings(), input)),
};
