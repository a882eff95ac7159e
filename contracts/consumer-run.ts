import { PactV4 } from '@pact-foundation/pact';
import { usePactEnvironment } from './pact-environment.ts';
import type { GivenState, InteractionWithResponse, UnconfiguredInteraction } from './pact-dsl.ts';

/** How one consumer interaction went: written to the pact, or not (with Pact's or the kit's reason). */
export interface ConsumerInteractionOutcome {
  readonly description: string;
  readonly passed: boolean;
  /** Pact's mock server mismatches, or why the kit's code could not read the answer. */
  readonly error: string | undefined;
}

export interface ConsumerInteraction<Context> {
  readonly entry: { readonly description: string };
  readonly states: readonly GivenState[];
  define(interaction: UnconfiguredInteraction): InteractionWithResponse;
  exercise(context: Context, mockUrl: string): Promise<void>;
}

/** A V4 pact for one consumer/provider pair, written to `dir`; the mock server listens on 127.0.0.1, port chosen by the OS. */
export function newPact(consumer: string, provider: string, dir: string): PactV4 {
  usePactEnvironment();
  return new PactV4({ consumer, provider, dir, host: '127.0.0.1', logLevel: 'error' });
}

/**
 * Pact's mock server can answer a request and still report it "expected but not received" when the machine is
 * busy: its match bookkeeping races the read after the test (pact-foundation/pact-reference#535, pact-js#1835,
 * open for the installed 16.x). When the consumer code did get its answer, that report is the race, not a
 * mismatch, and the interaction is declared again on a fresh mock server; nothing was written for the failed try.
 */
const UPSTREAM_RACE = /was expected but not received/;
const MAX_ATTEMPTS = 3;

/**
 * Declares one interaction and drives the consumer's real code against Pact's mock server. The pact file gains
 * the interaction only when the code sent exactly the request the contract describes and read the answer.
 */
export async function runConsumerInteraction<Context>(pact: PactV4, interaction: ConsumerInteraction<Context>, context: Context): Promise<ConsumerInteractionOutcome> {
  const description = interaction.entry.description;
  for (let attempt = 1; ; attempt += 1) {
    let builder = pact.addInteraction();
    for (const state of interaction.states) builder = state.params ? builder.given(state.name, { ...state.params }) : builder.given(state.name);
    builder = builder.uponReceiving(description);
    let problem: string | undefined;
    try {
      await interaction.define(builder).executeTest(async (mock) => {
        // Not rethrown: Pact then reports its own mismatch text (a thrown error would replace it).
        try {
          await interaction.exercise(context, mock.url);
        } catch (error) {
          problem = (error as Error).message;
        }
      });
    } catch (error) {
      const message = (error as Error).message;
      if (problem === undefined && UPSTREAM_RACE.test(message) && attempt < MAX_ATTEMPTS) continue;
      const consequence = problem === undefined ? '' : `\n(the consumer code then failed: ${problem})`;
      return { description, passed: false, error: `${message}${consequence}` };
    }
    if (problem !== undefined) return { description, passed: false, error: `Pact's mock server saw the expected request, but the consumer code failed: ${problem}` };
    return { description, passed: true, error: undefined };
  }
}

/** Runs a whole catalogue in order into one pact file. */
export async function runConsumerInteractions<Context>(pact: PactV4, interactions: readonly ConsumerInteraction<Context>[], context: Context): Promise<ConsumerInteractionOutcome[]> {
  const outcomes: ConsumerInteractionOutcome[] = [];
  for (const interaction of interactions) outcomes.push(await runConsumerInteraction(pact, interaction, context));
  return outcomes;
}
