import type { CandidateConfig, CertificationConfig } from '../../config/index.ts';

export interface CandidateFlags {
  readonly image?: string;
  readonly command?: string;
  readonly url?: string;
}

/** Problems with the candidate flags' values, one line each. */
export function candidateFlagProblems(flags: CandidateFlags): string[] {
  const problems: string[] = [];
  for (const name of ['image', 'command', 'url'] as const) {
    if (flags[name] !== undefined && flags[name].trim() === '') problems.push(`certify: --${name} needs a non-empty value`);
  }
  if (flags.url !== undefined && flags.url.trim() !== '') {
    let url: URL | undefined;
    try {
      url = new URL(flags.url);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) problems.push(`certify: --url ${JSON.stringify(flags.url)} is not an http:// or https:// URL`);
  }
  return problems;
}

/**
 * Replaces the config's candidate with the one a flag names (--image, --command or --url), keeping what applies to
 * any candidate (env mapping, readiness) and what applies to the new kind (network for an image, workdir for a
 * command); a setting of the replaced kind is dropped rather than reported against a candidate the user did not
 * write.
 */
export function overrideCandidate(config: CertificationConfig, flags: CandidateFlags): CertificationConfig {
  const { image, command, url } = flags;
  if (image === undefined && command === undefined && url === undefined) return config;
  const current: CandidateConfig = config.candidate ?? {};
  const common: CandidateConfig = {
    ...(current.env ? { env: current.env } : {}),
    ...(current.readiness ? { readiness: current.readiness } : {}),
  };
  const candidate: CandidateConfig =
    image !== undefined ? { ...common, image, ...(current.network ? { network: current.network } : {}) }
    : command !== undefined ? { ...common, command, ...(current.workdir ? { workdir: current.workdir } : {}) }
    : { ...common, url: url ?? '' };
  return { ...config, candidate };
}
