import type { Check } from './check.ts';
import { stmt01, stmt02, stmt03, stmt09 } from './stmt-identity.ts';
import { stmt04, stmt05, stmt06, stmt07 } from './stmt-history.ts';
import { stmt08, stmt10, stmt15, stmt16, stmt17, stmt18, stmt19 } from './stmt-content.ts';
import { stmt11, stmt12 } from './stmt-balances.ts';
import { stmt13, stmt14 } from './stmt-sequencing.ts';

/**
 * Checks of the posting requirements, by requirement id. Each reads the candidate's own POST /v1/statements
 * bodies (statement-queries.ts) — also where the simulated Banking Service does not judge — and what Banking
 * Service made of them (answers, completions, rejections, account status).
 */
export const POSTING_CHECKS: Readonly<Record<string, Check>> = Object.freeze({
  'STMT-01': stmt01,
  'STMT-02': stmt02,
  'STMT-03': stmt03,
  'STMT-04': stmt04,
  'STMT-05': stmt05,
  'STMT-06': stmt06,
  'STMT-07': stmt07,
  'STMT-08': stmt08,
  'STMT-09': stmt09,
  'STMT-10': stmt10,
  'STMT-11': stmt11,
  'STMT-12': stmt12,
  'STMT-13': stmt13,
  'STMT-14': stmt14,
  'STMT-15': stmt15,
  'STMT-16': stmt16,
  'STMT-17': stmt17,
  'STMT-18': stmt18,
  'STMT-19': stmt19,
});
