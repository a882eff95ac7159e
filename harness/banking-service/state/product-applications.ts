/** A Sage product known to Banking Service: its x-application id and the private signing key it signs with [CA-SETUP]. */
export interface ProductApplication {
  /** Of the form Sage.<Region>.<Product> [CA-SETUP]. */
  readonly applicationId: string;
  /** "Web products get a private 64-byte signing key" [CA-SETUP]. A secret. */
  readonly signingKey: string;
}

export class ProductApplicationRegistry {
  private readonly applications = new Map<string, ProductApplication>();

  register(application: ProductApplication): ProductApplication {
    if (this.applications.has(application.applicationId)) throw new Error(`product application ${application.applicationId} is already registered`);
    const frozen = Object.freeze({ ...application });
    this.applications.set(application.applicationId, frozen);
    return frozen;
  }

  get(applicationId: string): ProductApplication | undefined {
    return this.applications.get(applicationId);
  }
}
