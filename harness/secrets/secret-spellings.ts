import type { KnownSecret } from './run-secrets.ts';

/** How a secret may be written down in a file: as is, or encoded the ways HTTP, JSON, HTML and Basic auth encode it. */
export type Spelling = 'plain' | 'url-encoded' | 'form-encoded' | 'json-escaped' | 'html-escaped' | 'base64' | 'base64url';

export interface SecretNeedle {
  readonly label: string;
  readonly spelling: Spelling;
  readonly bytes: Buffer;
  /** Matched only as a whole word (no letter or digit on either side): a short value inside a longer token is not it. */
  readonly wholeWord: boolean;
  /** Characters that continue a word of this spelling: base64 words also run on through `+/=_-`. */
  readonly wordCharacters: RegExp;
}

/** Below this length a secret (a six-digit one-time code) is only matched as a whole word, and base64 only unshifted. */
export const SHORT_SECRET_LENGTH = 12;

/** A letter or digit: what may not touch a short secret on either side for it to be one (the redactor reads it so too). */
export const PLAIN_WORD = /[A-Za-z0-9]/;
const BASE64_WORD = /[A-Za-z0-9+/=_-]/;

const htmlEscape = (value: string): string => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/**
 * The part of base64(prefix + secret) that depends on the secret alone, for a prefix of 0, 1 or 2 bytes: inside a
 * longer base64 text (a Basic credential `id:secret`, an attachment) the secret starts at any byte offset, and each
 * of the three offsets spells it differently.
 */
function base64Fragments(value: Buffer, shiftsToTry: number): string[] {
  const fragments: string[] = [];
  for (let shift = 0; shift < shiftsToTry; shift += 1) {
    const encoded = Buffer.concat([Buffer.alloc(shift), value]).toString('base64');
    const first = Math.ceil((shift * 8) / 6);
    const last = Math.floor(((shift + value.length) * 8) / 6);
    fragments.push(encoded.slice(first, last));
  }
  return fragments;
}

const toBase64Url = (text: string): string => text.replace(/\+/g, '-').replace(/\//g, '_');

/** Every spelling of every secret worth looking for, without duplicates. */
export function secretNeedles(secrets: readonly KnownSecret[]): SecretNeedle[] {
  const needles: SecretNeedle[] = [];
  const seen = new Set<string>();
  for (const { label, value } of secrets) {
    const short = value.length < SHORT_SECRET_LENGTH;
    const add = (spelling: Spelling, text: string) => {
      if (text.length === 0 || seen.has(text)) return;
      seen.add(text);
      const base64 = spelling === 'base64' || spelling === 'base64url';
      needles.push({ label, spelling, bytes: Buffer.from(text, 'utf8'), wholeWord: short, wordCharacters: base64 ? BASE64_WORD : PLAIN_WORD });
    };
    add('plain', value);
    add('url-encoded', encodeURIComponent(value));
    add('form-encoded', new URLSearchParams({ v: value }).toString().slice(2));
    add('json-escaped', JSON.stringify(value).slice(1, -1));
    add('html-escaped', htmlEscape(value));
    const bytes = Buffer.from(value, 'utf8');
    // A short secret is looked for only as a whole base64 word (padded, or base64url unpadded): its shifted
    // fragments would be a handful of characters, found by chance in any large base64 text.
    const fragments = short ? [bytes.toString('base64')] : base64Fragments(bytes, 3);
    for (const fragment of fragments) {
      add('base64', fragment);
      add('base64url', toBase64Url(fragment).replace(/=+$/, ''));
    }
  }
  return needles;
}
