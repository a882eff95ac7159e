import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { EventLog } from '../../harness/banking-service/events/event-log.ts';
import { EventWaitTimeoutError } from '../../harness/banking-service/events/event-log.ts';
import type { TrafficLog } from '../../harness/traffic/index.ts';
import { WaitTimeoutError } from '../../harness/traffic/index.ts';
import type { Flow as FlowId } from '../requirements/index.ts';
import type { StepHandle } from './flow-driver.ts';
import { CandidateFailure, type FlowStepRecord, type StepStatus } from './flow-step.ts';

/** Records every flow step with the traffic and event ranges it covered; optionally as JSONL for the bundle. */
export class StepRecorder {
  private readonly records: FlowStepRecord[] = [];
  private readonly fd: number | undefined;

  constructor(private readonly options: { readonly traffic: TrafficLog; readonly events: EventLog; readonly file?: string; readonly onStep?: (step: FlowStepRecord) => void }) {
    if (options.file) {
      mkdirSync(dirname(options.file), { recursive: true });
      this.fd = openSync(options.file, 'w');
    }
  }

  all(): readonly FlowStepRecord[] {
    return this.records;
  }

  async run<T>(flow: FlowId, name: string, action: (handle: StepHandle) => Promise<T>): Promise<T | undefined> {
    const data: Record<string, string> = {};
    const started = performance.now();
    const startedAt = new Date().toISOString();
    const afterExchange = this.options.traffic.all().length;
    const afterEvent = this.options.events.lastSeq;
    let status: StepStatus = 'ok';
    let message = 'done';
    let result: T | undefined;
    try {
      result = await action({ note: (key, value) => { data[key] = value; } });
    } catch (error) {
      // A wait that timed out was waiting for the candidate to act: that is the candidate's failure.
      const candidate = error instanceof CandidateFailure || error instanceof WaitTimeoutError || error instanceof EventWaitTimeoutError;
      status = candidate ? 'candidate-failed' : 'kit-error';
      message = (error as Error).message;
    }
    this.write({ flow, step: name, status, message, startedAt, durationMs: performance.now() - started, afterExchange, afterEvent, data });
    return status === 'ok' ? result : undefined;
  }

  skip(flow: FlowId, name: string, reason: string): void {
    const afterExchange = this.options.traffic.all().length;
    const afterEvent = this.options.events.lastSeq;
    this.write({ flow, step: name, status: 'skipped', message: reason, startedAt: new Date().toISOString(), durationMs: 0, afterExchange, afterEvent, data: {} });
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
  }

  private write(partial: Omit<FlowStepRecord, 'seq' | 'lastExchange' | 'lastEvent'>): void {
    const record: FlowStepRecord = Object.freeze({
      ...partial,
      seq: this.records.length + 1,
      durationMs: Math.round(partial.durationMs * 1000) / 1000,
      lastExchange: this.options.traffic.all().length,
      lastEvent: this.options.events.lastSeq,
    });
    this.records.push(record);
    if (this.fd !== undefined) writeSync(this.fd, `${JSON.stringify(record)}\n`);
    this.options.onStep?.(record);
  }
}
