import type { BundleManifest } from '../bundle/manifest.ts';
import { KIT } from '../report/kit-version.ts';
import type { Verdict, VerdictStatus } from '../../suites/checks/verdict.ts';
import type { LoadedRequirementSet } from '../../suites/requirements/index.ts';
import type { ReviewDecision } from './review-decision.ts';
import type { FindingKind, ReviewFinding } from './review-finding.ts';
import type { SignatureState } from './verify-signature.ts';

export interface DecisionRecordInput {
  readonly decision: ReviewDecision;
  readonly exitCode: number;
  readonly reason: string;
  readonly bundle: { readonly file: string; readonly bytes: number; readonly digest: string; readonly members: number };
  readonly manifest: BundleManifest | undefined;
  readonly signature: SignatureState | undefined;
  readonly requirementSet: LoadedRequirementSet | undefined;
  /** The verdicts the decision rests on: re-computed from the evidence when that was possible, else as recorded. */
  readonly verdicts: readonly Verdict[];
  readonly verdictsSource: 're-computed' | 'recorded' | 'none';
  readonly findings: readonly ReviewFinding[];
  readonly reviewedAt: string;
}

const TITLES: Readonly<Record<ReviewDecision, string>> = Object.freeze({
  approve: '✅ APPROVE',
  reject: '❌ REJECT',
  tampered: '🛑 TAMPERED — verification failed',
  incomplete: '⏸️ INCOMPLETE',
});

const KIND_LABELS: Readonly<Record<FindingKind, string>> = Object.freeze({
  tampered: '🛑 tampered',
  incomplete: '⏸️ incomplete',
  warning: '⚠️ warning',
  ok: '✅ ok',
});

const KIND_ORDER: readonly FindingKind[] = ['tampered', 'incomplete', 'warning', 'ok'];

/** Text from the bundle, made safe for a Markdown table cell: the evidence is the provider's, not trusted markup. */
export function cell(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').replace(/`/g, "'");
}

const code = (text: string): string => `\`${text.replace(/`/g, "'")}\``;
const orDash = (value: string | null | undefined): string => (value === null || value === undefined || value === '' ? '—' : cell(value));

function signatureLine(state: SignatureState | undefined): string {
  switch (state?.state) {
    case 'verified': return `verified — Ed25519 key ${code(state.publicKey)}`;
    case 'not-checked': return `signed with Ed25519 key ${code(state.publicKey)} — **not checked** (no --public-key)`;
    case 'unsigned': return 'not signed';
    case 'failed': return `**failed**${state.publicKey ? ` (key named: ${code(state.publicKey)})` : ''}`;
    default: return '—';
  }
}

function countsTable(verdicts: readonly Verdict[]): string[] {
  const statuses: readonly VerdictStatus[] = ['fail', 'error', 'warn', 'pass', 'not-applicable'];
  const count = (status: VerdictStatus) => verdicts.filter((verdict) => verdict.status === status).length;
  return ['| Fail | Error | Warn | Pass | Not applicable | Total |', '|---|---|---|---|---|---|', `| ${statuses.map(count).join(' | ')} | ${verdicts.length} |`];
}

function verdictList(title: string, verdicts: readonly Verdict[]): string[] {
  if (verdicts.length === 0) return [];
  return [
    `### ${title} (${verdicts.length})`,
    '',
    '| Requirement | Level | Flow | Title | What the evidence shows | Evidence tags |',
    '|---|---|---|---|---|---|',
    ...verdicts.map((verdict) => `| **${cell(verdict.requirementId)}** | ${cell(verdict.level)} | ${cell(verdict.flow)} | ${cell(verdict.title)} | ${cell(verdict.sentence)} | ${cell(verdict.evidence.join(', '))} |`),
    '',
  ];
}

function manifestSections(manifest: BundleManifest, set: LoadedRequirementSet | undefined): string[] {
  const { candidate } = manifest;
  const command = candidate.command === null ? null : typeof candidate.command === 'string' ? candidate.command : candidate.command.join(' ');
  const overrides = Object.entries(manifest.policies.overrides);
  const known = manifest.baseline.knownFailures;
  return [
    '## Candidate',
    '',
    '| | |',
    '|---|---|',
    `| Kind | ${cell(candidate.kind)} |`,
    `| Label | ${orDash(candidate.label)} |`,
    `| Description | ${orDash(candidate.description)} |`,
    `| Image id | ${candidate.imageId ? code(candidate.imageId) : '—'} |`,
    `| Image / Dockerfile folder | ${orDash(candidate.image)} |`,
    `| Command | ${command === null ? '—' : code(command)} |`,
    `| URL | ${orDash(candidate.url)} |`,
    `| Config digest (secrets removed) | ${code(manifest.config.digest)} |`,
    '',
    '## Requirement set, capabilities, policies',
    '',
    `- Requirement set **${cell(manifest.requirementSet.version)}** ${code(manifest.requirementSet.digest)}${set ? ` — ${set.requirements.length} requirements in this kit's copy` : ' — not known to this kit'}`,
    `- Judged: ${manifest.selection.requirements.length} requirement(s)${manifest.selection.only.length > 0 ? `, limited with --only ${cell(manifest.selection.only.join(', '))}` : ''}; flows driven: ${cell(manifest.selection.flows.join(', ') || 'none')}`,
    `- Capabilities declared: ${manifest.capabilities.length > 0 ? manifest.capabilities.map(code).join(', ') : 'none'}`,
    `- Policies in force: ${Object.entries(manifest.policies.inForce).map(([id, value]) => `${code(id)} = ${code(String(value))}`).join(', ')}`,
    `- Overridden by the config: ${overrides.length > 0 ? overrides.map(([id, value]) => `${code(id)} = ${code(String(value))}`).join(', ') : 'none'}`,
    `- Specs: ${Object.entries(manifest.specs).map(([api, spec]) => `${api} ${cell(spec.version)} ${code(`${spec.digest.slice(0, 19)}…`)}`).join(', ')}`,
    '',
    '## Baseline',
    '',
    ...(known.length === 0
      ? ['No baseline: the provider declared no known failures.']
      : [
          `The provider's baseline ${manifest.baseline.file ? code(manifest.baseline.file) : ''} lists ${known.length} known failure(s). A review does not honour it: a failing MUST rejects the submission.`,
          '',
          ...known.map((entry) => `- **${cell(entry.requirement)}** — ${cell(entry.reason)}`),
        ]),
    ...(manifest.baseline.outcome.stale.length > 0 ? ['', `Stale entries (now passing): ${manifest.baseline.outcome.stale.map((entry) => cell(entry.requirement)).join(', ')}.`] : []),
    '',
  ];
}

/** The decision record: Markdown a reviewer files with the partner's case, saying what was decided and everything checked. */
export function renderDecisionRecord(input: DecisionRecordInput): string {
  const { manifest } = input;
  const byStatus = (status: VerdictStatus) => input.verdicts.filter((verdict) => verdict.status === status);
  const findings = [...input.findings].sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
  const problems = input.findings.filter((finding) => finding.kind !== 'ok').length;
  const lines = [
    `# Submission review: ${TITLES[input.decision]}`,
    '',
    `**Decision: ${input.decision}** (exit ${input.exitCode}). ${cell(input.reason)}`,
    '',
    '## Bundle',
    '',
    '| | |',
    '|---|---|',
    `| File | ${code(input.bundle.file)} |`,
    `| SHA-256 | ${code(input.bundle.digest)} |`,
    `| Size | ${input.bundle.bytes} bytes, ${input.bundle.members} members |`,
    `| Signature | ${signatureLine(input.signature)} |`,
    `| Written by | ${manifest ? `${cell(manifest.kit.name)} ${cell(manifest.kit.version)}` : '—'} (reviewed with ${KIT.name} ${KIT.version}) |`,
    `| Run ticket | ${orDash(manifest?.run.ticket)} |`,
    `| Run | ${manifest ? `${cell(manifest.run.startedAt)} → ${cell(manifest.run.finishedAt)}, bundled ${cell(manifest.run.bundledAt)}${manifest.run.incomplete ? ' — **interrupted**' : ''}` : '—'} |`,
    `| Reviewed | ${input.reviewedAt} |`,
    '',
    ...(manifest ? manifestSections(manifest, input.requirementSet) : []),
    `## Verdicts (${input.verdictsSource === 're-computed' ? 're-computed from the bundled evidence' : input.verdictsSource === 'recorded' ? 'as recorded: they could not be re-computed' : 'none could be read'})`,
    '',
    ...countsTable(input.verdicts),
    '',
    ...verdictList('Failures', byStatus('fail')),
    ...verdictList('Not decided (kit errors)', byStatus('error')),
    ...verdictList('Warnings (SHOULD not met)', byStatus('warn')),
    `## Verification (${problems === 0 ? 'no problem found' : `${problems} finding${problems === 1 ? '' : 's'}`})`,
    '',
    '| Result | Area | Finding |',
    '|---|---|---|',
    ...findings.map((finding) => `| ${KIND_LABELS[finding.kind]} | ${finding.area} | ${cell(finding.message)} |`),
    '',
  ];
  return lines.join('\n');
}
