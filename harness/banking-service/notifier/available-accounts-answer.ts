/** One element of the connector's /availableaccounts answer [C-AVAIL]. */
export interface AvailableAccount {
  readonly externalId: string;
  readonly accountName: string;
  readonly accountType: string | undefined;
  readonly bankIdentifier: string;
  readonly accountIdentifier: string;
  readonly branchIdentifier: string | undefined;
}

export type AvailableAccountsAnswer = { readonly ok: true; readonly accounts: readonly AvailableAccount[] } | { readonly ok: false; readonly problem: string };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const optionalText = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * Reads what the connector answered on /availableaccounts: a 2xx with a bare JSON array whose elements carry
 * externalId, bankIdentifier and accountIdentifier [C-AVAIL] [KC-22]. Anything else is a problem named in one
 * line, which the product's call then reports.
 */
export function readAvailableAccounts(status: number, body: Buffer): AvailableAccountsAnswer {
  if (status < 200 || status > 299) return { ok: false, problem: `the connector answered ${status} on /availableaccounts` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return { ok: false, problem: 'the connector\'s /availableaccounts answer is not JSON' };
  }
  if (!Array.isArray(parsed)) return { ok: false, problem: 'the connector\'s /availableaccounts answer is not a JSON array [C-AVAIL]' };
  const accounts: AvailableAccount[] = [];
  for (const [index, element] of parsed.entries()) {
    if (!isRecord(element)) return { ok: false, problem: `element ${index} of the /availableaccounts answer is not an object` };
    const missing = ['externalId', 'bankIdentifier', 'accountIdentifier'].filter((field) => typeof element[field] !== 'string' || element[field] === '');
    if (missing.length > 0) return { ok: false, problem: `element ${index} of the /availableaccounts answer lacks ${missing.join(', ')} [C-AVAIL]` };
    accounts.push({
      externalId: element['externalId'] as string,
      accountName: optionalText(element['accountName']) ?? '',
      accountType: optionalText(element['accountType']),
      bankIdentifier: element['bankIdentifier'] as string,
      accountIdentifier: element['accountIdentifier'] as string,
      branchIdentifier: optionalText(element['branchIdentifier']),
    });
  }
  return { ok: true, accounts };
}
