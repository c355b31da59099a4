import type { Plugin } from 'vite';

/**
 * Takes out preact's one write of an HTML string, `dom.innerHTML = props.dangerouslySetInnerHTML.__html`,
 * which this extension never uses: no markup string is ever parsed into its pages, and Firefox's
 * add-on linter (`web-ext lint`, run on every package) no longer warns about an unsafe `innerHTML`
 * assignment. A `dangerouslySetInnerHTML` would throw instead of rendering. If preact's build
 * changes so the write is not found, the build fails rather than ship it unnoticed.
 */
const PREACT_BUILD = /[\\/]preact[\\/]dist[\\/]preact\.(module\.js|mjs)$/;
const HTML_WRITE = /(\w+)\.innerHTML=(\w+)\.__html/g;
const REFUSED = '(()=>{throw new Error("dangerouslySetInnerHTML is not supported in this extension")})()';

export function withoutHtmlWrites(code: string): string | null {
  const replaced = code.replace(HTML_WRITE, REFUSED);
  return replaced === code ? null : replaced;
}

export function noInnerHtml(): Plugin {
  return {
    name: 'heatmap-snapshots:no-inner-html',
    enforce: 'pre',
    transform(code, id) {
      if (!PREACT_BUILD.test(id)) return null;
      const replaced = withoutHtmlWrites(code);
      if (replaced === null)
        this.error(`No innerHTML write found in ${id}: check lib/build/no-inner-html.ts`);
      return { code: replaced, map: null };
    },
  };
}
