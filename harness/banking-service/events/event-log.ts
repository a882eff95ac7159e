import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Redactor } from '../../traffic/index.ts';
import type { Clock } from '../state/clock.ts';
import type { EventOfType, SimulatorEvent, SimulatorEventBody, SimulatorEventType } from './simulator-event.ts';

export class EventWaitTimeoutError extends Error {
  override readonly name = 'EventWaitTimeoutError';
}

export interface EventLogOptions {
  readonly clock: Clock;
  /** Applied to every event before it is stored or written: no secret reaches the events file. */
  readonly redactor?: Redactor;
  /** JSONL file written as events happen, so an interrupted run keeps what it saw. */
  readonly file?: string;
}

type Listener = (event: SimulatorEvent) => void;

/** Append-only, awaitable log of the simulator's state changes (the second half of the evidence besides traffic). */
export class EventLog {
  private readonly events: SimulatorEvent[] = [];
  private readonly listeners = new Set<Listener>();
  private fd: number | undefined;

  constructor(private readonly options: EventLogOptions) {
    if (options.file) {
      mkdirSync(dirname(options.file), { recursive: true });
      this.fd = openSync(options.file, 'w');
    }
  }

  append<Body extends SimulatorEventBody>(body: Body): SimulatorEvent {
    const redacted = (this.options.redactor ? this.options.redactor.redactValue(body) : body) as SimulatorEventBody;
    const event = Object.freeze({ ...redacted, seq: this.events.length + 1, at: new Date(this.options.clock.now()).toISOString() }) as SimulatorEvent;
    this.events.push(event);
    if (this.fd !== undefined) writeSync(this.fd, `${JSON.stringify(event)}\n`);
    for (const listener of [...this.listeners]) listener(event);
    return event;
  }

  all(): readonly SimulatorEvent[] {
    return this.events;
  }

  ofType<Type extends SimulatorEventType>(type: Type): EventOfType<Type>[] {
    return this.events.filter((event): event is EventOfType<Type> => event.type === type);
  }

  /** The sequence number of the newest event, for `waitFor(..., { after })`. */
  get lastSeq(): number {
    return this.events.length;
  }

  onEvent(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Resolves with the first event (already appended or still to come, after `after`) that matches, or rejects
   * after `timeoutMs` naming what was awaited. Checks and tests await state changes; they never sleep for them.
   */
  waitFor(predicate: (event: SimulatorEvent) => boolean, options: { timeoutMs: number; description: string; after?: number }): Promise<SimulatorEvent> {
    const after = options.after ?? 0;
    const existing = this.events.find((event) => event.seq > after && predicate(event));
    if (existing) return Promise.resolve(existing);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        unsubscribe();
        reject(new EventWaitTimeoutError(`timed out after ${options.timeoutMs} ms waiting for ${options.description}`));
      }, options.timeoutMs);
      const unsubscribe = this.onEvent((event) => {
        if (event.seq <= after || !predicate(event)) return;
        clearTimeout(timer);
        unsubscribe();
        resolve(event);
      });
    });
  }

  /** `waitFor` narrowed to one event type. */
  waitForType<Type extends SimulatorEventType>(
    type: Type,
    predicate: (event: EventOfType<Type>) => boolean,
    options: { timeoutMs: number; description: string; after?: number },
  ): Promise<EventOfType<Type>> {
    return this.waitFor((event) => event.type === type && predicate(event as EventOfType<Type>), options) as Promise<EventOfType<Type>>;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    this.listeners.clear();
  }
}
