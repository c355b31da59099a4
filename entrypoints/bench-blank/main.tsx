import { render } from 'preact';
import '@/components/theme.css';

// The bench's baseline for "popup open" (bench/popup-open.ts): preact and the theme, nothing else. e2e build only.
render(<button type="button">Ready</button>, document.getElementById('app') as HTMLElement);
