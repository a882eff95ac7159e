import type { PactPhaseRequest } from '../../run/pact-phase.ts';

/** The `--only` value that selects the webhook contract. */
export const PACT_ONLY = 'pact';

export interface PactSelection {
  /** The --only values left for the flows and requirements (without `pact`). */
  readonly only: readonly string[];
  /** Whether certify verifies the webhook contract after the flows, or why not (reported in summary.json). */
  readonly request: PactPhaseRequest;
  /** `--only pact` alone: drive bank sync (every provider state needs the candidate's bank) and judge no requirement. */
  readonly contractOnly: boolean;
  readonly problems: readonly string[];
}

/**
 * When `certify` verifies the webhook contract: after every flow when no --only is given, or when --only names
 * `pact` (alone: after bank sync only); never with --no-pact. A run limited to some flows does not verify it, as
 * it does not judge the other flows' requirements: the contract is one more part of a complete certification.
 */
export function selectPact(only: readonly string[], pactFlag: boolean): PactSelection {
  const named = only.includes(PACT_ONLY);
  const rest = only.filter((value) => value !== PACT_ONLY);
  if (named && !pactFlag) {
    return { only: rest, request: { run: false, reason: '--no-pact was given.' }, contractOnly: false, problems: ['certify: --only pact and --no-pact contradict each other; give one of them'] };
  }
  if (!pactFlag) return { only: rest, request: { run: false, reason: 'The webhook contract was not verified: --no-pact was given.' }, contractOnly: false, problems: [] };
  if (named) return { only: rest, request: { run: true }, contractOnly: rest.length === 0, problems: [] };
  if (only.length > 0) {
    return { only, request: { run: false, reason: `The webhook contract was not verified: --only ${only.join(', ')} does not name pact (it runs when every flow runs, or with --only pact).` }, contractOnly: false, problems: [] };
  }
  return { only, request: { run: true }, contractOnly: false, problems: [] };
}
