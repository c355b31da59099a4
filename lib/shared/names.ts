import { z } from 'zod/mini';

/**
 * The one rule for names people type or pages suggest (snapshot, view and heatmap names). A page
 * chooses its view name and title, so a name may carry anything: control characters and bidi
 * controls are removed (a U+202E would flip the name on screen), and so are lone surrogates (they
 * cannot be encoded in a request). A name needs a visible character, and lengths are counted and
 * cut in code points, so a cut never splits a character in two.
 */

/** Tabs and line breaks become spaces, so words they separated stay apart. */
const LINE_CONTROLS = /[\t\n\v\f\r\u0085\u2028\u2029]/g;
/** Other controls, bidi embeddings, overrides, isolates and marks, and lone surrogates. */
const UNSAFE = /[\p{Cc}\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]|\p{Cs}/gu;
/** A character that shows: not a space, control or format character, nor a blank filler. */
const VISIBLE = /[^\p{Z}\p{Cc}\p{Cf}\s\u115F\u1160\u3164\uFFA0\u2800]/u;

export function cleanName(text: string): string {
  return text.replace(LINE_CONTROLS, ' ').replace(UNSAFE, '').trim();
}

export function hasVisibleCharacter(text: string): boolean {
  return VISIBLE.test(text);
}

/** Length in code points (what a person counts), not UTF-16 units. */
export function codePointLength(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/** `text` cleaned and, when over `max` code points, cut to `max - 1` of them and an ellipsis. */
export function shortenName(text: string, max: number): string {
  const clean = cleanName(text);
  const characters = [...clean];
  return characters.length > max
    ? `${characters
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`
    : clean;
}

/** A name field's schema: the text cleaned, then refused when empty, invisible or over `max`. */
export function nameSchema(label: string, max: number) {
  return z.pipe(z.string(), z.transform(cleanName)).check(
    z.superRefine((name, context) => {
      const message =
        name === ''
          ? `${label} is empty`
          : !hasVisibleCharacter(name)
            ? `${label} has no visible characters`
            : codePointLength(name) > max
              ? `${label} is over ${max} characters`
              : null;
      if (message !== null) context.addIssue({ code: 'custom', message });
    }),
  );
}
