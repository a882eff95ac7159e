import { createHmac, randomBytes } from 'node:crypto';
import { PLAIN_WORD, SHORT_SECRET_LENGTH } from '../secrets/secret-spellings.ts';

/**
 * Removes secrets at capture, before anything is stored. Known secret values become `[REDACTED:<label>]`;
 * bearer tokens and other sensitive header values become a salted fingerprint `[REDACTED:<label>#<8 hex>]`, so
 * checks can still tell "the same token was reused" from "a new token per request" without the token itself.
 * The salt lives only in memory for the run.
 */
export interface Redactor {
  addSecret(label: string, value: string): void;
  redactHeaders(headers: Readonly<Record<string, string | readonly string[] | undefined>>): Record<string, string>;
  redactText(text: string): string;
  redactValue(value: unknown): unknown;
  /** The fingerprint a value would get; for tests and checks that compare two redacted values. */
  fingerprint(value: string): string;
}

const JWT = /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
const ALWAYS_SENSITIVE_HEADERS = ['authorization', 'x-api-key', 'cookie', 'set-cookie', 'x-signature', 'proxy-authorization'];
const MIN_SECRET_LENGTH = 4;
/** The value with no letter or digit on either side: the final secret scan's whole word. */
const wholeWord = (value: string): RegExp => new RegExp(`(?<!${PLAIN_WORD.source})${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?!${PLAIN_WORD.source})`, 'g');

export function createRedactor(options: { sensitiveHeaders?: readonly string[] } = {}): Redactor {
  const salt = randomBytes(32);
  const secrets = new Map<string, string>();
  const sensitiveHeaders = new Set([...ALWAYS_SENSITIVE_HEADERS, ...(options.sensitiveHeaders ?? []).map((name) => name.toLowerCase())]);
  let ordered: [string, string][] = [];

  const fingerprint = (value: string): string => createHmac('sha256', salt).update(value).digest('hex').slice(0, 8);

  const redactText = (text: string): string => {
    let result = text;
    for (const [value, label] of ordered) {
      if (!result.includes(value)) continue;
      const marker = `[REDACTED:${label}]`;
      // A short secret (a six-digit one-time code) only as a whole word, as the final secret scan reads it: inside a
      // longer token it is chance, not the secret ("111111" inside a UUID made a login's redirect a "leak").
      result = value.length < SHORT_SECRET_LENGTH ? result.replace(wholeWord(value), marker) : result.split(value).join(marker);
    }
    return result.replace(JWT, (token) => `[REDACTED:jwt#${fingerprint(token)}]`);
  };

  const redactHeaderValue = (name: string, value: string): string => {
    if (!sensitiveHeaders.has(name)) return redactText(value);
    const known = secrets.get(value);
    if (known) return `[REDACTED:${known}]`;
    const bearer = /^(Bearer|Basic)\s+(.+)$/i.exec(value);
    if (bearer) return `${bearer[1]} [REDACTED:${(bearer[1] ?? '').toLowerCase()}#${fingerprint(bearer[2] ?? '')}]`;
    return `[REDACTED:${name}#${fingerprint(value)}]`;
  };

  const redactValue = (value: unknown): unknown => {
    if (typeof value === 'string') return redactText(value);
    if (Array.isArray(value)) return value.map(redactValue);
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, redactValue(inner)]));
    }
    return value;
  };

  return {
    addSecret(label, value) {
      if (value.length < MIN_SECRET_LENGTH) throw new Error(`secret "${label}" is shorter than ${MIN_SECRET_LENGTH} characters and cannot be redacted reliably`);
      secrets.set(value, label);
      // Longest first, so a secret that contains another is replaced whole.
      ordered = [...secrets.entries()].sort((a, b) => b[0].length - a[0].length);
    },
    redactHeaders(headers) {
      const redacted: Record<string, string> = {};
      for (const [rawName, rawValue] of Object.entries(headers)) {
        if (rawValue === undefined) continue;
        const name = rawName.toLowerCase();
        const value = Array.isArray(rawValue) ? rawValue.join(', ') : String(rawValue);
        redacted[name] = redactHeaderValue(name, value);
      }
      return redacted;
    },
    redactText,
    redactValue,
    fingerprint,
  };
}
