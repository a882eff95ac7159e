import type { TestUser } from '../config/index.ts';
import type { Redactor } from '../traffic/index.ts';

/** A secret value of the run and what it is (`client-secret`, `sage-id-token`, …): the labels the redactor uses. */
export interface KnownSecret {
  readonly label: string;
  readonly value: string;
}

/** Shorter values cannot be told from ordinary text (the redactor refuses them for the same reason). */
export const MIN_SCANNED_SECRET_LENGTH = 4;

/**
 * The run's secret values, collected for the final scan. The values sit in a private field: serialising or
 * inspecting this object (a run object written to a report by mistake) shows how many there are, never what.
 */
export class RunSecrets {
  readonly #byValue = new Map<string, string>();

  add(label: string, value: string): void {
    if (value.length < MIN_SCANNED_SECRET_LENGTH || this.#byValue.has(value)) return;
    this.#byValue.set(value, label);
  }

  addTestUsers(users: { readonly multiAccount?: TestUser; readonly singleAccount?: TestUser } | undefined): void {
    for (const user of [users?.multiAccount, users?.singleAccount]) {
      if (user?.password) this.add('test-user-password', user.password);
      if (user?.otp) this.add('test-user-otp', user.otp);
    }
  }

  list(): KnownSecret[] {
    return [...this.#byValue].map(([value, label]) => ({ label, value }));
  }

  get size(): number {
    return this.#byValue.size;
  }

  toJSON(): { readonly secrets: number } {
    return { secrets: this.size };
  }
}

/** What recordRunSecrets needs of the simulated Banking Service (BankingServiceSimulator satisfies it). */
export interface SecretSource {
  readonly redactor: Redactor;
  readonly credentials: { readonly clientSecret: string; readonly apiKey: string; readonly notificationHeaderValue: string };
  readonly product: { readonly signingKey: string };
}

/**
 * Starts collecting the run's secrets from the simulated Banking Service: the provider credentials and the product's
 * signing key it started with, and from then on every value it hands its redactor (each Sage ID and Consumer API
 * bearer token as it is issued, organisation signing keys, the test users' credentials the run registers). The
 * redactor is the one place every secret of the run passes through, so listening there misses none.
 */
export function recordRunSecrets(source: SecretSource): RunSecrets {
  const secrets = new RunSecrets();
  secrets.add('client-secret', source.credentials.clientSecret);
  secrets.add('api-key', source.credentials.apiKey);
  secrets.add('notification-header-value', source.credentials.notificationHeaderValue);
  secrets.add('product-signing-key', source.product.signingKey);
  const { redactor } = source;
  const addSecret = redactor.addSecret.bind(redactor);
  redactor.addSecret = (label: string, value: string): void => {
    addSecret(label, value);
    secrets.add(label, value);
  };
  return secrets;
}
