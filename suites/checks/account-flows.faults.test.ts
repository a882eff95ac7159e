import { beforeAll, describe, expect, it } from 'vitest';
import type { Flow } from '../requirements/index.ts';
import { brokenStatus, runMatrix, type Changed } from './fault-matrix.test-support.ts';

/**
 * Proof the other way round for the bank-sync, onboarding, multi-account-linking and offboarding checks: one
 * certification of the reference connector per fault switch, each asserting exactly which SYNC, ONB, MAL and OFF
 * requirements stop passing (fail for a MUST, warn for a SHOULD). The clean run is in
 * suites/flows/onboarding.flow.test.ts. The runs mostly wait on the candidate, so they all go at once.
 */
interface Case {
  readonly flows: readonly Flow[];
  readonly breaks: readonly string[];
  /** A sentence the deciding check must produce, naming the exchange and the field. */
  readonly says: Readonly<Record<string, RegExp>>;
}

const BANK_SYNC: readonly Flow[] = ['bank-sync'];
const ONBOARDING: readonly Flow[] = ['bank-sync', 'onboarding'];
const LINKING: readonly Flow[] = ['bank-sync', 'onboarding', 'multi-account-linking'];
const ALL: readonly Flow[] = ['bank-sync', 'onboarding', 'multi-account-linking', 'offboarding'];

const CASES: Readonly<Record<string, Case>> = {
  // Nothing registered: every bank-sync requirement fails, after the kit waited the whole step for the POST.
  'no-bank-sync': { flows: BANK_SYNC, breaks: ['SYNC-01', 'SYNC-02', 'SYNC-03', 'SYNC-04'], says: { 'SYNC-01': /sent no POST \/v1\/banks/ } },
  'foreign-callback-url': {
    flows: BANK_SYNC,
    breaks: ['SYNC-02'],
    says: { 'SYNC-02': /POST \/v1\/banks x-\d{6}: data\.toCreate\[0\]\.callbackURLs\.reAuth is https:\/\/reauth\.example\.invalid\/authrefresh, not an absolute URL under CONNECTOR_PUBLIC_URL/ },
  },
  // Banking Service refuses the entry without url, so the bank is not registered either.
  'bank-sync-missing-url': {
    flows: BANK_SYNC,
    breaks: ['SYNC-01', 'SYNC-03'],
    says: { 'SYNC-03': /POST \/v1\/banks x-\d{6}: data\.toCreate\[0\]\.url is missing/, 'SYNC-01': /answered POST \/v1\/banks x-\d{6} with 400/ },
  },
  'iframe-flag-off': { flows: BANK_SYNC, breaks: ['SYNC-04'], says: { 'SYNC-04': /data\.toCreate\[0\]\.supportiframe is false, but the config declares the iframe capability/ } },

  'no-state-on-redirect': { flows: ONBOARDING, breaks: ['ONB-01', 'ONB-09', 'ONB-10'], says: { 'ONB-09': /x-\d{6} sent the browser to redirect_uri without the state of x-\d{6}/ } },
  'empty-onboarding-patch': {
    flows: ONBOARDING,
    breaks: ['ONB-01', 'ONB-02', 'ONB-03', 'ONB-04', 'ONB-05', 'ONB-06', 'ONB-07', 'ONB-09', 'ONB-13'],
    says: { 'ONB-04': /PATCH x-\d{6} for the multi-account test user lists 0 account\(s\) in data\.bankAccounts/, 'ONB-05': /lists 0 accounts in data\.bankAccounts/ },
  },
  'ignore-requested-start-date': { flows: ONBOARDING, breaks: ['ONB-03'], says: { 'ONB-03': /POST \/v1\/statements x-\d{6} .* datePosted .* before its requestedStartDate/ } },
  'patch-omits-connected-accounts': { flows: ONBOARDING, breaks: ['ONB-06'], says: { 'ONB-06': /PATCH x-\d{6} of a later session leaves out account 404784\/41000011/ } },
  'redirect-before-patch': { flows: ONBOARDING, breaks: ['ONB-08'], says: { 'ONB-08': /PATCH x-\d{6} .* after x-\d{6} had already sent the browser to redirect_uri/ } },
  'no-redirect-on-failure': { flows: ONBOARDING, breaks: ['ONB-10'], says: { 'ONB-10': /did not send the browser to redirect_uri; its last answer x-\d{6} was 401/ } },
  // A PATCH under a made-up id is refused, so no onboarding completes at all.
  'patch-own-authorisation-id': {
    flows: ONBOARDING,
    breaks: ['ONB-01', 'ONB-02', 'ONB-03', 'ONB-04', 'ONB-05', 'ONB-06', 'ONB-08', 'ONB-09', 'ONB-12', 'ONB-13'],
    says: { 'ONB-12': /PATCH x-\d{6} names authorisation \w+ in its path, which no GET \/auth or \/authrefresh carried/ },
  },
  'deny-framing': { flows: ONBOARDING, breaks: ['ONB-14'], says: { 'ONB-14': /x-\d{6} \(\/auth\) answers with X-Frame-Options: DENY/ } },

  // Without /availableaccounts nothing of multi-account linking can happen.
  'no-available-accounts': { flows: LINKING, breaks: ['MAL-01', 'MAL-02', 'MAL-03', 'MAL-04', 'MAL-05'], says: { 'MAL-01': /first GET \/availableaccounts x-\d{6} .* answered 404/ } },
  'available-accounts-omit-connected': { flows: LINKING, breaks: ['MAL-02'], says: { 'MAL-02': /GET \/availableaccounts\?externalId=ref-alice-current x-\d{6} leaves out ref-alice-current/ } },
  // The PATCH gives the card the savings account's externalId; /availableaccounts gives it its own.
  'duplicate-external-id': {
    flows: LINKING,
    breaks: ['ONB-07', 'MAL-03'],
    says: { 'ONB-07': /PATCH x-\d{6} gives bankAccountExternalId ref-alice-savings to two accounts/, 'MAL-03': /GET \/availableaccounts x-\d{6} gives externalId ref-alice-savings .* but PATCH x-\d{6} sent/ },
  },
  'available-accounts-omit-added': { flows: LINKING, breaks: ['MAL-05'], says: { 'MAL-05': /x-\d{6} does not list ref-alice-added-1/ } },

  // Every notification handled but answered 400: none acknowledged, the linked account's included.
  'wrong-notification-status': {
    flows: ALL,
    breaks: ['ONB-11', 'ONB-13', 'MAL-04', 'OFF-01'],
    says: { 'OFF-01': /resourceDeleted notification x-\d{6} for \S+ with 400/, 'MAL-04': /notification x-\d{6} for the linked account \S+ with 400/ },
  },
  'post-after-offboarding': { flows: ALL, breaks: ['OFF-02'], says: { 'OFF-02': /After resourceDeleted x-\d{6} for bank account \S+ the connector still sent \d+ POST \/v1\/statements naming it \(first x-\d{6}, answered 409\)/ } },
  'offboard-whole-user': { flows: ALL, breaks: ['OFF-03'], says: { 'OFF-03': /sibling account \S+ of the same user \(hook x-\d{6}\) produced no completed statement/ } },
};

describe('bank-sync, onboarding, multi-account-linking and offboarding checks: each fault switch breaks exactly its requirements', () => {
  let results = new Map<string, Changed>();

  beforeAll(async () => {
    results = await runMatrix(Object.fromEntries(Object.entries(CASES).map(([fault, { flows }]) => [fault, flows])), 10);
  }, 240_000);

  it('proves every SYNC, ONB, MAL and OFF requirement with at least one fault switch', () => {
    const proven = new Set(Object.values(CASES).flatMap((each) => each.breaks));
    const ids = ['SYNC-0', 'ONB-0', 'ONB-1', 'MAL-0', 'OFF-0'];
    expect([...proven].filter((id) => !ids.some((prefix) => id.startsWith(prefix)))).toEqual([]);
    expect(proven.size).toBe(26);
  });

  it.each(Object.entries(CASES))('%s', (fault, expected) => {
    const changed = results.get(fault) ?? {};
    expect(Object.keys(changed).sort()).toEqual([...expected.breaks].sort());
    for (const [id, outcome] of Object.entries(changed)) expect(outcome, id).toMatch(brokenStatus(id));
    for (const [id, sentence] of Object.entries(expected.says)) expect(changed[id], id).toMatch(sentence);
  });
});
