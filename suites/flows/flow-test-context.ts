import type { FlowContext } from './flow-driver.ts';
import { createRunWorld } from './run-world.ts';

/** TEST SUPPORT: a flow context with no onboarded accounts and nothing behind it but `skip`. */
export function emptyContext(flow: FlowContext['flow'], skipped: [string, string][]): FlowContext {
  const unused = () => { throw new Error('the flow must not get this far without accounts'); };
  return {
    flow,
    world: createRunWorld(),
    skip: (name: string, reason: string) => { skipped.push([name, reason]); },
    step: unused,
    progress: () => {},
    get simulator() { return unused(); },
    get product() { return unused(); },
    get config() { return unused(); },
    get authDriver() { return unused(); },
    get hooks() { return unused(); },
  } as FlowContext;
}
