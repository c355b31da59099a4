import { foreignApiUrl } from './settings-form';

/**
 * Shown while typing, before anything is saved: keys grant full access to a Datadog org, so
 * sending them anywhere but Datadog must be a conscious choice.
 */
export function ApiUrlWarning({ apiUrl }: { apiUrl: string }) {
  const url = foreignApiUrl(apiUrl);
  if (url === null) return null;
  return (
    <p class="notice warning" role="alert">
      Your keys will be sent to <strong>{url.host}</strong>, which is not a Datadog host. Only use a proxy or
      sandbox you trust.
    </p>
  );
}
