import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { useAction } from '@/components/shared/useAction';
import { request } from '@/lib/messages/client';
import type { DatadogPublicSettings as PublicSettings } from '@/lib/providers/datadog/protocol';
import { hostPermissionPattern } from '@/lib/shared/api-url';

type Props = {
  settings: PublicSettings;
  profileId: string;
  onChanged: (settings: PublicSettings) => void;
};

/**
 * "Sign in with Datadog" for one profile (instead of keys): who is signed in where and since when,
 * sign out (revoked at Datadog), and the choice to stay signed in after the browser closes.
 * Not shown where sign-in is not offered (a government site).
 */
export function SignInFields({ settings, profileId, onChanged }: Props) {
  const { signIn } = settings;
  const [persist, setPersist] = useState(signIn.persist);
  const [problem, setProblem] = useState<string | null>(null);
  const action = useAction();
  if (!signIn.offered && settings.credential === 'keys') return null;
  const signedIn = settings.credential === 'sign-in' && signIn.status === 'signed-in';

  const onSignIn = () => {
    // Asked first, inside the click: registration and token calls go to the API host (the consent
    // page opens in the browser's sign-in window, which needs no access).
    const apiHost = new URL(settings.apiBase);
    const access = browser.permissions.request({ origins: [hostPermissionPattern(apiHost)] });
    void action.run(async () => {
      if (!(await access)) {
        setProblem(`Sign-in needs access to ${apiHost.host}; it was not allowed.`);
        return;
      }
      const answer = await request('datadog:sign-in', { profileId, persist });
      setProblem(answer.problem);
      onChanged(answer.settings);
    });
  };

  const onSignOut = () =>
    action.run(async () => {
      const answer = await request('datadog:sign-out', { profileId });
      setProblem(answer.problem);
      onChanged(answer.settings);
    });

  return (
    <fieldset class="sign-in" data-testid="datadog-sign-in">
      <legend>Sign in with Datadog</legend>
      {signedIn ? (
        <p role="status">
          Signed in to <span class="mono">{signIn.site}</span>
          {signIn.signedInAt === null ? '' : ` since ${new Date(signIn.signedInAt).toLocaleString()}`}
          {signIn.persist ? ', kept after the browser closes.' : ', until the browser closes.'}
        </p>
      ) : settings.credential === 'sign-in' && signIn.status === 'signed-out' ? (
        <p class="notice problem" role="alert">
          Signed out: sign in again.
        </p>
      ) : (
        <p class="help">
          Instead of keys: sign in and consent on Datadog’s own page. The extension then holds short-lived
          tokens, not your keys.
        </p>
      )}
      {signedIn ? (
        <button type="button" disabled={action.pending} onClick={onSignOut}>
          Sign out
        </button>
      ) : (
        <>
          <label class="checkbox">
            <input
              type="checkbox"
              checked={persist}
              onChange={(event) => setPersist(event.currentTarget.checked)}
            />
            Stay signed in after the browser closes
          </label>
          <p class="help">
            Otherwise the sign-in is kept in memory only and ends when the browser closes. Staying signed in
            stores its tokens in this browser profile on disk, usable by anyone with this profile until you
            sign out.
          </p>
          <button type="button" disabled={action.pending} onClick={onSignIn}>
            Sign in with Datadog
          </button>
        </>
      )}
      {problem === null && action.error === null ? null : (
        <p class="notice problem" role="alert">
          {problem ?? action.error}
        </p>
      )}
    </fieldset>
  );
}
