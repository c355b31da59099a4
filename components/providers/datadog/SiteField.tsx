import { useId } from 'preact/hooks';
import { SITES, type SiteId } from '@/lib/providers/datadog/settings';

/** The Datadog site: it decides the API host (`api.{site}`) and the links into the app. */
type Props = { value: SiteId; onChange: (site: SiteId) => void; help?: string };

export function SiteField({ value, onChange, help }: Props) {
  const id = useId();
  const helpId = useId();
  return (
    <div class="field">
      <label for={id}>Datadog site</label>
      <select
        id={id}
        value={value}
        aria-describedby={help ? helpId : undefined}
        onChange={(event) => onChange(event.currentTarget.value as SiteId)}
      >
        {SITES.map((site) => (
          <option key={site.id} value={site.id}>
            {site.label}
          </option>
        ))}
      </select>
      {help ? (
        <p id={helpId} class="help">
          {help}
        </p>
      ) : null}
    </div>
  );
}
