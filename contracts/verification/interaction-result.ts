import type { PactInteraction } from './pact-file.ts';
import type { PactVerificationRun } from './run-verification.ts';

export type PactInteractionStatus = 'passed' | 'failed' | 'not-run';

/** One interaction of one pact, reported on its own (Allure/JUnit test case, certify result). JSON-safe. */
export interface PactInteractionResult {
  /** Stable across runs: `pact:<consumer>-><provider>:<description>`; no ports, ids or times in it. */
  readonly id: string;
  readonly consumer: string;
  readonly provider: string;
  readonly description: string;
  readonly providerStates: readonly string[];
  readonly status: PactInteractionStatus;
  /** Pact's mismatch text, unchanged, one entry per mismatch. */
  readonly mismatches: readonly string[];
  /** Why the provider answered as it did, when the kit can say (the simulator's rule, evidence and message). */
  readonly explanations: readonly string[];
  /** Provider states the harness could not set up: a failure then may be the kit's, and says so. */
  readonly stateProblems: readonly string[];
  /** What else the kit has to say about this interaction (e.g. a provider state it does not know). */
  readonly notes: readonly string[];
  /** The requirement ids of set 1.0 this interaction evidences (contracts/verification/interaction-requirements.ts). */
  readonly requirementIds: readonly string[];
  /** One line a provider can act on. */
  readonly sentence: string;
}

export interface PactVerificationReport {
  readonly pact: { readonly file: string; readonly consumer: string; readonly provider: string; readonly specification: string };
  readonly passed: boolean;
  readonly interactions: readonly PactInteractionResult[];
}

export function interactionResultId(consumer: string, provider: string, description: string): string {
  return `pact:${consumer}->${provider}:${description}`;
}

export interface ReportContext {
  readonly requirementIdsFor: (interaction: PactInteraction) => readonly string[];
  readonly explanationsFor?: (interaction: PactInteraction, index: number) => readonly string[];
  /** Applied to every text of the report: Pact's mismatch text can quote a header or body carrying a run secret. */
  readonly redact?: (text: string) => string;
  /** Notes for one interaction (e.g. a provider state the kit does not know). */
  readonly notesFor?: (interaction: PactInteraction) => readonly string[];
}

function sentenceOf(description: string, status: PactInteractionStatus, mismatches: readonly string[], explanations: readonly string[], stateProblems: readonly string[], notes: readonly string[]): string {
  if (status === 'passed') return `"${description}": the provider answered as the contract says.`;
  if (status === 'not-run') return `"${description}": not verified (only HTTP interactions are).`;
  const first = (mismatches[0] ?? 'the verifier reported a failure').replace(/\s+/g, ' ').trim();
  const more = mismatches.length > 1 ? ` (and ${mismatches.length - 1} more mismatch${mismatches.length > 2 ? 'es' : ''})` : '';
  const because = explanations.length > 0 ? ` Why: ${explanations[0]}` : '';
  const kit = stateProblems.length > 0 ? ` The kit could not set up the provider state: ${stateProblems[0]}` : notes.length > 0 ? ` Note: ${notes[0]}` : '';
  return `"${description}" failed: ${first}${more}.${because}${kit}`;
}

/** Turns one verification run into one result per interaction of the pact, in the pact's order. */
export function buildVerificationReport(run: PactVerificationRun, context: ReportContext): PactVerificationReport {
  const { document } = run;
  const redact = context.redact ?? ((text: string) => text);
  const interactions = document.interactions.map((interaction, index): PactInteractionResult => {
    const outcome = run.outcomes[index] ?? { status: 'not-run' as const, mismatches: [] };
    const mismatches = outcome.mismatches.map(redact);
    const stateProblems = interaction.providerStates.flatMap((state) => (run.stateProblems.get(state.name) ?? []).map((problem) => redact(`${state.name}: ${problem}`)));
    const notes = (context.notesFor?.(interaction) ?? []).map(redact);
    const explanations = outcome.status === 'failed' ? (context.explanationsFor?.(interaction, index) ?? []).map(redact) : [];
    // A state the kit could not set up turns the interaction red even if the provider happened to answer well.
    const status: PactInteractionStatus = outcome.status === 'passed' && stateProblems.length > 0 ? 'failed' : outcome.status;
    return {
      id: interactionResultId(document.consumer, document.provider, interaction.description),
      consumer: document.consumer,
      provider: document.provider,
      description: interaction.description,
      providerStates: interaction.providerStates.map((state) => state.name),
      status,
      mismatches,
      explanations,
      stateProblems,
      notes,
      requirementIds: context.requirementIdsFor(interaction),
      sentence: sentenceOf(interaction.description, status, mismatches, explanations, stateProblems, notes),
    };
  });
  return {
    pact: { file: document.file, consumer: document.consumer, provider: document.provider, specification: document.specification },
    passed: interactions.every((interaction) => interaction.status === 'passed'),
    interactions,
  };
}
