/**
 * Which documented response answers a status, by OpenAPI's precedence: the exact code, then its range
 * (`2XX`, in any case), then `default`. undefined means undocumented — a finding, never a silent pass
 * (openapi-backend alone passes such responses and, for a code without a JSON body, even falls through to
 * `default`'s schema).
 */
export function responseKeyFor(status: number, documentedKeys: readonly string[]): string | undefined {
  if (!Number.isInteger(status) || status < 100 || status > 599) return undefined;
  const exact = String(status);
  if (documentedKeys.includes(exact)) return exact;
  const range = `${Math.floor(status / 100)}XX`;
  const rangeKey = documentedKeys.find((key) => key.toUpperCase() === range);
  if (rangeKey !== undefined) return rangeKey;
  return documentedKeys.includes('default') ? 'default' : undefined;
}
