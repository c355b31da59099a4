/**
 * The layout of `/demo/posthog.html`, the page for checking full-page captures: a sticky header,
 * five full-width sections of strong, distinct colours (each labelled "Section N" in big text)
 * and a fixed chat button at the bottom right. The page is generated from these numbers, so a test
 * can sample a capture's pixels at each section's document y range (away from the label, e.g.
 * `LABEL_FREE_X` px from the left edge) and find the fixed button exactly once.
 * Total height 64 + 5 × 640 = 3264 px: about 4.5 viewport heights at 1280×720.
 */

export interface Rgb {
  r: number;
  g: number;
  b: number;
}

export interface DemoBlock {
  label: string;
  /** CSS colour, `#rrggbb`. */
  color: string;
  rgb: Rgb;
  /** Document y range [top, top + height). */
  top: number;
  height: number;
}

const hex = (color: string): Rgb => ({
  r: Number.parseInt(color.slice(1, 3), 16),
  g: Number.parseInt(color.slice(3, 5), 16),
  b: Number.parseInt(color.slice(5, 7), 16),
});

export const HEADER_HEIGHT = 64;
export const SECTION_HEIGHT = 640;

export const HEADER: DemoBlock = {
  label: 'PostHog demo',
  color: '#212121',
  rgb: hex('#212121'),
  top: 0,
  height: HEADER_HEIGHT,
};

export const SECTIONS: DemoBlock[] = ['#e53935', '#43a047', '#1e88e5', '#fdd835', '#8e24aa'].map(
  (color, i) => ({
    label: `Section ${i + 1}`,
    color,
    rgb: hex(color),
    top: HEADER_HEIGHT + i * SECTION_HEIGHT,
    height: SECTION_HEIGHT,
  }),
);

export const PAGE_HEIGHT = HEADER_HEIGHT + SECTIONS.length * SECTION_HEIGHT;

/** `position: fixed`, offsets from the viewport's bottom right corner. */
export const CHAT_BUTTON = {
  label: 'Chat',
  color: '#00bcd4',
  rgb: hex('#00bcd4'),
  size: 72,
  right: 24,
  bottom: 24,
};

/** Labels are centred; this far from the left edge every row is the section's plain colour. */
export const LABEL_FREE_X = 16;

const esc = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The whole page: posthog-js (started by posthog-start.js), then the blocks. */
export function posthogDemoHtml(): string {
  const sections = SECTIONS.map(
    (s) =>
      `<section data-color="${s.color}" data-top="${s.top}" data-height="${s.height}" style="background:${s.color};height:${s.height}px">${esc(s.label)}</section>`,
  ).join('\n  ');
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>PostHog demo: tall page</title>
  <script src="/ph-sdk/array.full.no-external.js"></script>
  <script src="/demo/posthog-start.js"></script>
  <style>
    html, body { margin: 0; padding: 0; }
    body { font-family: system-ui, sans-serif; }
    header { position: sticky; top: 0; z-index: 10; height: ${HEADER.height}px; background: ${HEADER.color};
      color: #fff; display: flex; align-items: center; padding: 0 24px; font-size: 24px; }
    section { display: flex; align-items: center; justify-content: center; color: #fff; font-size: 96px;
      font-weight: 800; }
    #chat { position: fixed; right: ${CHAT_BUTTON.right}px; bottom: ${CHAT_BUTTON.bottom}px; z-index: 20;
      width: ${CHAT_BUTTON.size}px; height: ${CHAT_BUTTON.size}px; border: 0; border-radius: 0;
      background: ${CHAT_BUTTON.color}; color: #000; font-size: 16px; }
  </style>
</head>
<body data-page-height="${PAGE_HEIGHT}">
  <header data-color="${HEADER.color}" data-top="0" data-height="${HEADER.height}">${esc(HEADER.label)}</header>
  ${sections}
  <button id="chat" type="button" data-color="${CHAT_BUTTON.color}">${CHAT_BUTTON.label}</button>
</body>
</html>
`;
}
