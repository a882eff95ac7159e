/**
 * Faults the simulator can inject on Provider API calls, so resilience requirements can be tested: a 401 on a
 * still-valid token (must refresh [G-POST]), a 429 with Retry-After (must back off [APPLY]), a 500 or a dropped
 * connection before or after the request took effect (must resubmit safely, R3 [APPLY]), a slow answer.
 */
export type Fault =
  | { readonly kind: 'unauthorized-401' }
  | { readonly kind: 'rate-limit-429'; readonly retryAfterSeconds: number }
  /** `stored: true` is the "lost response" case: the request took effect, then the 500 went back. */
  | { readonly kind: 'server-error-500'; readonly stored: boolean }
  | { readonly kind: 'drop-connection'; readonly stored: boolean }
  | { readonly kind: 'delay'; readonly ms: number };

export type FaultKind = Fault['kind'];

export const FAULT_KINDS: readonly FaultKind[] = Object.freeze(['unauthorized-401', 'rate-limit-429', 'server-error-500', 'drop-connection', 'delay']);

/** The longest injectable delay: a fault must cost the run seconds, not minutes. */
export const MAX_DELAY_MS = 60_000;

/** Whether the request is applied to state before the fault answers. */
export function appliesRequest(fault: Fault): boolean {
  return (fault.kind === 'server-error-500' || fault.kind === 'drop-connection') ? fault.stored : fault.kind === 'delay';
}

/** The fault as flat strings, for exchange annotations and events. */
export function describeFault(fault: Fault): Readonly<Record<string, string>> {
  switch (fault.kind) {
    case 'unauthorized-401':
      return { fault: fault.kind };
    case 'rate-limit-429':
      return { fault: fault.kind, 'fault.retryAfterSeconds': String(fault.retryAfterSeconds) };
    case 'server-error-500':
    case 'drop-connection':
      return { fault: fault.kind, 'fault.stored': String(fault.stored) };
    case 'delay':
      return { fault: fault.kind, 'fault.ms': String(fault.ms) };
  }
}

/** Refuses a fault that cannot be injected, naming the field; schedules come from configs and tests. */
export function checkFault(fault: Fault): void {
  switch (fault.kind) {
    case 'rate-limit-429':
      if (!Number.isInteger(fault.retryAfterSeconds) || fault.retryAfterSeconds < 0) throw new Error(`fault rate-limit-429: retryAfterSeconds must be a whole number >= 0 (got ${fault.retryAfterSeconds})`);
      return;
    case 'delay':
      if (!Number.isFinite(fault.ms) || fault.ms < 0 || fault.ms > MAX_DELAY_MS) throw new Error(`fault delay: ms must be between 0 and ${MAX_DELAY_MS} (got ${fault.ms})`);
      return;
    case 'server-error-500':
    case 'drop-connection':
      if (typeof fault.stored !== 'boolean') throw new Error(`fault ${fault.kind}: stored must be true or false`);
      return;
    case 'unauthorized-401':
      return;
    default:
      throw new Error(`unknown fault kind ${JSON.stringify((fault as { kind: unknown }).kind)} (known: ${FAULT_KINDS.join(', ')})`);
  }
}
