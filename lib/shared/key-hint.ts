/** The last four characters are enough for a person to recognise a key, and useless to anyone else. */
export function keyHint(key: string): string | null {
  return key ? `…${key.slice(-4)}` : null;
}
