/**
 * The providers Banking Service knows: their Sage ID client, their API key and the header they chose for
 * notifications [APPLY] [SEC]. Every value except clientId is a secret the run registers with its redactor.
 */
export interface ProviderClient {
  readonly clientId: string;
  readonly apiKey: string;
  /** Lower-case, as node:http presents incoming header names. */
  readonly notificationHeaderName: string;
  readonly notificationHeaderValue: string;
}

export class ProviderClientRegistry {
  private readonly byClientId = new Map<string, ProviderClient>();

  register(client: ProviderClient): ProviderClient {
    if (this.byClientId.has(client.clientId)) throw new Error(`provider client ${client.clientId} is already registered`);
    if (this.byApiKey(client.apiKey)) throw new Error(`provider client ${client.clientId}: its API key is already in use`);
    const frozen = Object.freeze({ ...client, notificationHeaderName: client.notificationHeaderName.toLowerCase() });
    this.byClientId.set(client.clientId, frozen);
    return frozen;
  }

  get(clientId: string): ProviderClient | undefined {
    return this.byClientId.get(clientId);
  }

  byApiKey(apiKey: string): ProviderClient | undefined {
    return [...this.byClientId.values()].find((client) => client.apiKey === apiKey);
  }

  list(): readonly ProviderClient[] {
    return [...this.byClientId.values()];
  }
}
