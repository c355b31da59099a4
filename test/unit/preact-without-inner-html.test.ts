import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { withoutInnerHtml } from '../../scripts/preact-without-inner-html';

const HTML_WRITE = /\w+\.innerHTML=\w+\.__html/;

describe('the build takes preact’s innerHTML write out', () => {
  it('finds the write in the preact the build bundles and replaces it with a throw', () => {
    const require = createRequire(import.meta.url);
    const preact = readFileSync(require.resolve('preact').replace(/preact\.js$/, 'preact.mjs'), 'utf8');
    expect(preact).toMatch(HTML_WRITE);
    const rewritten = withoutInnerHtml(preact);
    expect(rewritten).not.toBeNull();
    expect(rewritten).not.toMatch(HTML_WRITE);
    expect(rewritten).toContain('dangerouslySetInnerHTML is not supported');
  });

  it('says when there is nothing to take out (so the build can fail loudly)', () => {
    expect(withoutInnerHtml('el.textContent = value;')).toBeNull();
  });
});
