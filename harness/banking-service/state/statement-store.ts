import { randomUUID } from 'node:crypto';
import type { RuleViolation } from '../events/index.ts';
import type { Clock } from './clock.ts';

/** accepted → processing → completed | rejected [KC-05]. */
export type StatementStatus = 'accepted' | 'processing' | 'completed' | 'rejected';

export interface StatementRecord {
  /** `data._id` of the POST answer [BRUNO]. */
  readonly id: string;
  readonly bankAccountId: string;
  readonly clientId: string;
  readonly status: StatementStatus;
  readonly receivedAt: number;
  readonly completedAt: number | undefined;
  readonly transactionCount: number;
  readonly reasons: readonly RuleViolation[];
  readonly firstTransactionId: number | undefined;
  readonly lastTransactionId: number | undefined;
}

type Mutable<T> = { -readonly [Key in keyof T]: T[Key] };

/**
 * Statements and their processing state. The payload is kept only while the statement is in flight, so stored
 * transactions are the only copy of the data once processing ends.
 */
export class StatementStore<Payload> {
  private readonly statements = new Map<string, Mutable<StatementRecord>>();
  private readonly payloads = new Map<string, Payload>();

  constructor(private readonly clock: Clock) {}

  create(input: { bankAccountId: string; clientId: string; transactionCount: number; payload: Payload }): StatementRecord {
    const record: Mutable<StatementRecord> = {
      id: randomUUID(),
      bankAccountId: input.bankAccountId,
      clientId: input.clientId,
      status: 'accepted',
      receivedAt: this.clock.now(),
      completedAt: undefined,
      transactionCount: input.transactionCount,
      reasons: [],
      firstTransactionId: undefined,
      lastTransactionId: undefined,
    };
    this.statements.set(record.id, record);
    this.payloads.set(record.id, input.payload);
    return record;
  }

  get(id: string): StatementRecord | undefined {
    return this.statements.get(id);
  }

  /** The account's statement that is accepted or processing: only one may be in flight [P-STMT] (R7). */
  inFlight(bankAccountId: string): StatementRecord | undefined {
    for (const record of this.statements.values()) {
      if (record.bankAccountId === bankAccountId && (record.status === 'accepted' || record.status === 'processing')) return record;
    }
    return undefined;
  }

  markProcessing(id: string): StatementRecord {
    const record = this.require(id, 'accepted');
    record.status = 'processing';
    return record;
  }

  payloadOf(id: string): Payload | undefined {
    return this.payloads.get(id);
  }

  complete(id: string, stored: { firstTransactionId: number | undefined; lastTransactionId: number | undefined }): StatementRecord {
    const record = this.require(id, 'processing');
    record.status = 'completed';
    record.completedAt = this.clock.now();
    record.firstTransactionId = stored.firstTransactionId;
    record.lastTransactionId = stored.lastTransactionId;
    this.payloads.delete(id);
    return record;
  }

  reject(id: string, reasons: readonly RuleViolation[]): StatementRecord {
    const record = this.require(id, 'processing');
    record.status = 'rejected';
    record.completedAt = this.clock.now();
    record.reasons = Object.freeze([...reasons]);
    this.payloads.delete(id);
    return record;
  }

  list(): readonly StatementRecord[] {
    return [...this.statements.values()];
  }

  private require(id: string, status: StatementStatus): Mutable<StatementRecord> {
    const record = this.statements.get(id);
    if (!record) throw new Error(`statement ${id} does not exist`);
    if (record.status !== status) throw new Error(`statement ${id} is ${record.status}, not ${status}`);
    return record;
  }
}
