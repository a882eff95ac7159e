/** RFC 6901: `~` → `~0`, `/` → `~1`. */
export function escapePointerToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** A pointer token as Ajv writes and reads it inside a `$ref` fragment: RFC 6901, then URI-encoded. */
export function encodeRefToken(token: string): string {
  return encodeURIComponent(escapePointerToken(token));
}
