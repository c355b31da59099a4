import type { ComponentChildren } from 'preact';

/** A link to a provider's web app in a new tab; noopener so the opened page cannot reach ours. */
export function ExternalLink({ href, children }: { href: string; children: ComponentChildren }) {
  return (
    <a href={href} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  );
}
