import { checkFault, type Fault } from './fault.ts';

export interface ScheduledFault {
  /** The Provider API operation, as the spec names it: postStatement, getStatement, patchAuthorisation, postBanks, postAccountQuery. */
  readonly operationId: string;
  /** The n-th request of that operation (1-based), or every request from now on. */
  readonly occurrence: number | 'every';
  readonly fault: Fault;
}

export interface DueFault {
  readonly operationId: string;
  readonly occurrence: number;
  readonly fault: Fault;
}

/**
 * A run's fault schedule. Each authenticated request of an operation is counted, and the fault scheduled for
 * that count (if any) is handed out once. Entries can be added while the run goes on.
 */
export class FaultSchedule {
  private readonly entries: ScheduledFault[] = [];
  private readonly counts = new Map<string, number>();

  constructor(initial: readonly ScheduledFault[] = [], private readonly knownOperations?: readonly string[]) {
    for (const entry of initial) this.add(entry);
  }

  add(entry: ScheduledFault): void {
    if (this.knownOperations && !this.knownOperations.includes(entry.operationId)) {
      throw new Error(`fault for operation ${JSON.stringify(entry.operationId)}: not an operation of this API (known: ${this.knownOperations.join(', ')})`);
    }
    if (entry.occurrence !== 'every' && (!Number.isInteger(entry.occurrence) || entry.occurrence < 1)) {
      throw new Error(`fault for ${entry.operationId}: occurrence must be a whole number >= 1 or "every" (got ${entry.occurrence})`);
    }
    checkFault(entry.fault);
    this.entries.push(Object.freeze({ ...entry, fault: Object.freeze({ ...entry.fault }) }));
  }

  /** Removes every scheduled fault; counts keep running so "the 2nd postStatement" stays unambiguous. */
  clear(): void {
    this.entries.length = 0;
  }

  /** Counts one request of the operation and returns the fault due for it. */
  take(operationId: string): DueFault | undefined {
    const occurrence = (this.counts.get(operationId) ?? 0) + 1;
    this.counts.set(operationId, occurrence);
    const entry = this.entries.find((candidate) => candidate.operationId === operationId && (candidate.occurrence === 'every' || candidate.occurrence === occurrence));
    return entry ? { operationId, occurrence, fault: entry.fault } : undefined;
  }

  /** How many requests of an operation have been counted. */
  count(operationId: string): number {
    return this.counts.get(operationId) ?? 0;
  }

  scheduled(): readonly ScheduledFault[] {
    return [...this.entries];
  }
}
