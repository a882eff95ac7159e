import { LaunchError, type CandidateLauncher, type RunningCandidate } from './launcher.ts';
import { waitUntilReady, type ReadinessOptions } from './wait-until-ready.ts';

export interface UrlLaunchOptions {
  /** Where the already-running candidate answers, e.g. `http://127.0.0.1:8080`. */
  readonly url: string;
  readonly readiness?: ReadinessOptions;
}

/**
 * A candidate someone else started (a debugger session, a staging deployment): the kit only checks that it
 * answers, and has nothing to stop and no logs to collect.
 */
export function createUrlLauncher(options: UrlLaunchOptions): CandidateLauncher {
  return {
    async start(): Promise<RunningCandidate> {
      const startedAt = performance.now();
      let parsed: URL;
      try {
        parsed = new URL(options.url);
      } catch {
        throw new LaunchError(`candidate URL ${JSON.stringify(options.url)} is not a URL: give one such as http://127.0.0.1:8080`);
      }
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
        throw new LaunchError(`candidate URL ${options.url} must be http:// or https://`);
      }
      if (parsed.username !== '' || parsed.password !== '') {
        throw new LaunchError('candidate URL must not carry a user name or password: the manifest records it');
      }
      const baseUrl = `${parsed.origin}${parsed.pathname}`.replace(/\/+$/, '');
      const ready = await waitUntilReady({
        baseUrl,
        readiness: options.readiness,
        startedAt,
        subject: 'candidate URL',
        hint: 'start the connector there, or correct the URL',
      });
      return {
        kind: 'url',
        baseUrl,
        description: baseUrl,
        readyAfterMs: ready.elapsedMs,
        logs: () => '',
        exited: undefined,
        stop: async () => {},
      };
    },
  };
}
