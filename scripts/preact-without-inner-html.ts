import type { Plugin } from 'vite';

/** preact's one assignment of a computed `innerHTML`: the `dangerouslySetInnerHTML` prop. */
const ASSIGNMENT = /\b\w+\.innerHTML=\w+\.__html\b/g;
const PREACT = /[\\/]preact[\\/]dist[\\/]preact\.(module\.js|mjs)(\?.*)?$/;
const REFUSED = '(()=>{throw Error("dangerouslySetInnerHTML is not supported")})()';

/** preact's code with that assignment replaced by an error, or null unless it has exactly one. */
export function withoutInnerHtml(code: string): string | null {
  if (code.match(ASSIGNMENT)?.length !== 1) return null;
  return code.replace(ASSIGNMENT, REFUSED);
}

/**
 * Firefox Add-ons' linter (`web-ext lint`) warns about preact's `innerHTML` assignment, the
 * `dangerouslySetInnerHTML` prop, which our code never uses (Biome's `noDangerouslySetInnerHtml`
 * forbids it), and the packages must lint without warnings. The build replaces that assignment
 * with an error; a preact whose code no longer matches fails the build instead of shipping it.
 */
export function preactWithoutInnerHtml(): Plugin {
  return {
    name: 'preact-without-inner-html',
    transform(code, id) {
      if (!PREACT.test(id)) return null;
      const refused = withoutInnerHtml(code);
      if (refused === null) {
        this.error(`preact-without-inner-html: ${id} no longer has exactly one innerHTML=…__html`);
      }
      return { code: refused, map: null };
    },
  };
}
