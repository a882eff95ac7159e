import type { PactInteraction } from './pact-file.ts';

/** What Pact's verifier said about one interaction. */
export interface VerifierInteractionOutcome {
  readonly status: 'passed' | 'failed' | 'not-run';
  /** Pact's own mismatch text, one entry per mismatch, unchanged. */
  readonly mismatches: readonly string[];
}

/** The verifier's JSON report (pactffi_verifier_json), read defensively: only what the kit uses. */
export interface VerifierOutput {
  readonly result: boolean;
  readonly interactionResults: readonly { readonly description: string; readonly result: string }[];
  readonly errors: readonly { readonly label: string; readonly mismatches: readonly string[] }[];
  readonly notices: readonly string[];
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

function mismatchText(entry: unknown): string {
  if (!isRecord(entry)) return String(entry);
  return text(entry['mismatch']) ?? text(entry['message']) ?? text(entry['description']) ?? JSON.stringify(entry);
}

function mismatchesOf(mismatch: unknown): string[] {
  if (!isRecord(mismatch)) return mismatch === undefined ? [] : [String(mismatch)];
  if (Array.isArray(mismatch['mismatches'])) return mismatch['mismatches'].map(mismatchText);
  // {type: "error", message: "..."}: the request could not be made or the state change failed.
  return [mismatchText(mismatch)];
}

/** Returns undefined when `raw` is not the verifier's JSON report (then the verifier itself failed). */
export function parseVerifierOutput(raw: string): VerifierOutput | undefined {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!isRecord(json) || typeof json['result'] !== 'boolean') return undefined;
  const interactionResults = Array.isArray(json['interactionResults'])
    ? json['interactionResults'].flatMap((entry) => (isRecord(entry) && typeof entry['description'] === 'string' ? [{ description: entry['description'], result: String(entry['result'] ?? '') }] : []))
    : [];
  const errors = Array.isArray(json['errors'])
    ? json['errors'].flatMap((entry) => (isRecord(entry) && typeof entry['interaction'] === 'string' ? [{ label: entry['interaction'], mismatches: mismatchesOf(entry['mismatch']) }] : []))
    : [];
  const notices = Array.isArray(json['notices']) ? json['notices'].flatMap((notice) => (isRecord(notice) && typeof notice['text'] === 'string' ? [notice['text']] : [])) : [];
  return { result: json['result'], interactionResults, errors, notices };
}

/**
 * The outcome of one interaction of the pact. The verifier labels errors "Verifying a pact between A and B
 * Given S - description"; when two interactions share a description the provider state names tell them apart.
 */
export function outcomeOf(output: VerifierOutput, interaction: PactInteraction, siblings: readonly PactInteraction[]): VerifierInteractionOutcome {
  const suffix = ` - ${interaction.description}`;
  const ambiguous = siblings.filter((other) => other.description === interaction.description).length > 1;
  const belongs = (label: string): boolean =>
    (label === interaction.description || label.endsWith(suffix)) && (!ambiguous || interaction.providerStates.every((state) => label.includes(state.name)));
  const errors = output.errors.filter((error) => belongs(error.label));
  const ran = output.interactionResults.filter((entry) => entry.description === interaction.description);
  if (errors.length > 0) return { status: 'failed', mismatches: errors.flatMap((error) => error.mismatches) };
  if (ran.length === 0) return { status: 'not-run', mismatches: [] };
  // An interaction the verifier ran without an error entry passed, unless it says otherwise.
  const failedWithoutDetail = ran.every((entry) => entry.result !== 'OK' && entry.result !== '') && !ambiguous;
  return failedWithoutDetail ? { status: 'failed', mismatches: ['the verifier reported this interaction as failed without a mismatch'] } : { status: 'passed', mismatches: [] };
}
