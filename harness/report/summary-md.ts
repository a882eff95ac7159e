import { writeFile } from 'node:fs/promises';
import type { Verdict } from '../../suites/checks/verdict.ts';
import type { PactInteractionResult } from '../../contracts/verification/interaction-result.ts';
import type { WebhookContractOutcome } from '../run/pact-phase.ts';
import type { CertificationSummary, Decision } from './certification-summary.ts';
import { evidenceUrl } from './evidence-links.ts';
import { flowTitle } from './flow-titles.ts';

const HEADLINES: Readonly<Record<Decision, string>> = {
  conformant: '✅ Conformant',
  'non-conformant': '❌ Non-conformant',
  'kit-failed': '⚠️ The kit failed',
  incomplete: '⏹️ Incomplete (interrupted)',
};

/** GitHub refuses comments longer than this; the passing and not-applicable lists are cut first. */
export const PR_COMMENT_LIMIT = 65_536;

/** A table cell: one line, no pipe breaking the row, no HTML that GitHub would render. */
export const cell = (text: string): string =>
  text.replace(/[\r\n]+/g, ' ').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|').trim();

const code = (text: string): string => `\`${text.replace(/`/g, "'")}\``;

const tags = (verdict: Verdict): string =>
  verdict.evidence.map((tag) => {
    const url = evidenceUrl(tag);
    return url ? `[${tag}](${url})` : tag;
  }).join(' ');

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((row) => `| ${row.join(' | ')} |`)];
}

function section(title: string, verdicts: readonly Verdict[], columns: 'full' | 'sentence'): string[] {
  if (verdicts.length === 0) return [];
  const rows = verdicts.map((verdict) => {
    const id = `**${verdict.requirementId}** ${verdict.level}`;
    const base = [id, cell(verdict.title), cell(flowTitle(verdict.flow))];
    return columns === 'full' ? [...base, tags(verdict), cell(verdict.sentence), cell(verdict.hint)] : [...base, cell(verdict.sentence)];
  });
  const header = columns === 'full' ? ['Requirement', 'Title', 'Flow', 'Evidence', 'What happened', 'How to fix'] : ['Requirement', 'Title', 'Flow', 'Why'];
  return [`### ${title} (${verdicts.length})`, '', ...table(header, rows), ''];
}

function collapsed(title: string, verdicts: readonly Verdict[]): string[] {
  if (verdicts.length === 0) return [];
  const rows = verdicts.map((verdict) => [`${verdict.requirementId}`, cell(verdict.title), cell(verdict.sentence)]);
  return ['<details>', `<summary>${title} (${verdicts.length})</summary>`, '', ...table(['Requirement', 'Title', 'Sentence'], rows), '', '</details>', ''];
}

const interactionRow = (interaction: PactInteractionResult): string[] => [
  cell(interaction.description),
  interaction.requirementIds.join(', '),
  cell(interaction.mismatches.map((mismatch) => code(mismatch.replace(/\s+/g, ' '))).join(' · ') || interaction.sentence),
  cell([...interaction.explanations, ...interaction.stateProblems.map((problem) => `provider state not set up: ${problem}`)].join(' · ')),
];

/**
 * The webhook contract: failed interactions in the open with Pact's mismatch text (they fail the run on their own),
 * verified ones folded away; a phase that did not run says why in one line.
 */
function contractSection(contracts: WebhookContractOutcome): { decisive: string[]; folded: string[] } {
  const failed = contracts.interactions.filter((interaction) => interaction.status === 'failed');
  const passed = contracts.interactions.filter((interaction) => interaction.status !== 'failed');
  const pact = contracts.pact ? ` \`${contracts.pact.file}\`` : '';
  if (contracts.interactions.length === 0) return { decisive: ['### Webhook contract (Pact)', '', cell(contracts.reason), ''], folded: [] };
  const decisive = failed.length === 0 ? [] : [
    `### Webhook contract (Pact): ${failed.length} of ${contracts.interactions.length} interactions failed`,
    '',
    `Each failed interaction of${pact} fails the run on its own (policy: README, Pact contracts in certify).`,
    '',
    ...table(['Interaction', 'Requirements', "Pact's mismatch", 'Why'], failed.map(interactionRow)),
    '',
  ];
  const folded = passed.length === 0 ? [] : [
    '<details>',
    `<summary>Webhook contract (Pact): ${passed.length} interaction${passed.length === 1 ? '' : 's'} verified</summary>`,
    '',
    ...table(['Interaction', 'Requirements'], passed.map((interaction) => [cell(interaction.description), interaction.requirementIds.join(', ')])),
    '',
    '</details>',
    '',
  ];
  return { decisive, folded };
}

/**
 * summary.md: a pull-request comment. New failures first, each with its evidence tags, the verdict's sentence and
 * the fix; then what the kit could not decide, warnings, the baseline (accepted and stale entries), the policies
 * in force, and the passing and not-applicable requirements folded away.
 */
export function renderSummaryMarkdown(summary: CertificationSummary): string {
  const accepted = new Map(summary.baseline.accepted.map((entry) => [entry.requirement, entry.reason]));
  const by = (status: Verdict['status']) => summary.verdicts.filter((verdict) => verdict.status === status);
  const failures = by('fail').filter((verdict) => !accepted.has(verdict.requirementId));
  const baselined = by('fail').filter((verdict) => accepted.has(verdict.requirementId));
  const { counts } = summary;

  const overrides = Object.entries(summary.policies.overrides);
  const head = [
    `## ${HEADLINES[summary.decision]} — Banking Service conformance`,
    '',
    `${cell(summary.reason)}`,
    '',
    `Candidate: ${code(summary.candidate.label)} · requirement set ${summary.requirementSet.version} · kit ${summary.kit.version} · ` +
      `${counts.total} requirements · ${seconds(summary.timings.totalMs)}` +
      (summary.selection.only.length > 0 ? ` · only ${summary.selection.only.map(code).join(', ')}` : ''),
    '',
    ...table(['Fail', 'Error', 'Warn', 'Pass', 'Not applicable', 'Total'], [[counts.fail, counts.error, counts.warn, counts.pass, counts['not-applicable'], counts.total].map(String)]),
    '',
  ];
  const baseline = [
    ...(baselined.length > 0
      ? [`### Baselined failures (${baselined.length})`, '', 'Known failures listed in the baseline with a reason: reported, not failing the run.', '',
        ...table(['Requirement', 'Title', 'Reason given', 'What happened'], baselined.map((verdict) => [
          `**${verdict.requirementId}**`, cell(verdict.title), cell(accepted.get(verdict.requirementId) ?? ''), cell(verdict.sentence),
        ])), '']
      : []),
    ...(summary.baseline.stale.length > 0
      ? [`### Stale baseline entries (${summary.baseline.stale.length})`, '', 'These now pass: remove them from the baseline.', '',
        ...table(['Requirement', 'Reason given'], summary.baseline.stale.map((entry) => [`**${entry.requirement}**`, cell(entry.reason)])), '']
      : []),
  ];
  const policies = [
    '### Policies in force',
    '',
    overrides.length === 0
      ? 'All policies at the kit\'s defaults (docs/policies.md).'
      : `Overridden by the config: ${overrides.map(([id, value]) => `${code(id)} = ${code(String(value))}`).join(', ')}.`,
    '',
    '<details>',
    `<summary>All ${Object.keys(summary.policies.inForce).length} policies</summary>`,
    '',
    ...table(['Policy', 'Value'], Object.entries(summary.policies.inForce).map(([id, value]) => [code(id), code(String(value))])),
    '',
    '</details>',
    '',
  ];
  const footer = [`<sub>summary.json, junit.xml and the Allure report hold every verdict with its evidence. Started ${summary.startedAt}.</sub>`, ''];

  const contract = contractSection(summary.contracts);
  const decisive = [
    ...head,
    ...section('Failures', failures, 'full'),
    ...contract.decisive,
    ...section('Not decided: the kit failed', by('error'), 'sentence'),
    ...section('Warnings (SHOULD)', by('warn'), 'full'),
    ...baseline,
    ...policies,
  ];
  const folded = [...collapsed('Passed', by('pass')), ...collapsed('Not applicable', by('not-applicable')), ...contract.folded];
  const full = [...decisive, ...folded, ...footer].join('\n');
  if (full.length <= PR_COMMENT_LIMIT) return full;
  const note = `_The passing and not-applicable lists were left out to fit a pull-request comment; see summary.json._\n`;
  return [...decisive, note, ...footer].join('\n');
}

export async function writeSummaryMarkdown(file: string, summary: CertificationSummary): Promise<void> {
  await writeFile(file, renderSummaryMarkdown(summary));
}
