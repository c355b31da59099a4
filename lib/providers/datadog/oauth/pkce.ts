/**
 * PKCE (RFC 7636, S256) and the `state` value of one sign-in. `random` is injectable so tests can
 * pin the values; the default is the platform's CSPRNG.
 */

export interface PkcePair {
  verifier: string;
  challenge: string;
  state: string;
}

type RandomBytes = (bytes: Uint8Array<ArrayBuffer>) => Uint8Array<ArrayBuffer>;

const defaultRandom: RandomBytes = (bytes) => crypto.getRandomValues(bytes);

export function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The S256 challenge of a verifier: base64url(SHA-256(ASCII verifier)). */
export async function s256(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

/** A fresh verifier (32 random bytes → 43 characters, the RFC's minimum entropy), its challenge and a state. */
export async function createPkce(random: RandomBytes = defaultRandom): Promise<PkcePair> {
  const verifier = base64Url(random(new Uint8Array(32)));
  const state = base64Url(random(new Uint8Array(16)));
  return { verifier, challenge: await s256(verifier), state };
}
