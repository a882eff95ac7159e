import type { KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { sha256Of } from '../bundle/digests.ts';
import { MEMBERS } from '../bundle/bundle-layout.ts';
import { openBundle, type OpenedBundle } from '../bundle/read-bundle.ts';
import { TarError } from '../bundle/tar.ts';
import type { BundleManifest } from '../bundle/manifest.ts';
import type { Check } from '../../suites/checks/check.ts';
import { CHECKS } from '../../suites/checks/registry.ts';
import type { Verdict } from '../../suites/checks/verdict.ts';
import type { LoadedRequirementSet } from '../../suites/requirements/index.ts';
import { readContents } from './bundle-contents.ts';
import { verifyCompleteness } from './completeness.ts';
import { renderDecisionRecord } from './decision-record.ts';
import { recomputeVerdicts } from './recompute-verdicts.ts';
import { decideReview, REVIEW_EXIT, type ReviewDecision, type ReviewExitCode } from './review-decision.ts';
import { Findings, type ReviewFinding } from './review-finding.ts';
import { verifyBaseline } from './verify-baseline.ts';
import { verifyContracts } from './verify-contracts.ts';
import { verifyManifest, type VerifyManifestOptions } from './verify-manifest.ts';
import { verifyMembers } from './verify-members.ts';
import { verifyReports } from './verify-reports.ts';
import { verifySignature, type SignatureState } from './verify-signature.ts';

export interface ReviewOptions extends VerifyManifestOptions {
  /** --public-key: the provider's Ed25519 public key; the signature is then verified and required. */
  readonly publicKey?: KeyObject;
  /** The checks to re-judge with; default this kit's registry (what certify judged with). */
  readonly checks?: Readonly<Record<string, Check>>;
  readonly now?: () => Date;
}

export interface ReviewResult {
  readonly decision: ReviewDecision;
  readonly exitCode: ReviewExitCode;
  readonly reason: string;
  readonly findings: readonly ReviewFinding[];
  readonly manifest: BundleManifest | undefined;
  readonly signature: SignatureState | undefined;
  /** The verdicts the decision rests on (re-computed when possible). */
  readonly verdicts: readonly Verdict[];
  /** The decision record, Markdown. */
  readonly record: string;
  readonly ms: number;
}

/** Reviews a bundle file; a file that cannot be read is the caller's (usage) problem and throws. */
export async function reviewBundle(file: string, options: ReviewOptions = {}): Promise<ReviewResult> {
  return reviewBundleBytes(await readFile(file), file, options);
}

/**
 * The Sage-side review of a submission bundle: members and their digests, the signature, the manifest against this
 * kit and against the members restating it, re-computation of every verdict from the evidence with the same checks,
 * completeness against the requirement set, the baseline outcome, and the reports. Every step records what it
 * found, passing or not, so the decision record shows everything that was checked.
 */
export function reviewBundleBytes(bytes: Buffer, file: string, options: ReviewOptions = {}): ReviewResult {
  const started = performance.now();
  const findings = new Findings();
  let bundle: OpenedBundle | undefined;
  try {
    bundle = openBundle(bytes, file);
  } catch (error) {
    if (!(error instanceof TarError)) throw error;
    findings.tampered('archive', `${file} is not a readable bundle: ${error.message}`);
  }

  let signature: SignatureState | undefined;
  let verdicts: readonly Verdict[] = [];
  let verdictsSource: 're-computed' | 'recorded' | 'none' = 'none';
  let requirementSet: LoadedRequirementSet | undefined;
  let contracts: ReturnType<typeof verifyContracts>;
  const manifest = bundle?.manifest;
  if (bundle && !manifest) {
    for (const problem of bundle.manifestProblems) findings.tampered('manifest', `manifest.json: ${problem}`);
  }
  if (bundle && manifest) {
    verifyMembers(manifest, bundle.members, findings);
    signature = verifySignature(bundle, manifest, options.publicKey, findings);
    const contents = readContents(bundle.members, findings);
    const basis = verifyManifest(manifest, contents, findings, options);
    requirementSet = basis.requirementSet;
    if (contents.verdicts) {
      verdicts = contents.verdicts;
      verdictsSource = 'recorded';
    }
    if (contents.verdicts && contents.evidence && basis.requirementSet && basis.policies) {
      verdicts = recomputeVerdicts(
        {
          recorded: contents.verdicts,
          evidence: contents.evidence,
          requirementSet: basis.requirementSet,
          capabilities: basis.capabilities,
          policies: basis.policies,
          run: manifest.run,
          checks: options.checks ?? CHECKS,
          otherKit: basis.otherKit,
        },
        findings,
      );
      verdictsSource = 're-computed';
    } else if (contents.verdicts && basis.requirementSet) {
      findings.incomplete('re-computation', 'the verdicts could not be re-computed: the evidence or the policies in the bundle cannot be read (see the other findings)');
    }
    if (basis.requirementSet) verifyCompleteness(manifest, basis.requirementSet, verdicts, basis.capabilities, findings);
    verifyBaseline(manifest, verdicts, findings);
    verifyReports(manifest, contents.summary, contents.verdicts, findings);
    contracts = verifyContracts(manifest, contents.summary, bundle.members.get(MEMBERS.junitXml), basis.otherKit, findings);
  }

  const { decision, reason } = decideReview(findings.all, verdicts, contracts);
  const exitCode = REVIEW_EXIT[decision];
  const record = renderDecisionRecord({
    decision,
    exitCode,
    reason,
    bundle: { file, bytes: bytes.length, digest: bundle?.digest ?? sha256Of(bytes), members: bundle?.members.size ?? 0 },
    manifest,
    signature,
    requirementSet,
    verdicts,
    verdictsSource,
    findings: findings.all,
    reviewedAt: (options.now?.() ?? new Date()).toISOString(),
  });
  return { decision, exitCode, reason, findings: findings.all, manifest, signature, verdicts, record, ms: performance.now() - started };
}
