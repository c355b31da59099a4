import { useId } from 'preact/hooks';
import { SITES, type SiteId } from '@/lib/settings/settings';

/** The Datadog site: it decides the API host (`api.{site}`) and the links into the app. */
export function SiteField({ value, onChange }: { value: SiteId; onChange: (site: SiteId) => void }) {
  const id = useId();
  return (
    <div class="field">
      <label for={id}>Datadog site</label>
      <select id={id} value={value} onChange={(event) => onChange(event.currentTarget.value as SiteId)}>
        {SITES.map((site) => (
          <option key={site.id} value={site.id}>
            {site.label}
          </option>
        ))}
      </select>
    </div>
  );
}
