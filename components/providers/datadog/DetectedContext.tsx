import { useId } from 'preact/hooks';
import { ExternalLink } from '@/components/shared/ExternalLink';
import { Id } from '@/components/shared/Id';
import type { PageContext, ReplayStatus } from '@/lib/providers/datadog/context';
import { shownReplayLink } from '@/lib/providers/datadog/replay-link';

function replayText(replay: ReplayStatus): string {
  switch (replay.state) {
    case 'recording':
      return replay.forced ? 'Recording (started by you)' : 'Recording';
    case 'not-recorded':
      return `Not recorded — ${replay.reason}`;
    case 'unknown':
      return 'Unknown';
  }
}

/** What the extension found on the page, so people can check it is the session they mean. */
export function DetectedContext({ context }: { context: PageContext }) {
  const headingId = useId();
  const replayLink = shownReplayLink(context);
  return (
    <section class="detected" aria-labelledby={headingId}>
      <h2 id={headingId}>Detected</h2>
      <dl>
        <dt>Application</dt>
        <dd>
          <Id value={context.applicationId} />
        </dd>
        <dt>Session</dt>
        <dd>
          <Id value={context.sessionId} />
        </dd>
        <dt>View</dt>
        <dd>
          <Id value={context.viewId} />
        </dd>
        <dt>SDK</dt>
        <dd>
          {context.sdkVersion ? `v${context.sdkVersion}` : 'version unknown'}
          {' · '}
          {context.site ?? 'site not set'}
        </dd>
        <dt>Replay</dt>
        <dd>
          {replayText(context.replay)}
          {replayLink ? (
            <>
              {' · '}
              <ExternalLink href={replayLink}>Open replay</ExternalLink>
            </>
          ) : null}
        </dd>
      </dl>
    </section>
  );
}
