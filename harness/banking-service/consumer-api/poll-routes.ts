import { randomBytes } from 'node:crypto';

/**
 * The onboarding poll routes: opaque, single use; each pending answer hands out the next one [CA-ONB] [KC-15].
 */
export class PollRoutes {
  private readonly routes = new Map<string, string>();

  issue(authorisationId: string): string {
    const pollId = randomBytes(18).toString('base64url');
    this.routes.set(pollId, authorisationId);
    return pollId;
  }

  /** The authorisation a poll id stands for, consuming the id; undefined when unknown or already used. */
  take(pollId: string): string | undefined {
    const authorisationId = this.routes.get(pollId);
    this.routes.delete(pollId);
    return authorisationId;
  }
}
