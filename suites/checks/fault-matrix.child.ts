import { writeFileSync } from 'node:fs';
import { certifyReference } from '../../harness/run/certify-reference.ts';
import type { MatrixRun } from './fault-matrix.ts';

/**
 * TEST SUPPORT: one run of the detection matrix, in a process of its own (fault-matrix.test-support.ts starts it),
 * as `bsck certify` runs: the simulator times the connector's arrivals on an event loop that no other run's
 * judging or validation blocks, so runs side by side cannot bunch each other's requests (RES-06).
 * Usage: fault-matrix.child.ts '<MatrixRun as JSON>' <result file>
 */
const [spec, resultFile] = process.argv.slice(2);
if (spec === undefined || resultFile === undefined) throw new Error('usage: fault-matrix.child.ts <run as JSON> <result file>');
const { faults, simulator } = JSON.parse(spec) as MatrixRun;
const run = await certifyReference({ faults, ...(simulator ? { simulator } : {}) });
writeFileSync(resultFile, JSON.stringify({ verdicts: run.verdicts, evidence: { steps: run.evidence.steps } }));
