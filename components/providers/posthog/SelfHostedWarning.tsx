import { selfHostedUrl } from './settings-form';

/**
 * Shown while typing, before anything is saved: a personal API key can read and change a whole
 * PostHog organisation, so sending it anywhere but PostHog Cloud must be a conscious choice.
 * A polite live region that is always there (not an alert): it is announced when typing makes it
 * appear, and the fieldset's one alert stays the outcome of Save or Test connection.
 */
export function SelfHostedWarning({ apiUrl }: { apiUrl: string }) {
  const url = selfHostedUrl(apiUrl);
  return (
    <div class="self-hosted-warning" aria-live="polite">
      {url === null ? null : (
        <p class="notice warning">
          Your personal API key will be sent to <strong>{url.host}</strong>, which is not PostHog Cloud. Only
          use a self-hosted PostHog or proxy you trust.
        </p>
      )}
    </div>
  );
}
