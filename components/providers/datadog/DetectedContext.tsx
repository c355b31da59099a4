import { useId } from 'preact/hooks';
import { ExternalLink } from '@/components/shared/ExternalLink';
import { Id } from '@/components/shared/Id';
import type { PageContext, Privacy, ReplayStatus } from '@/lib/providers/datadog/context';
import { MAX_PRIVACY_OVERRIDES } from '@/lib/providers/datadog/probe';
import { shownReplayLink } from '@/lib/providers/datadog/replay-link';
import type { PrivacyLevel } from '@/lib/providers/datadog/sdk-versions';

function replayText(replay: ReplayStatus): string {
  switch (replay.state) {
    case 'recording':
      return replay.forced ? 'Recording (started by you)' : 'Recording';
    case 'not-recorded':
      return 'Not recorded';
    case 'unknown':
      return 'Unknown';
  }
}

/** What the heatmap's background (the replay) shows of the page at each level. */
const PRIVACY_BACKGROUND: Record<PrivacyLevel, string> = {
  allow: 'The background shows the page as people saw it.',
  mask: 'The background masks all text and every input.',
  'mask-user-input': 'The background masks what people typed; other text is shown.',
  'mask-unless-allowlisted': 'The background masks all text except what the page allowlists.',
};

function PrivacyText({ privacy }: { privacy: Privacy }) {
  const overrides =
    privacy.overrides === 0
      ? ''
      : ` ${privacy.overrides}${privacy.overrides >= MAX_PRIVACY_OVERRIDES ? ' or more' : ''} ${privacy.overrides === 1 ? 'element on this page sets its' : 'elements on this page set their'} own privacy level.`;
  return (
    <>
      {privacy.level}
      {privacy.source === 'sdk-default' ? ' (the SDK’s default)' : ''}
      {' · '}
      {PRIVACY_BACKGROUND[privacy.level]}
      {overrides}
    </>
  );
}

/** What the extension found on the page, so people can check it is the session they mean. */
export function DetectedContext({
  context,
  replay,
  privacy,
}: {
  context: PageContext;
  replay: ReplayStatus;
  privacy: Privacy;
}) {
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
          {replayText(replay)}
          {replayLink ? (
            <>
              {' · '}
              <ExternalLink href={replayLink}>Open replay</ExternalLink>
            </>
          ) : null}
        </dd>
        <dt>Privacy</dt>
        <dd>
          <PrivacyText privacy={privacy} />
        </dd>
      </dl>
    </section>
  );
}
