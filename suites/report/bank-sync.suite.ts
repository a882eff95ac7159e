import { defineFlowSuite } from './flow-suite.ts';

defineFlowSuite('bank-sync');
