import { ExternalLink } from '@/components/shared/ExternalLink';
import type { PageContext, ReplayStatus } from '@/lib/providers/datadog/context';

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

/**
 * An id in full in the DOM (so select and copy get all of it) and in the title; CSS only
 * shortens it on screen.
 */
function Id({ value }: { value: string }) {
  return (
    <code class="id" title={value}>
      {value}
    </code>
  );
}

/** What the extension found on the page, so people can check it is the session they mean. */
export function DetectedContext({ context }: { context: PageContext }) {
  return (
    <section class="detected" aria-labelledby="detected-heading">
      <h2 id="detected-heading">Detected</h2>
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
          {context.replayLink ? (
            <>
              {' · '}
              <ExternalLink href={context.replayLink}>Open replay</ExternalLink>
            </>
          ) : null}
        </dd>
      </dl>
    </section>
  );
}
