import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { buildSummary } from './certification-summary.ts';
import { renderJunitXml } from './junit-xml.ts';
import { sampleContracts, sampleSummaryInput, sampleVerdict } from './test-support/sample-run.ts';

// fast-xml-parser is installed (the Allure generator reads JUnit with it): a real parser, not a regex, checks the file.
interface Case {
  '@_classname': string;
  '@_name': string;
  failure?: { '@_message': string; '@_type': string; '#text': string };
  error?: { '@_message': string; '@_type': string };
  skipped?: { '@_message': string };
  'system-out'?: string;
}
interface Suite { '@_name': string; '@_tests': string; '@_failures': string; '@_errors': string; '@_skipped': string; testcase: Case[] }

function parse(xml: string): { suites: Suite[]; root: Record<string, string> } {
  expect(XMLValidator.validate(xml)).toBe(true);
  const parsed = new XMLParser({ ignoreAttributes: false, htmlEntities: true, isArray: (name) => name === 'testsuite' || name === 'testcase' }).parse(xml) as {
    testsuites: Record<string, string> & { testsuite: Suite[] };
  };
  return { suites: parsed.testsuites.testsuite, root: parsed.testsuites };
}

describe('renderJunitXml', () => {
  const { suites, root } = parse(renderJunitXml(buildSummary(sampleSummaryInput())));
  const cases = suites.flatMap((suite) => suite.testcase);
  const byId = (id: string) => cases.find((testcase) => testcase['@_name'].startsWith(`${id} `));

  it('writes one testcase per requirement, grouped in a testsuite per flow, with the totals', () => {
    expect(suites.map((suite) => suite['@_name'])).toEqual(['bank-sync', 'onboarding', 'posting', 'multi-account-linking']);
    expect(cases).toHaveLength(6);
    expect(root).toMatchObject({ '@_tests': '6', '@_failures': '1', '@_errors': '1', '@_skipped': '2' });
    const onboarding = suites.find((suite) => suite['@_name'] === 'onboarding');
    expect(onboarding).toMatchObject({ '@_tests': '2', '@_failures': '1', '@_skipped': '1' });
  });

  it('names each case by flow and id + title, and fails it with the verdict sentence', () => {
    const failed = byId('ONB-01');
    expect(failed?.['@_classname']).toBe('onboarding');
    expect(failed?.['@_name']).toBe(`ONB-01 ${sampleVerdict('ONB-01', 'fail').title}`);
    expect(failed?.failure?.['@_message']).toBe('The PATCH x-000002 carried no bankAccounts & the account stayed <pending>.');
    expect(failed?.failure?.['#text']).toContain('How to fix: ');
    expect(failed?.failure?.['#text']).toContain('Exchanges: x-000002');
  });

  it('maps not-applicable to skipped, error to error, warn to a pass with a note, a baselined failure to skipped', () => {
    expect(byId('MAL-01')?.skipped?.['@_message']).toMatch(/^Not applicable/);
    expect(byId('STMT-01')?.error).toMatchObject({ '@_type': 'kit-error', '@_message': 'The kit has no check for STMT-01.' });
    const warned = cases.find((testcase) => testcase['system-out'] !== undefined);
    expect(warned?.['system-out']).toMatch(/^warn \(SHOULD not met\): A SHOULD that was not met\./);
    expect(byId('ONB-02')?.skipped?.['@_message']).toBe('Known failure (baseline: fixed in release 4 <soon>): A known failure.');
    expect(byId('SYNC-01')).toMatchObject({ '@_classname': 'bank-sync' });
    expect(byId('SYNC-01')?.failure).toBeUndefined();
  });

  it('fails a baselined requirement that now passes, and survives control characters in a sentence', () => {
    const input = sampleSummaryInput();
    const verdicts = [sampleVerdict('ONB-02', 'pass'), sampleVerdict('ONB-01', 'fail', 'bell \u0007 and "quotes" and \'apostrophes\'\nsecond line')];
    const { suites: staleSuites } = parse(renderJunitXml(buildSummary({ ...input, run: { ...input.run, verdicts } })));
    const [stale, odd] = staleSuites.flatMap((suite) => suite.testcase);
    expect(stale?.failure).toMatchObject({ '@_type': 'stale-baseline' });
    expect(stale?.failure?.['@_message']).toMatch(/^Stale baseline entry: ONB-02 now passes; remove it/);
    expect(odd?.failure?.['@_message']).toBe('bell  and "quotes" and \'apostrophes\'\nsecond line');
  });
});

describe('renderJunitXml: the webhook contract', () => {
  const input = sampleSummaryInput();
  const { suites, root } = parse(renderJunitXml(buildSummary({ ...input, run: { ...input.run, contracts: sampleContracts({ failing: true }) } })));
  const contract = suites.find((suite) => suite['@_name'] === 'webhook-contract');

  it('adds one testcase per interaction in a webhook-contract testsuite, counted in the totals', () => {
    expect(contract?.testcase.map((testcase) => testcase['@_name'])).toEqual(['a bank account created notification', "the accounts under a linked account's authorisation"]);
    expect(contract).toMatchObject({ '@_tests': '2', '@_failures': '1' });
    expect(root).toMatchObject({ '@_tests': '8', '@_failures': '2' });
  });

  it("fails a failed interaction with Pact's mismatch text as the message, and names its requirements", () => {
    const failed = contract?.testcase[1];
    expect(failed?.failure).toMatchObject({ '@_type': 'pact-mismatch', '@_message': '$ -> Expected an array with at least 1 item(s) but got [] & <none>' });
    expect(failed?.failure?.['#text']).toContain('Requirements evidenced: SPEC-03, MAL-01');
    expect(contract?.testcase[0]?.failure).toBeUndefined();
  });

  it('writes no contract testsuite when the phase was skipped, and one errored testcase when the kit could not run it', () => {
    expect(parse(renderJunitXml(buildSummary(input))).suites.map((suite) => suite['@_name'])).not.toContain('webhook-contract');
    const error = { ...sampleContracts(), status: 'error' as const, reason: 'The kit could not verify the webhook contract: boom', interactions: [] };
    const errored = parse(renderJunitXml(buildSummary({ ...input, run: { ...input.run, contracts: error } }))).suites.find((suite) => suite['@_name'] === 'webhook-contract');
    expect(errored?.testcase[0]).toMatchObject({ '@_name': 'webhook contract', error: { '@_type': 'kit-error', '@_message': 'The kit could not verify the webhook contract: boom' } });
  });
});
