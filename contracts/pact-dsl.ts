import type { PactV4 } from '@pact-foundation/pact';

/** Pact's V4 builder types, derived from PactV4 itself (the package exports them only from deep paths). */
export type UnconfiguredInteraction = ReturnType<PactV4['addInteraction']>;
export type InteractionWithRequest = ReturnType<UnconfiguredInteraction['withRequest']>;
export type InteractionWithResponse = ReturnType<InteractionWithRequest['willRespondWith']>;
export type MockServer = Parameters<Parameters<InteractionWithResponse['executeTest']>[0]>[0];

/** A provider state an interaction is given, with the parameters the pact records. */
export interface GivenState {
  readonly name: string;
  readonly params?: Readonly<Record<string, string | number | boolean>>;
}
