/** The sentence carried by a thrown value. Our own errors are written for people, so it is shown as is. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
