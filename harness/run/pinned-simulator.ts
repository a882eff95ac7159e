import type { BankingServiceSimulatorOptions } from '../banking-service/simulator.ts';
import { ConfigError, type PinnedBankingService } from '../config/index.ts';

/** The simulator options a config's bankingService section pins; nothing when it pins nothing (fresh values, OS ports). */
export function pinnedSimulatorOptions(pinned: PinnedBankingService): Pick<BankingServiceSimulatorOptions, 'ports' | 'provider' | 'audience'> {
  const { audience, ...provider } = pinned.provider;
  return {
    ...(Object.keys(pinned.ports).length > 0 ? { ports: pinned.ports } : {}),
    ...(Object.keys(provider).length > 0 ? { provider } : {}),
    ...(audience === undefined ? {} : { audience }),
  };
}

/**
 * A pinned port something else holds is the config's problem, not the kit's failure: one line naming the field.
 * Anything else (a port the system chose cannot clash) is returned unchanged.
 */
export function explainSimulatorStartFailure(error: unknown, pinned: PinnedBankingService): unknown {
  const failure = error as NodeJS.ErrnoException & { port?: number };
  if (failure?.code !== 'EADDRINUSE') return error;
  const field = Object.entries(pinned.ports).find(([, port]) => port === failure.port)?.[0];
  if (field === undefined) return error;
  return new ConfigError([`bankingService.ports.${field}: 127.0.0.1:${failure.port} is already in use: stop what listens there or pin another port`]);
}
