import type { EvidenceTag } from '../../harness/reference/evidence-tags.ts';
import type { Flow, RequirementLevel } from '../requirements/index.ts';

/**
 * pass · fail (a MUST the candidate breaks) · warn (a SHOULD it breaks) · not-applicable (needs a capability the
 * candidate did not declare) · error (the kit or the environment failed: never blamed on the candidate).
 */
export type VerdictStatus = 'pass' | 'fail' | 'warn' | 'not-applicable' | 'error';

export interface Verdict {
  readonly requirementId: string;
  readonly level: RequirementLevel;
  readonly flow: Flow;
  readonly title: string;
  readonly status: VerdictStatus;
  readonly sentence: string;
  readonly exchanges: readonly string[];
  readonly events: readonly number[];
  readonly evidence: readonly EvidenceTag[];
  /** The policies the verdict depended on, with the values in force. */
  readonly policies: Readonly<Record<string, string | number>>;
  readonly hint: string;
}
