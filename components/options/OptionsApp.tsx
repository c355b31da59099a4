import { PROVIDER_SETTINGS } from '@/components/providers/settings';
import { PRIVACY_PAGE } from '@/lib/manifest';
import { PROVIDER_IDS } from '@/lib/providers/registry';

/** The settings page: one fieldset per provider, each with its own Save and Test connection. */
export function OptionsApp() {
  return (
    <main class="options">
      <h1>Heatmap Snapshots settings</h1>
      <p class="detail">
        The extension calls each provider’s API with your keys to save heatmaps. Keys stay in this browser’s
        extension storage and are only sent to the API host shown for that provider.
      </p>
      {PROVIDER_IDS.map((id) => {
        const Settings = PROVIDER_SETTINGS[id];
        return <Settings key={id} />;
      })}
      <footer class="detail">
        <a href={`/${PRIVACY_PAGE}`} target="_blank" rel="noreferrer">
          Privacy statement
        </a>
        : what the extension reads from a page, what it sends and to whom, what it keeps.
      </footer>
    </main>
  );
}
