import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export interface JsonlFile {
  /** Appends one record as a line; after close it does nothing. */
  write(value: unknown): void;
  close(): void;
}

/**
 * A JSONL file written record by record, so an interrupted run keeps what it saw, and that ignores writes after it
 * is closed: when a run is interrupted, a request still in flight finishes after the run closed its files, and
 * recording it must not throw (an EBADF there is an uncaught exception that kills the process before the reports).
 */
export function openJsonlFile(file: string): JsonlFile {
  mkdirSync(dirname(file), { recursive: true });
  let fd: number | undefined = openSync(file, 'w');
  return {
    write(value) {
      if (fd !== undefined) writeSync(fd, `${JSON.stringify(value)}\n`);
    },
    close() {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}
