import type { FlowDriver } from '../../../suites/flows/flow-driver.ts';
import { FLOWS, type Flow, type Requirement } from '../../../suites/requirements/index.ts';

export interface OnlySelection {
  /** The flows to drive, in run order. */
  readonly drivers: readonly FlowDriver[];
  /** The requirements to judge, in set order. */
  readonly requirements: readonly Requirement[];
  /** Flows driven only because a selected one builds on them (their requirements are not judged). */
  readonly prerequisites: readonly Flow[];
  /** One line per --only value that is neither a flow nor a requirement id. */
  readonly problems: readonly string[];
}

/**
 * Resolves `--only` values (flow ids or requirement ids) into the flows to drive and the requirements to judge.
 *
 * A flow builds on what the flows before it in run order established (the bank, onboarded accounts) and skips
 * when it is missing, so a selected flow is driven together with every flow before it; only the selected
 * requirements are judged. Spec conformance has no flow of its own: it judges the exchanges of the flows driven,
 * and selected alone it drives them all.
 */
export function selectOnly(values: readonly string[], requirements: readonly Requirement[], drivers: readonly FlowDriver[], setVersion: string): OnlySelection {
  if (values.length === 0) return { drivers, requirements, prerequisites: [], problems: [] };
  const byId = new Map(requirements.map((requirement) => [requirement.id, requirement]));
  const chosenFlows = new Set<Flow>();
  const chosenIds = new Set<string>();
  const problems: string[] = [];
  for (const value of values) {
    if ((FLOWS as readonly string[]).includes(value)) {
      chosenFlows.add(value as Flow);
      continue;
    }
    const requirement = byId.get(value) ?? byId.get(value.toUpperCase());
    if (requirement) {
      chosenIds.add(requirement.id);
      continue;
    }
    const prefix = /^([A-Za-z]+)-/.exec(value)?.[1]?.toUpperCase();
    const sameFlow = prefix ? requirements.filter((candidate) => candidate.id.startsWith(`${prefix}-`)).map((candidate) => candidate.id) : [];
    const known = sameFlow.length > 0 ? `${prefix} requirements: ${sameFlow[0]} to ${sameFlow[sameFlow.length - 1]}` : `flows: ${FLOWS.join(', ')}`;
    problems.push(`certify: --only ${JSON.stringify(value)} is neither a flow nor a requirement id of set ${setVersion} (${known})`);
  }
  const judged = requirements.filter((requirement) => chosenFlows.has(requirement.flow) || chosenIds.has(requirement.id));
  const selectedFlows = new Set<string>(judged.map((requirement) => requirement.flow));
  const lastIndex = Math.max(-1, ...drivers.map((driver, index) => (selectedFlows.has(driver.id) ? index : -1)));
  const driven = lastIndex < 0 ? drivers : drivers.slice(0, lastIndex + 1);
  return {
    drivers: driven,
    requirements: judged,
    prerequisites: driven.filter((driver) => !selectedFlows.has(driver.id)).map((driver) => driver.id),
    problems,
  };
}
