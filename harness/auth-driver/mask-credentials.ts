import type { TestUser } from '../config/config-types.ts';

/** Shorter values would mask unrelated text (a port, a digit in a URL); the traffic redactor draws the same line. */
const MIN_MASKED_LENGTH = 4;

/**
 * Masks the test user's password and one-time code in text the driver hands back (hop URLs, messages): a GET form
 * or an error message can carry them, and results end up in reports. Encoded spellings are masked too.
 */
export function maskCredentials(text: string, user: TestUser | undefined): string {
  if (user === undefined) return text;
  let masked = text;
  for (const [label, value] of [['password', user.password], ['otp', user.otp]] as const) {
    if (value === undefined || value.length < MIN_MASKED_LENGTH) continue;
    const spellings = new Set([value, encodeURIComponent(value), new URLSearchParams({ v: value }).toString().slice(2)]);
    for (const spelling of [...spellings].sort((a, b) => b.length - a.length)) masked = masked.split(spelling).join(`[REDACTED:${label}]`);
  }
  return masked;
}
