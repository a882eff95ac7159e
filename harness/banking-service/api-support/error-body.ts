import type { ServerReply } from '../../http/index.ts';
import type { RuleViolation } from '../events/index.ts';
import type { SpecFinding } from '../../../specs/loader/index.ts';

/** One entry of the error body shared by both APIs [KC-06]: {errors:[{code, message, rule?, evidence?, policy?, pointer?}]}. */
export interface ErrorEntry {
  readonly code: string;
  readonly message: string;
  readonly rule?: string;
  readonly evidence?: readonly string[];
  readonly policy?: string;
  readonly pointer?: string;
}

export function errorReply(status: number, errors: readonly ErrorEntry[], headers?: Readonly<Record<string, string>>): ServerReply {
  return { status, json: { errors }, ...(headers ? { headers } : {}) };
}

export function singleError(status: number, code: string, message: string, extra: Omit<ErrorEntry, 'code' | 'message'> = {}): ServerReply {
  return errorReply(status, [{ code, message, ...extra }]);
}

/** A rule violation as an error entry: the code is the rule id, so a provider can act on it. */
export function violationEntry(violation: RuleViolation): ErrorEntry {
  return {
    code: violation.rule,
    message: violation.message,
    rule: violation.rule,
    evidence: violation.evidence,
    ...(violation.policy ? { policy: violation.policy } : {}),
    pointer: violation.pointer,
  };
}

/** A spec finding as an error entry (400): where, and what the spec wants. */
export function findingEntry(finding: SpecFinding): ErrorEntry {
  const where = finding.pointer === '' ? finding.location : `${finding.location} ${finding.pointer}`;
  return { code: `spec-${finding.keyword}`, message: `${where}: ${finding.message}`, pointer: finding.pointer };
}
